// In-memory data of the fake GitLab: groups, projects, milestones, issues, notes, users.

export interface FakeUser {
  id: number;
  username: string;
  name: string;
}

export interface FakeMilestone {
  id: number;
  iid: number;
  title: string;
  group_id?: number;
  project_id?: number;
  start_date: string | null;
  due_date: string | null;
  state: string;
  web_url: string;
}

export interface FakeIssue {
  id: number;
  iid: number;
  project_id: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed';
  labels: string[];
  confidential: boolean;
  weight: number | null;
  assignees: FakeUser[];
  author: FakeUser;
  milestone: FakeMilestone | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  web_url: string;
  references: { short: string; relative: string; full: string };
  due_date?: string | null;
  discussion_locked?: boolean;
}

export interface FakeNote {
  id: number;
  body: string;
  author: FakeUser;
  created_at: string;
  system: boolean;
  noteable_iid: number;
  project_id: number;
  internal?: boolean;
}

export interface FakeGroup {
  id: number;
  full_path: string;
}

export interface FakeProject {
  id: number;
  path_with_namespace: string;
}

export interface FakeMergeRequest {
  id: number;
  iid: number;
  project_id: number;
  title: string;
  state: 'opened' | 'closed' | 'merged';
  author: FakeUser;
  web_url: string;
}

export type IssueSeed = Partial<FakeIssue> & { title: string };

export const BOT_USER: FakeUser = { id: 1, username: 'prodsec-bot', name: 'ProdSec Bot' };

/** The scope of a scoped label (`a::b::c` → `a::b`), or null for a plain label. */
export function labelScope(label: string): string | null {
  const at = label.lastIndexOf('::');
  return at > 0 ? label.slice(0, at) : null;
}

/** Adds labels one by one; a scoped label replaces any label of the same scope. */
export function addLabels(existing: readonly string[], added: readonly string[]): string[] {
  let out = [...existing];
  for (const raw of added) {
    const label = raw.trim();
    if (!label) continue;
    const scope = labelScope(label);
    out = out.filter((l) => l !== label && (scope === null || labelScope(l) !== scope));
    out.push(label);
  }
  return out.sort((a, b) => a.localeCompare(b));
}

export function parseLabelList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v.map(String) : String(v).split(',');
  return items.map((s) => s.trim()).filter((s) => s.length > 0);
}

function lower(s: string): string {
  return s.toLowerCase();
}

interface ProjectIssues {
  list: FakeIssue[];
  byIid: Map<number, FakeIssue>;
  nextIid: number;
}

export class GitLabStore {
  readonly groups = new Map<number, FakeGroup>();
  readonly projects = new Map<number, FakeProject>();
  readonly milestones = new Map<number, FakeMilestone>();
  readonly users = new Map<number, FakeUser>();
  /** Users' own emails: only `GET /user` with their token shows them. */
  readonly emails = new Map<number, string>();
  /** Project id → user id → access level (10 guest, 15 planner, 20 reporter, 30 developer, ...). */
  readonly members = new Map<number, Map<number, number>>();
  /** Project id → visibility; absent: private. */
  readonly visibility = new Map<number, 'private' | 'internal' | 'public'>();
  /** `${projectId}!${iid}` → merge request. */
  readonly mergeRequests = new Map<string, FakeMergeRequest>();
  private readonly issuesOf = new Map<number, ProjectIssues>();
  private readonly notesOf = new Map<string, FakeNote[]>();
  private nextId = { group: 100, project: 1000, issue: 1, note: 1, milestone: 1, user: 1000 };
  private milestoneIidOf = new Map<number, number>();

  constructor(
    readonly baseUrl: string,
    readonly now: () => string,
  ) {
    this.users.set(BOT_USER.id, BOT_USER);
  }

  clear(): void {
    this.groups.clear();
    this.projects.clear();
    this.milestones.clear();
    this.users.clear();
    this.users.set(BOT_USER.id, BOT_USER);
    this.emails.clear();
    this.members.clear();
    this.visibility.clear();
    this.mergeRequests.clear();
    this.issuesOf.clear();
    this.notesOf.clear();
    this.milestoneIidOf.clear();
    this.nextId = { group: 100, project: 1000, issue: 1, note: 1, milestone: 1, user: 1000 };
  }

  addGroup(g: { id?: number; full_path: string }): FakeGroup {
    const existing = this.findGroup(g.full_path);
    if (existing) return existing;
    const id = g.id ?? this.nextId.group++;
    this.nextId.group = Math.max(this.nextId.group, id + 1);
    const group = { id, full_path: g.full_path };
    this.groups.set(id, group);
    return group;
  }

  addProject(p: { id?: number; path_with_namespace: string; group?: string }): FakeProject {
    const existing = this.findProject(p.path_with_namespace);
    if (existing) return existing;
    const ns = p.group ?? p.path_with_namespace.split('/').slice(0, -1).join('/');
    if (ns) this.addGroup({ full_path: ns });
    const id = p.id ?? this.nextId.project++;
    this.nextId.project = Math.max(this.nextId.project, id + 1);
    const project = { id, path_with_namespace: p.path_with_namespace };
    this.projects.set(id, project);
    this.issuesOf.set(id, { list: [], byIid: new Map(), nextIid: 1 });
    return project;
  }

  addUser(u: { id?: number; username: string; name?: string; email?: string }): FakeUser {
    const found = this.userByName(u.username);
    if (found) {
      if (u.email !== undefined) this.emails.set(found.id, u.email);
      return found;
    }
    const id = u.id ?? this.nextId.user++;
    this.nextId.user = Math.max(this.nextId.user, id + 1);
    const user = { id, username: u.username, name: u.name ?? u.username };
    this.users.set(id, user);
    if (u.email !== undefined) this.emails.set(id, u.email);
    return user;
  }

  addMember(project: FakeProject, user: FakeUser, level: number): void {
    let m = this.members.get(project.id);
    if (!m) {
      m = new Map();
      this.members.set(project.id, m);
    }
    m.set(user.id, level);
  }

  accessLevel(project: FakeProject, user: FakeUser): number {
    return this.members.get(project.id)?.get(user.id) ?? 0;
  }

  /** As GitLab: private projects are for members; internal and public ones for any signed-in user. */
  canSeeProject(user: FakeUser, project: FakeProject): boolean {
    return (
      (this.visibility.get(project.id) ?? 'private') !== 'private' || this.accessLevel(project, user) > 0
    );
  }

  /** Confidential issues: members with Planner/Reporter or more, the author and the assignees. */
  canReadIssue(user: FakeUser, issue: FakeIssue): boolean {
    const project = this.projects.get(issue.project_id);
    if (!project || !this.canSeeProject(user, project)) return false;
    if (!issue.confidential) return true;
    return (
      this.accessLevel(project, user) >= 15 ||
      issue.author.id === user.id ||
      issue.assignees.some((a) => a.id === user.id)
    );
  }

  addMergeRequest(
    project: FakeProject,
    mr: { iid: number; title?: string; state?: FakeMergeRequest['state'] },
  ) {
    const made: FakeMergeRequest = {
      id: 50_000 + this.mergeRequests.size,
      iid: mr.iid,
      project_id: project.id,
      title: mr.title ?? `MR ${mr.iid}`,
      state: mr.state ?? 'opened',
      author: BOT_USER,
      web_url: `${this.baseUrl}/${project.path_with_namespace}/-/merge_requests/${mr.iid}`,
    };
    this.mergeRequests.set(`${project.id}!${mr.iid}`, made);
    return made;
  }

  userByName(username: string): FakeUser | undefined {
    for (const u of this.users.values()) if (lower(u.username) === lower(username)) return u;
    return undefined;
  }

  userById(id: number): FakeUser {
    return this.users.get(id) ?? this.addUser({ id, username: `user${id}`, name: `User ${id}` });
  }

  findGroup(ref: number | string): FakeGroup | undefined {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return this.groups.get(Number(ref));
    for (const g of this.groups.values()) if (lower(g.full_path) === lower(ref)) return g;
    return undefined;
  }

  findProject(ref: number | string): FakeProject | undefined {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return this.projects.get(Number(ref));
    for (const p of this.projects.values()) if (lower(p.path_with_namespace) === lower(ref)) return p;
    return undefined;
  }

  /** The project, created on the fly when given by path (convenient for seeding). */
  projectForSeed(ref: number | string): FakeProject {
    const found = this.findProject(ref);
    if (found) return found;
    if (typeof ref === 'number' || /^\d+$/.test(ref)) throw new Error(`fake GitLab: no project ${ref}`);
    return this.addProject({ path_with_namespace: ref });
  }

  groupOfProject(p: FakeProject): FakeGroup | undefined {
    const path = lower(p.path_with_namespace);
    let best: FakeGroup | undefined;
    for (const g of this.groups.values()) {
      if (
        path.startsWith(`${lower(g.full_path)}/`) &&
        (!best || g.full_path.length > best.full_path.length)
      ) {
        best = g;
      }
    }
    return best;
  }

  projectsInGroup(g: FakeGroup): FakeProject[] {
    const prefix = `${lower(g.full_path)}/`;
    return [...this.projects.values()].filter((p) => lower(p.path_with_namespace).startsWith(prefix));
  }

  addMilestone(
    groupPath: string,
    m: { title: string; start_date: string | null; due_date: string | null; state?: 'active' | 'closed' },
  ): FakeMilestone {
    const group = this.addGroup({ full_path: groupPath });
    const iid = (this.milestoneIidOf.get(group.id) ?? 0) + 1;
    this.milestoneIidOf.set(group.id, iid);
    const milestone: FakeMilestone = {
      id: this.nextId.milestone++,
      iid,
      title: m.title,
      group_id: group.id,
      start_date: m.start_date,
      due_date: m.due_date,
      state: m.state ?? 'active',
      web_url: `${this.baseUrl}/groups/${group.full_path}/-/milestones/${iid}`,
    };
    this.milestones.set(milestone.id, milestone);
    return milestone;
  }

  milestonesOfGroup(g: FakeGroup): FakeMilestone[] {
    return [...this.milestones.values()].filter((m) => m.group_id === g.id);
  }

  milestoneForProject(p: FakeProject, title: string): FakeMilestone | undefined {
    const path = lower(p.path_with_namespace);
    for (const m of this.milestones.values()) {
      const g = m.group_id === undefined ? undefined : this.groups.get(m.group_id);
      if (m.title === title && g && path.startsWith(`${lower(g.full_path)}/`)) return m;
    }
    return undefined;
  }

  createIssue(project: FakeProject, seed: IssueSeed): FakeIssue {
    const bucket = this.issuesOf.get(project.id)!;
    const iid = seed.iid ?? bucket.nextIid;
    bucket.nextIid = Math.max(bucket.nextIid, iid + 1);
    const id = seed.id ?? this.nextId.issue;
    this.nextId.issue = Math.max(this.nextId.issue, id + 1);
    const now = seed.created_at ?? this.now();
    const path = project.path_with_namespace;
    const issue: FakeIssue = {
      description: null,
      state: 'opened',
      confidential: false,
      weight: null,
      assignees: [],
      author: BOT_USER,
      milestone: null,
      updated_at: now,
      closed_at: null,
      due_date: null,
      discussion_locked: false,
      ...seed,
      labels: addLabels([], seed.labels ?? []),
      id,
      iid,
      project_id: project.id,
      created_at: now,
      web_url: `${this.baseUrl}/${path}/-/issues/${iid}`,
      references: { short: `#${iid}`, relative: `#${iid}`, full: `${path}#${iid}` },
    };
    if (issue.state === 'closed' && !issue.closed_at) issue.closed_at = issue.updated_at;
    const old = bucket.byIid.get(iid);
    if (old) bucket.list.splice(bucket.list.indexOf(old), 1);
    bucket.list.push(issue);
    bucket.byIid.set(iid, issue);
    return issue;
  }

  issue(project: FakeProject, iid: number): FakeIssue | undefined {
    return this.issuesOf.get(project.id)?.byIid.get(iid);
  }

  issuesOfProject(project: FakeProject): FakeIssue[] {
    return this.issuesOf.get(project.id)?.list ?? [];
  }

  allIssues(): FakeIssue[] {
    return [...this.issuesOf.values()].flatMap((b) => b.list);
  }

  notes(project: FakeProject, iid: number): FakeNote[] {
    const key = `${project.id}:${iid}`;
    let list = this.notesOf.get(key);
    if (!list) {
      list = [];
      this.notesOf.set(key, list);
    }
    return list;
  }

  addNote(issue: FakeIssue, body: string, internal: boolean, author: FakeUser = BOT_USER): FakeNote {
    const note: FakeNote = {
      id: this.nextId.note++,
      body,
      author,
      created_at: this.now(),
      system: false,
      noteable_iid: issue.iid,
      project_id: issue.project_id,
      internal,
    };
    this.notes(this.projects.get(issue.project_id)!, issue.iid).push(note);
    return note;
  }
}

export type Query = Record<string, string | string[]>;

function one(q: Query, key: string): string | undefined {
  const v = q[key];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function labelsParam(q: Query, key: string): string[] | undefined {
  const v = q[key];
  if (v === undefined) return undefined;
  return parseLabelList(v);
}

function time(s: string | null | undefined): number {
  return s ? Date.parse(s) : Number.NaN;
}

function hasAll(labels: readonly string[], wanted: readonly string[]): boolean {
  const set = new Set(labels.map(lower));
  return wanted.every((w) => set.has(lower(w)));
}

function hasAny(labels: readonly string[], wanted: readonly string[]): boolean {
  const set = new Set(labels.map(lower));
  return wanted.some((w) => set.has(lower(w)));
}

/** GitLab's issue-list filters and ordering. */
export function filterIssues(all: readonly FakeIssue[], q: Query, defaultScope = 'all'): FakeIssue[] {
  const state = one(q, 'state') ?? 'all';
  const labels = labelsParam(q, 'labels');
  const notLabels = labelsParam(q, 'not[labels]');
  const search = one(q, 'search')?.toLowerCase();
  const searchIn = (one(q, 'in') ?? 'title,description').split(',').map((s) => s.trim());
  const milestone = one(q, 'milestone') ?? one(q, 'milestone_title');
  const iidsRaw = q.iids ?? q['iids[]'];
  const iids = iidsRaw === undefined ? undefined : new Set([iidsRaw].flat().map(Number));
  const scope = one(q, 'scope') ?? defaultScope;
  const after = {
    updated: time(one(q, 'updated_after')),
    created: time(one(q, 'created_after')),
  };
  const before = {
    updated: time(one(q, 'updated_before')),
    created: time(one(q, 'created_before')),
  };
  const confidential = one(q, 'confidential');
  const assigneeUsername = q.assignee_username ?? q['assignee_username[]'];
  const assigneeId = one(q, 'assignee_id');
  const authorUsername = one(q, 'author_username');
  const weight = one(q, 'weight');

  const out = all.filter((i) => {
    if (state !== 'all' && i.state !== state) return false;
    if (labels && labels.length > 0) {
      if (labels.length === 1 && labels[0] === 'None') {
        if (i.labels.length > 0) return false;
      } else if (labels.length === 1 && labels[0] === 'Any') {
        if (i.labels.length === 0) return false;
      } else if (!hasAll(i.labels, labels)) return false;
    }
    if (notLabels && notLabels.length > 0 && hasAny(i.labels, notLabels)) return false;
    if (search) {
      const inTitle = searchIn.includes('title') && i.title.toLowerCase().includes(search);
      const inDesc = searchIn.includes('description') && (i.description ?? '').toLowerCase().includes(search);
      if (!inTitle && !inDesc) return false;
    }
    if (milestone !== undefined) {
      if (milestone === 'None') {
        if (i.milestone) return false;
      } else if (milestone === 'Any') {
        if (!i.milestone) return false;
      } else if (i.milestone?.title !== milestone) return false;
    }
    if (iids && !iids.has(i.iid)) return false;
    if (scope === 'created_by_me' && i.author.id !== BOT_USER.id) return false;
    if (scope === 'assigned_to_me' && !i.assignees.some((a) => a.id === BOT_USER.id)) return false;
    if (!Number.isNaN(after.updated) && !(time(i.updated_at) >= after.updated)) return false;
    if (!Number.isNaN(after.created) && !(time(i.created_at) >= after.created)) return false;
    if (!Number.isNaN(before.updated) && !(time(i.updated_at) <= before.updated)) return false;
    if (!Number.isNaN(before.created) && !(time(i.created_at) <= before.created)) return false;
    if (confidential !== undefined && i.confidential !== (confidential === 'true')) return false;
    if (assigneeUsername !== undefined) {
      const names = [assigneeUsername].flat().map(lower);
      if (!names.every((n) => i.assignees.some((a) => lower(a.username) === n))) return false;
    }
    if (assigneeId === 'None' && i.assignees.length > 0) return false;
    if (assigneeId === 'Any' && i.assignees.length === 0) return false;
    if (assigneeId && /^\d+$/.test(assigneeId) && !i.assignees.some((a) => a.id === Number(assigneeId))) {
      return false;
    }
    if (authorUsername && lower(i.author.username) !== lower(authorUsername)) return false;
    if (weight === 'None' && i.weight !== null) return false;
    if (weight === 'Any' && i.weight === null) return false;
    if (weight && /^\d+$/.test(weight) && i.weight !== Number(weight)) return false;
    return true;
  });
  return sortByTime(out, one(q, 'order_by') ?? 'created_at', one(q, 'sort') ?? 'desc');
}

export function sortByTime<T extends { id: number }>(items: T[], orderBy: string, sort: string): T[] {
  const field = (orderBy === 'updated_at' ? 'updated_at' : 'created_at') as keyof T;
  const dir = sort === 'asc' ? 1 : -1;
  const keyed = items.map((it) => ({ it, t: time(it[field] as string) || 0 }));
  keyed.sort((a, b) => (a.t - b.t || a.it.id - b.it.id) * dir);
  return keyed.map((k) => k.it);
}

export function filterMilestones(all: readonly FakeMilestone[], q: Query): FakeMilestone[] {
  const state = one(q, 'state');
  const title = one(q, 'title');
  const search = one(q, 'search')?.toLowerCase();
  const iids = q.iids ?? q['iids[]'];
  const iidSet = iids === undefined ? undefined : new Set([iids].flat().map(Number));
  return all
    .filter(
      (m) =>
        (!state || m.state === state) &&
        (title === undefined || m.title === title) &&
        (!search || m.title.toLowerCase().includes(search)) &&
        (!iidSet || iidSet.has(m.iid)),
    )
    .sort((a, b) => b.id - a.id);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}
export function parseQuery(params: URLSearchParams): Query {
  const out: Query = {};
  for (const [rawKey, value] of params) {
    const isArray = rawKey.endsWith('[]');
    const key = isArray ? rawKey.slice(0, -2) : rawKey;
    const prev = out[key];
    if (prev === undefined) out[key] = isArray ? [value] : value;
    else out[key] = [prev, value].flat();
  }
  return out;
}
export function bool(v: unknown): boolean {
  return v === true || v === 'true' || v === 1 || v === '1';
}

export function ids(v: unknown): number[] {
  if (v === undefined || v === null || v === '') return [];
  const list = Array.isArray(v) ? v : String(v).split(',');
  return list.map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

export function userJson(base: string, u: FakeUser) {
  return { ...u, state: 'active', avatar_url: null, web_url: `${base}/${u.username}` };
}

// JSON views: what GitLab answers for each object.
export function projectJson(store: GitLabStore, p: FakeProject) {
  const parts = p.path_with_namespace.split('/');
  const g = store.groupOfProject(p);
  return {
    id: p.id,
    name: parts[parts.length - 1],
    path: parts[parts.length - 1],
    path_with_namespace: p.path_with_namespace,
    name_with_namespace: parts.join(' / '),
    web_url: `${store.baseUrl}/${p.path_with_namespace}`,
    default_branch: 'main',
    visibility: store.visibility.get(p.id) ?? 'private',
    issues_enabled: true,
    namespace: g
      ? { id: g.id, full_path: g.full_path, kind: 'group', path: g.full_path.split('/').pop() }
      : null,
  };
}

export function groupJson(store: GitLabStore, g: FakeGroup) {
  const name = g.full_path.split('/').pop();
  return {
    id: g.id,
    name,
    path: name,
    full_path: g.full_path,
    full_name: g.full_path,
    web_url: `${store.baseUrl}/groups/${g.full_path}`,
  };
}

export function issueJson(store: GitLabStore, i: FakeIssue) {
  const project = store.projects.get(i.project_id)!;
  const self = `${store.baseUrl}/api/v4/projects/${i.project_id}/issues/${i.iid}`;
  return {
    ...i,
    type: 'ISSUE',
    issue_type: 'issue',
    author: userJson(store.baseUrl, i.author),
    assignees: i.assignees.map((a) => userJson(store.baseUrl, a)),
    assignee: i.assignees[0] ? userJson(store.baseUrl, i.assignees[0]) : null,
    closed_by: i.state === 'closed' ? userJson(store.baseUrl, BOT_USER) : null,
    due_date: i.due_date ?? null,
    discussion_locked: i.discussion_locked ?? false,
    user_notes_count: store.notes(project, i.iid).filter((n) => !n.system).length,
    upvotes: 0,
    downvotes: 0,
    merge_requests_count: 0,
    moved_to_id: null,
    has_tasks: false,
    task_completion_status: { count: 0, completed_count: 0 },
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    _links: {
      self,
      notes: `${self}/notes`,
      award_emoji: `${self}/award_emoji`,
      project: `${store.baseUrl}/api/v4/projects/${i.project_id}`,
    },
  };
}

export function noteJson(store: GitLabStore, n: FakeNote) {
  const issue = store.issue(store.projects.get(n.project_id)!, n.noteable_iid);
  return {
    ...n,
    type: null,
    attachment: null,
    author: userJson(store.baseUrl, n.author),
    updated_at: n.created_at,
    noteable_id: issue?.id,
    noteable_type: 'Issue',
    resolvable: false,
    confidential: n.internal ?? false,
    internal: n.internal ?? false,
  };
}
