// A local stand-in for the GitLab REST API v4, for end-to-end tests. Only node:http.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { liveMentions } from './gitlab-mentions.js';
import { FakeOAuth } from './gitlab-oauth.js';
import {
  applyIssueParams,
  applyQuickActions,
  type ExecutedQuickAction,
  extractQuickActions,
  validateIssueParams,
} from './gitlab-quick-actions.js';
import {
  addLabels,
  BOT_USER,
  bool,
  type FakeGroup,
  type FakeIssue,
  type FakeNote,
  type FakeProject,
  type FakeUser,
  filterIssues,
  filterMilestones,
  GitLabStore,
  groupJson,
  HttpError,
  type IssueSeed,
  issueJson,
  noteJson,
  parseQuery,
  projectJson,
  type Query,
  sortByTime,
  userJson,
} from './gitlab-store.js';

export type { FakeIssue, FakeMilestone, FakeNote, FakeUser } from './gitlab-store.js';

export interface GitLabCall {
  method: string;
  /** The raw pathname as sent, e.g. `/api/v4/projects/group%2Fproject/issues`. */
  path: string;
  query: Record<string, string | string[]>;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are whatever the client sent
  body: any;
  /** 0 while in flight, and for dropped connections. */
  status: number;
  at: number;
  /** Whose token made the call: a person's GitLab username, 'bot' for the bot's token; unset when refused. */
  user?: string;
}

export type GitLabFault =
  | { status: number; retryAfter?: number; body?: unknown }
  | { stallMs: number }
  | { afterCommit: { status: number } }
  | { dropConnection: true };

export interface ChaosOptions {
  seed: number;
  failRate?: number;
  rateLimitRate?: number;
  stallRate?: number;
  stallMs?: number;
  afterCommitRate?: number;
}

/** A change to an issue in the fake, as GitLab would announce it to its webhooks. */
export type FakeChange =
  | {
      kind: 'issue';
      action: 'open' | 'update' | 'close' | 'reopen';
      issue: FakeIssue;
      previous: { labels: string[]; state: 'opened' | 'closed' } | null;
      user: FakeUser;
    }
  | { kind: 'note'; issue: FakeIssue; note: FakeNote; user: FakeUser };

export interface FakeGitLab {
  url: string;
  /** Called after every change to an issue (API writes by the bot, and editIssue/comment by people). */
  onChange(listener: (change: FakeChange) => void): () => void;
  /** A person changes an issue in GitLab's UI. */
  editIssue(
    project: number | string,
    iid: number,
    change: { addLabels?: string[]; removeLabels?: string[]; state?: 'opened' | 'closed' },
    by: string,
  ): FakeIssue;
  /** A person comments on an issue in GitLab's UI. */
  comment(
    project: number | string,
    iid: number,
    body: string,
    by: string,
    opts?: { internal?: boolean },
  ): FakeNote;
  token: string;
  calls: GitLabCall[];
  callsMatching(method: string, pathRegex: RegExp): GitLabCall[];
  addGroup(g: { id?: number; full_path: string }): { id: number; full_path: string };
  addProject(p: { id?: number; path_with_namespace: string; group?: string }): {
    id: number;
    path_with_namespace: string;
  };
  addUser(u: { id?: number; username: string; name?: string; email?: string }): FakeUser;
  /** Makes a user a member of a project (10 guest, 15 planner, 20 reporter, 30 developer, 40 maintainer). */
  addMember(project: number | string, username: string, level: number): void;
  setVisibility(project: number | string, visibility: 'private' | 'internal' | 'public'): void;
  /** The OAuth provider: sign a browser user in, shorten token lifetimes, revoke grants. */
  oauth: FakeOAuth;
  addMilestone(
    groupPath: string,
    m: { title: string; start_date: string | null; due_date: string | null; state?: 'active' | 'closed' },
  ): FakeIssue['milestone'];
  seedIssue(project: number | string, partial: IssueSeed): FakeIssue;
  /** A merge request (readable by whoever can see its project, as GitLab does). */
  seedMergeRequest(
    project: number | string,
    mr: { iid: number; title?: string; state?: 'opened' | 'closed' | 'merged' },
  ): { iid: number; web_url: string };
  seedIssues(project: number | string, n: number, make: (i: number) => IssueSeed): void;
  issue(project: number | string, iid: number): FakeIssue | undefined;
  issues(project?: number | string): FakeIssue[];
  notes(project: number | string, iid: number): FakeNote[];
  quickActionsExecuted: ExecutedQuickAction[];
  /** Who each created description or note would notify in GitLab (live `@name` outside code). */
  mentions: Array<{ issue: string; names: string[] }>;
  forbiddenProjects: Set<string | number>;
  failNext(matcher: { method?: string; path?: RegExp }, fault: GitLabFault, times?: number): void;
  setLatency(ms: number): void;
  setDown(down: boolean): void;
  chaos(opts: ChaosOptions | null): void;
  reset(): void;
  clear(): void;
  close(): Promise<void>;
}

export interface FakeGitLabOptions {
  token?: string;
  /** Above this many results, x-total, x-total-pages and rel="last" are omitted (GitLab: 10,000). */
  omitTotalsAbove?: number;
  /** The clock used for created_at/updated_at/closed_at (default: the real one). */
  now?: () => Date;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return parseQuery(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return parseQuery(new URLSearchParams(raw));
  }
}

export async function startFakeGitLab(opts: FakeGitLabOptions = {}): Promise<FakeGitLab> {
  const token = opts.token ?? 'glpat-test-token';
  const omitTotalsAbove = opts.omitTotalsAbove ?? 10_000;
  const clock = opts.now ?? (() => new Date());
  const calls: GitLabCall[] = [];
  const quickActionsExecuted: ExecutedQuickAction[] = [];
  const mentions: Array<{ issue: string; names: string[] }> = [];
  const recordMentions = (issue: FakeIssue, markdown: string) => {
    const names = liveMentions(markdown);
    const path = store.projects.get(issue.project_id)?.path_with_namespace ?? String(issue.project_id);
    if (names.length > 0) mentions.push({ issue: `${path}#${issue.iid}`, names });
  };
  const forbiddenProjects = new Set<string | number>();
  let faults: Array<{ method?: string; path?: RegExp; fault: GitLabFault; remaining: number }> = [];
  let latencyMs = 0;
  let down = false;
  let chaosState: { rand: () => number; opts: ChaosOptions } | null = null;
  const timers = new Set<NodeJS.Timeout>();
  const changeListeners = new Set<(change: FakeChange) => void>();
  const announce = (change: FakeChange) => {
    for (const l of changeListeners) l(change);
  };
  const snapshot = (i: FakeIssue) => ({ labels: [...i.labels], state: i.state });
  const actionOf = (before: { state: string }, i: FakeIssue) =>
    before.state === i.state ? 'update' : i.state === 'closed' ? 'close' : 'reopen';
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, { status: 500, body: { message: `500 fake GitLab error: ${String(err)}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = new GitLabStore(url, () => clock().toISOString());
  const oauth = new FakeOAuth(store, () => clock().getTime());

  const pathMatches = (re: RegExp, path: string) => {
    re.lastIndex = 0;
    if (re.test(path)) return true;
    re.lastIndex = 0;
    try {
      return re.test(decodeURIComponent(path));
    } catch {
      return false;
    }
  };

  function isForbidden(ref: string | number, resolved?: { id: number; path: string }): boolean {
    for (const f of forbiddenProjects) {
      const s = String(f).toLowerCase();
      if (s === String(ref).toLowerCase()) return true;
      if (resolved && (s === String(resolved.id) || s === resolved.path.toLowerCase())) return true;
    }
    return false;
  }

  function send(res: ServerResponse, reply: Reply): void {
    if (res.destroyed || res.writableEnded) return;
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
    res.writeHead(reply.status, {
      'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
      ...reply.headers,
    });
    res.end(text);
  }

  function pickFault(method: string, path: string): GitLabFault | undefined {
    for (const f of faults) {
      if (f.remaining <= 0) continue;
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (f.path && !pathMatches(f.path, path)) continue;
      f.remaining -= 1;
      faults = faults.filter((x) => x.remaining > 0);
      return f.fault;
    }
    if (!chaosState) return undefined;
    const { rand, opts: c } = chaosState;
    const r = rand();
    let edge = c.failRate ?? 0;
    if (r < edge) return { status: [500, 502, 503][Math.floor(rand() * 3)]! };
    edge += c.rateLimitRate ?? 0;
    if (r < edge) return { status: 429 };
    edge += c.stallRate ?? 0;
    if (r < edge) return { stallMs: c.stallMs ?? 1000 };
    edge += c.afterCommitRate ?? 0;
    if (r < edge) return { afterCommit: { status: 502 } };
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const u = new URL(req.url ?? '/', url);
    const method = (req.method ?? 'GET').toUpperCase();
    const query = parseQuery(u.searchParams);
    const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
    const call: GitLabCall = { method, path: u.pathname, query, body, status: 0, at: Date.now() };
    calls.push(call);
    const reply = (r: Reply) => {
      call.status = r.status;
      send(res, r);
    };

    if (latencyMs > 0) await sleep(latencyMs);
    if (down) return reply({ status: 503, body: { message: '503 Service Unavailable' } });
    const fault = pickFault(method, u.pathname);
    if (fault && 'dropConnection' in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && 'stallMs' in fault) await sleep(fault.stallMs);
    if (fault && 'status' in fault) {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      const text = STATUS_TEXT[fault.status] ?? 'Error';
      return reply({
        status: fault.status,
        headers,
        body: fault.body ?? { message: `${fault.status} ${text}` },
      });
    }

    const oauthReply = oauth.handle(method, u.pathname, { ...query, ...body });
    if (oauthReply) return reply(oauthReply);

    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    // The bot's token sees everything, as before; a person's OAuth token sees what they may see.
    let viewer: FakeUser | null = null;
    if (req.headers['private-token'] !== token && bearer !== token) {
      const person = bearer === undefined ? undefined : oauth.userFor(bearer);
      if (!person) return reply({ status: 401, body: { message: '401 Unauthorized' } });
      viewer = person;
    }
    call.user = viewer?.username ?? 'bot';

    let result: Reply;
    try {
      result = route(method, u, query, { ...query, ...body }, viewer);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      result = { status: err.status, body: err.payload };
    }
    if (fault && 'afterCommit' in fault) {
      const status = fault.afterCommit.status;
      return reply({ status, body: { message: `${status} ${STATUS_TEXT[status] ?? 'Error'}` } });
    }
    return reply(result);
  }

  function projectRef(ref: string, viewer: FakeUser | null = null): FakeProject {
    if (isForbidden(ref)) throw new HttpError(403, { message: '403 Forbidden' });
    const p = store.findProject(ref);
    if (!p || (viewer && !store.canSeeProject(viewer, p))) {
      throw new HttpError(404, { message: '404 Project Not Found' });
    }
    if (isForbidden(ref, { id: p.id, path: p.path_with_namespace })) {
      throw new HttpError(403, { message: '403 Forbidden' });
    }
    return p;
  }

  function groupRef(ref: string): FakeGroup {
    if (isForbidden(ref)) throw new HttpError(403, { message: '403 Forbidden' });
    const g = store.findGroup(ref);
    if (!g) throw new HttpError(404, { message: '404 Group Not Found' });
    if (isForbidden(ref, { id: g.id, path: g.full_path }))
      throw new HttpError(403, { message: '403 Forbidden' });
    return g;
  }

  function issueRef(p: FakeProject, iid: string, viewer: FakeUser | null = null): FakeIssue {
    const issue = /^\d+$/.test(iid) ? store.issue(p, Number(iid)) : undefined;
    // NOTE: GitLab answers 404, not 403, for a confidential issue the person may not read.
    if (!issue || (viewer && !store.canReadIssue(viewer, issue))) {
      throw new HttpError(404, { message: '404 Not found' });
    }
    return issue;
  }

  function paginate<T>(items: T[], q: Query, u: URL, toJson: (t: T) => unknown): Reply {
    const num = (k: string) => Number.parseInt(String([q[k]].flat()[0] ?? ''), 10);
    const perPage = Math.min(100, num('per_page') > 0 ? num('per_page') : 20);
    const page = num('page') > 0 ? num('page') : 1;
    const total = items.length;
    const totalPages = Math.max(1, Math.ceil(total / perPage));
    const showTotals = total <= omitTotalsAbove;
    const hasNext = page * perPage < total;
    const link = (p: number) => {
      const params = new URLSearchParams(u.search);
      params.set('page', String(p));
      params.set('per_page', String(perPage));
      return `<${url}${u.pathname}?${params.toString()}>`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`${link(Math.min(page - 1, totalPages))}; rel="prev"`);
    if (hasNext) links.push(`${link(page + 1)}; rel="next"`);
    links.push(`${link(1)}; rel="first"`);
    if (showTotals) links.push(`${link(totalPages)}; rel="last"`);
    const headers: Record<string, string> = {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-next-page': hasNext ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
      link: links.join(', '),
    };
    if (showTotals) {
      headers['x-total'] = String(total);
      headers['x-total-pages'] = String(totalPages);
    }
    const slice = items.slice((page - 1) * perPage, page * perPage);
    return { status: 200, headers, body: slice.map(toJson) };
  }

  function route(
    method: string,
    u: URL,
    q: Query,
    p: Record<string, unknown>,
    viewer: FakeUser | null = null,
  ): Reply {
    const readable = (list: FakeIssue[]) =>
      viewer ? list.filter((i) => store.canReadIssue(viewer, i)) : list;
    const seg = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const notFound = new HttpError(404, { error: '404 Not Found' });
    if (seg[0] !== 'api' || seg[1] !== 'v4' || seg.length > 8) throw notFound;
    const [kind, ref, sub, iid, subsub, noteId] = seg.slice(2);
    const key = `${method} ${[kind, ref && ':id', sub, iid && ':iid', subsub, noteId && ':nid'].filter(Boolean).join('/')}`;

    if (key === 'GET user') {
      if (!viewer) return { status: 200, body: userJson(store.baseUrl, BOT_USER) };
      return {
        status: 200,
        body: { ...userJson(store.baseUrl, viewer), email: store.emails.get(viewer.id) ?? null },
      };
    }
    if (key === 'GET users') {
      // NOTE: as GitLab, a search matches a username, a name or a (public) email exactly.
      const term = String([q.search].flat()[0] ?? '').toLowerCase();
      const found = [...store.users.values()].filter(
        (u) =>
          term !== '' &&
          (u.username.toLowerCase().includes(term) ||
            u.name.toLowerCase().includes(term) ||
            (store.emails.get(u.id) ?? '').toLowerCase() === term),
      );
      return paginate(found, q, u, (x) => userJson(store.baseUrl, x));
    }
    if (key === 'GET issues') {
      const visible = readable(store.allIssues().filter((i) => !isForbidden(i.project_id, pathOf(i))));
      if (viewer) {
        const own = String(q.scope ?? 'created_by_me') === 'created_by_me';
        const mine = own ? visible.filter((i) => i.author.id === viewer.id) : visible;
        return paginate(filterIssues(mine, { ...q, scope: 'all' }, 'all'), q, u, (i) => issueJson(store, i));
      }
      return paginate(filterIssues(visible, q, 'created_by_me'), q, u, (i) => issueJson(store, i));
    }
    if (kind === 'groups' && ref) {
      const g = groupRef(ref);
      if (key === 'GET groups/:id') return { status: 200, body: groupJson(store, g) };
      if (key === 'GET groups/:id/issues') {
        const projects = store
          .projectsInGroup(g)
          .filter((pr) => !isForbidden(pr.id, { id: pr.id, path: pr.path_with_namespace }));
        return paginate(
          filterIssues(readable(projects.flatMap((pr) => store.issuesOfProject(pr))), q, 'all'),
          q,
          u,
          (i) => issueJson(store, i),
        );
      }
      if (key === 'GET groups/:id/milestones') {
        return paginate(filterMilestones(store.milestonesOfGroup(g), q), q, u, (m) => m);
      }
      throw notFound;
    }
    if (kind !== 'projects' || !ref) throw notFound;
    const project = projectRef(ref, viewer);
    const issueAt = (n: string) => issueRef(project, n, viewer);
    switch (key) {
      case 'GET projects/:id':
        return { status: 200, body: projectJson(store, project) };
      case 'GET projects/:id/milestones': {
        const g = store.groupOfProject(project);
        const list = g && bool(q.include_ancestors) ? store.milestonesOfGroup(g) : [];
        return paginate(filterMilestones(list, q), q, u, (m) => m);
      }
      case 'GET projects/:id/issues':
        return paginate(filterIssues(readable(store.issuesOfProject(project)), q, 'all'), q, u, (i) =>
          issueJson(store, i),
        );
      case 'POST projects/:id/issues': {
        if (p.title === undefined || p.title === null)
          throw new HttpError(400, { error: 'title is missing' });
        validateIssueParams(p);
        const mayCreate =
          !viewer ||
          store.accessLevel(project, viewer) >= 10 ||
          (store.visibility.get(project.id) ?? 'private') !== 'private';
        if (!mayCreate) throw new HttpError(403, { message: '403 Forbidden' });
        const issue = store.createIssue(project, { title: String(p.title), author: viewer ?? BOT_USER });
        applyIssueParams(store, issue, { ...p, state_event: undefined }, quickActionsExecuted);
        if (typeof p.description === 'string') recordMentions(issue, p.description);
        issue.updated_at = issue.created_at;
        announce({ kind: 'issue', action: 'open', issue, previous: null, user: viewer ?? BOT_USER });
        return { status: 201, body: issueJson(store, issue) };
      }
      case 'GET projects/:id/merge_requests/:iid': {
        const mr = /^\d+$/.test(iid!) ? store.mergeRequests.get(`${project.id}!${iid}`) : undefined;
        if (!mr) throw new HttpError(404, { message: '404 Not found' });
        return {
          status: 200,
          body: {
            ...mr,
            author: userJson(store.baseUrl, mr.author),
            references: { full: `${project.path_with_namespace}!${mr.iid}` },
          },
        };
      }
      case 'GET projects/:id/issues/:iid':
        return { status: 200, body: issueJson(store, issueAt(iid!)) };
      case 'PUT projects/:id/issues/:iid': {
        const issue = issueAt(iid!);
        if (viewer && store.accessLevel(project, viewer) < 15 && issue.author.id !== viewer.id) {
          throw new HttpError(403, { message: '403 Forbidden' });
        }
        validateIssueParams(p);
        if (typeof p.description === 'string') recordMentions(issue, p.description);
        const before = JSON.stringify(issue);
        const previous = snapshot(issue);
        applyIssueParams(store, issue, p, quickActionsExecuted);
        if (JSON.stringify(issue) !== before) {
          issue.updated_at = store.now();
          announce({
            kind: 'issue',
            action: actionOf(previous, issue),
            issue,
            previous,
            user: viewer ?? BOT_USER,
          });
        }
        return { status: 200, body: issueJson(store, issue) };
      }
      case 'GET projects/:id/issues/:iid/notes': {
        const issue = issueAt(iid!);
        const sorted = sortByTime(store.notes(project, issue.iid), 'created_at', String(q.sort ?? 'desc'));
        return paginate(sorted, q, u, (n) => noteJson(store, n));
      }
      case 'GET projects/:id/issues/:iid/notes/:nid': {
        const issue = issueAt(iid!);
        const note = store.notes(project, issue.iid).find((n) => String(n.id) === noteId);
        if (!note) throw new HttpError(404, { message: '404 Note Not Found' });
        return { status: 200, body: noteJson(store, note) };
      }
      case 'POST projects/:id/issues/:iid/notes': {
        const issue = issueAt(iid!);
        if (p.body === undefined || p.body === null) throw new HttpError(400, { error: 'body is missing' });
        const raw = String(p.body);
        if (raw.length > 1_000_000) {
          throw new HttpError(400, { message: { note: ['is too long (maximum is 1000000 characters)'] } });
        }
        const { text, actions } = extractQuickActions(raw);
        const { changes, summary } = applyQuickActions(store, issue, actions, 'note', quickActionsExecuted);
        if (actions.length > 0 && text.trim() === '') {
          return { status: 202, body: { commands_changes: changes, summary } };
        }
        if (text.trim() === '') throw new HttpError(400, { message: { note: ["can't be blank"] } });
        const note = store.addNote(issue, text, bool(p.internal ?? p.confidential), viewer ?? BOT_USER);
        recordMentions(issue, text);
        issue.updated_at = note.created_at;
        announce({ kind: 'note', issue, note, user: viewer ?? BOT_USER });
        return { status: 201, body: noteJson(store, note) };
      }
      default:
        throw notFound;
    }
  }

  function pathOf(i: FakeIssue) {
    return { id: i.project_id, path: store.projects.get(i.project_id)?.path_with_namespace ?? '' };
  }

  const seedProject = (ref: number | string) => store.projectForSeed(ref);
  const reset = () => {
    calls.length = 0;
    quickActionsExecuted.length = 0;
    mentions.length = 0;
    faults = [];
    latencyMs = 0;
    down = false;
    chaosState = null;
  };

  /** Whole seconds later than the last change, so each edit by a person is ordered in hook payloads. */
  const bump = (issue: FakeIssue) => {
    const at = Math.max(clock().getTime(), Date.parse(issue.updated_at) + 1000);
    issue.updated_at = new Date(at).toISOString();
  };
  const issueFor = (project: number | string, iid: number) => {
    const p = store.findProject(project);
    const issue = p ? store.issue(p, iid) : undefined;
    if (!issue) throw new Error(`fake GitLab: no issue ${project}#${iid}`);
    return issue;
  };

  return {
    url,
    token,
    calls,
    onChange: (listener) => {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    editIssue: (project, iid, change, by) => {
      const issue = issueFor(project, iid);
      const previous = snapshot(issue);
      if (change.addLabels) issue.labels = addLabels(issue.labels, change.addLabels);
      if (change.removeLabels) issue.labels = issue.labels.filter((l) => !change.removeLabels!.includes(l));
      if (change.state) {
        issue.state = change.state;
        issue.closed_at = change.state === 'closed' ? clock().toISOString() : null;
      }
      bump(issue);
      const user = store.addUser({ username: by });
      announce({ kind: 'issue', action: actionOf(previous, issue), issue, previous, user });
      return issue;
    },
    comment: (project, iid, body, by, opts = {}) => {
      const issue = issueFor(project, iid);
      const user = store.addUser({ username: by });
      const note = store.addNote(issue, body, opts.internal ?? false);
      note.author = user;
      bump(issue);
      announce({ kind: 'note', issue, note, user });
      return note;
    },
    quickActionsExecuted,
    mentions,
    forbiddenProjects,
    callsMatching: (method, re) =>
      calls.filter((c) => c.method === method.toUpperCase() && pathMatches(re, c.path)),
    addGroup: (g) => store.addGroup(g),
    addProject: (p) => store.addProject(p),
    addUser: (u) => store.addUser(u),
    addMember: (project, username, level) => {
      const user = store.userByName(username);
      if (!user) throw new Error(`fake GitLab: no user ${username}`);
      store.addMember(store.projectForSeed(project), user, level);
    },
    setVisibility: (project, visibility) => {
      store.visibility.set(store.projectForSeed(project).id, visibility);
    },
    oauth,
    addMilestone: (groupPath, m) => store.addMilestone(groupPath, m),
    seedIssue: (project, partial) => store.createIssue(seedProject(project), partial),
    seedMergeRequest: (project, mr) => store.addMergeRequest(seedProject(project), mr),
    seedIssues: (project, n, make) => {
      const p = seedProject(project);
      for (let i = 0; i < n; i += 1) store.createIssue(p, make(i));
    },
    issue: (project, iid) => {
      const p = store.findProject(project);
      return p ? store.issue(p, iid) : undefined;
    },
    issues: (project) => {
      if (project === undefined) return store.allIssues();
      const p = store.findProject(project);
      return p ? [...store.issuesOfProject(p)] : [];
    },
    notes: (project, iid) => {
      const p = store.findProject(project);
      return p ? [...store.notes(p, iid)] : [];
    },
    failNext: (matcher, fault, times = 1) => {
      faults.push({ method: matcher.method, path: matcher.path, fault, remaining: times });
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setDown: (d) => {
      down = d;
    },
    chaos: (c) => {
      chaosState = c ? { rand: mulberry32(c.seed), opts: c } : null;
    },
    reset,
    clear: () => {
      reset();
      forbiddenProjects.clear();
      store.clear();
      oauth.clear();
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
