import { Gitlab } from '@gitbeaker/rest';
import type { Issue, Milestone } from '../domain/issue.js';
import { assigneeCalls } from './assignees.js';
import { GitLabError, isGitLabError } from './errors.js';
import { type ApiIssue, type ApiMilestone, toIssue, toMilestone } from './map.js';
import { mergeRequestCalls } from './merge-requests.js';
import { type CallObserver, createSingleAttemptRequester } from './requester.js';
import { type RetryPolicy, withRetry } from './retry.js';

export interface GitLabOptions {
  url: string;
  /** A token, or a function asked before every call (a person's OAuth token, refreshed as needed). */
  token: string | (() => Promise<string>);
  /** Send the token as `Authorization: Bearer` (an OAuth token) instead of `PRIVATE-TOKEN`. */
  oauth?: boolean;
  /** On a 401: return true to retry the call once (after refreshing the token), false to fail. */
  onUnauthorized?: () => Promise<boolean>;
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  /** How many pages of a listing are fetched at once. */
  pageConcurrency?: number;
  observe?: CallObserver;
  /** Told once when GitLab rejects the token (401, once per streak) or the bot's rights on a path (403). */
  onAuthProblem?: (err: GitLabError) => void;
}

export interface IssueFilters {
  labels?: string[];
  notLabels?: string[];
  state?: 'opened' | 'closed' | 'all';
  search?: string;
  searchIn?: 'title' | 'description' | 'title,description';
  milestone?: string;
  updatedAfter?: string;
  orderBy?: 'created_at' | 'updated_at';
  sort?: 'asc' | 'desc';
  /** For the instance-wide list: `created_by_me` is what the bot's token filed. */
  scope?: 'created_by_me' | 'assigned_to_me' | 'all';
}

export interface ListOptions {
  maxPages?: number;
  perPage?: number;
}

export interface GitLabHealth {
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastFailure: string | null;
}

export interface IssueUpdate {
  addLabels?: string[];
  removeLabels?: string[];
  weight?: number;
  stateEvent?: 'close' | 'reopen';
}

function filterParams(f: IssueFilters): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (f.labels?.length) p.labels = f.labels.join(',');
  if (f.notLabels?.length) p['not[labels]'] = f.notLabels.join(',');
  if (f.state) p.state = f.state;
  if (f.search) p.search = f.search;
  if (f.searchIn) p.in = f.searchIn;
  if (f.milestone) p.milestone = f.milestone;
  if (f.updatedAfter) p.updatedAfter = f.updatedAfter;
  if (f.orderBy) p.orderBy = f.orderBy;
  if (f.sort) p.sort = f.sort;
  if (f.scope) p.scope = f.scope;
  return p;
}

interface Page<T> {
  data: T[];
  totalPages: number | null;
  next: number | null;
}

/** The thin adapter over @gitbeaker/rest: API shapes in, domain types out, one retry policy. */
export function createGitLab(opts: GitLabOptions) {
  const health: GitLabHealth = { lastSuccessAt: null, lastFailureAt: null, lastFailure: null };
  // 401s are reported once per failure streak, 403s once per resource path.
  const reported = new Set<string>();
  const api = new Gitlab({
    host: opts.url.replace(/\/$/, ''),
    ...(opts.oauth ? { oauthToken: opts.token } : { token: opts.token }),
    queryTimeout: opts.timeoutMs,
    // NOTE: an empty map disables gitbeaker's client-side queue; GitLab's own 429s are honoured instead.
    rateLimits: {},
    requesterFn: createSingleAttemptRequester(opts.observe),
  } as ConstructorParameters<typeof Gitlab>[0]);
  const policy: RetryPolicy = { retries: 2, baseMs: 250, maxMs: 5_000, ...opts.retry };
  const concurrency = Math.max(1, opts.pageConcurrency ?? 8);

  async function track<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const result = await once401(fn);
      health.lastSuccessAt = Date.now();
      reported.delete('401');
      return result;
    } catch (err) {
      health.lastFailureAt = Date.now();
      health.lastFailure = isGitLabError(err) ? err.message : 'unexpected error';
      if (isGitLabError(err) && (err.isAuth || err.isForbidden)) {
        const key = err.isAuth ? '401' : `403 ${err.path.replace(/\/issues.*$/, '')}`;
        if (!reported.has(key)) {
          reported.add(key);
          opts.onAuthProblem?.(err);
        }
      }
      throw err;
    }
  }

  async function once401<T>(fn: () => Promise<T>): Promise<T> {
    if (!opts.onUnauthorized) return fn();
    try {
      return await fn();
    } catch (err) {
      if (!(isGitLabError(err) && err.isAuth) || !(await opts.onUnauthorized())) throw err;
      return fn();
    }
  }

  /** Idempotent reads and label edits: retried within the call. */
  const safe = <T>(fn: () => Promise<T>) => track(() => withRetry(fn, policy));
  /** Creations: one attempt; the caller's outbox decides about retrying with a duplicate check. */
  const once = <T>(fn: () => Promise<T>) => track(fn);

  async function fetchPage(
    scope: { projectId?: string | number; groupId?: string | number },
    filters: IssueFilters,
    page: number,
    perPage: number,
  ): Promise<Page<ApiIssue>> {
    const res = (await safe(() =>
      api.Issues.all({
        ...scope,
        ...filterParams(filters),
        perPage,
        page,
        showExpanded: true,
      } as Parameters<typeof api.Issues.all>[0]),
    )) as unknown as { data: ApiIssue[]; paginationInfo: { next: number | null; totalPages: number } };
    const totalPages = Number.isFinite(res.paginationInfo.totalPages) ? res.paginationInfo.totalPages : null;
    return { data: res.data, totalPages, next: res.paginationInfo.next };
  }

  /**
   * Lists every page of a filtered issue collection, bounded by maxPages. When GitLab sends
   * totals, the remaining pages are fetched `concurrency` at a time; otherwise one by one.
   */
  async function listIssues(
    scope: { projectId?: string | number; groupId?: string | number },
    filters: IssueFilters,
    list: ListOptions = {},
  ): Promise<{ issues: Issue[]; truncated: boolean }> {
    const perPage = Math.min(100, list.perPage ?? 100);
    const maxPages = list.maxPages ?? 200;
    const first = await fetchPage(scope, filters, 1, perPage);
    const pages: ApiIssue[][] = [first.data];
    let truncated = false;
    if (first.totalPages !== null) {
      const last = Math.min(first.totalPages, maxPages);
      truncated = first.totalPages > maxPages;
      const remaining: number[] = [];
      for (let p = 2; p <= last; p++) remaining.push(p);
      const results: ApiIssue[][] = new Array(remaining.length);
      let cursor = 0;
      const worker = async () => {
        while (cursor < remaining.length) {
          const i = cursor++;
          results[i] = (await fetchPage(scope, filters, remaining[i] as number, perPage)).data;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, remaining.length) }, worker));
      pages.push(...results);
    } else {
      let next = first.next;
      let count = 1;
      while (next && count < maxPages) {
        const page = await fetchPage(scope, filters, next, perPage);
        pages.push(page.data);
        next = page.next;
        count++;
      }
      truncated = next !== null && next !== undefined && count >= maxPages;
    }
    return { issues: pages.flat().map(toIssue), truncated };
  }

  let currentUser: Promise<string> | undefined;
  return {
    health,
    ...assigneeCalls(api, safe),
    ...mergeRequestCalls(api, safe),
    async createIssue(
      project: string | number,
      input: {
        title: string;
        description: string;
        labels: string[];
        confidential: boolean;
        dueDate?: string;
      },
    ): Promise<Issue> {
      const created = await once(() =>
        api.Issues.create(project, input.title, {
          description: input.description,
          labels: input.labels.join(','),
          confidential: input.confidential,
          ...(input.dueDate ? { dueDate: input.dueDate } : {}),
        }),
      );
      return toIssue(created as unknown as ApiIssue);
    },
    /** Finds an issue whose description holds `marker` (our idempotency key), open or closed. */
    async findIssueByMarker(project: string | number, marker: string): Promise<Issue | undefined> {
      const { issues } = await listIssues(
        { projectId: project },
        { search: marker, searchIn: 'description', state: 'all' },
        { maxPages: 1, perPage: 20 },
      );
      return issues.find((i) => i.description.includes(marker));
    },
    /** The project's canonical path and visibility (who may read its issues without being a member). */
    async getProject(
      project: string | number,
    ): Promise<{ id: number; path: string; visibility: 'public' | 'internal' | 'private' | 'unknown' }> {
      const p = (await safe(() => api.Projects.show(project))) as unknown as {
        id: number;
        path_with_namespace: string;
        visibility?: string;
      };
      const v = p.visibility;
      return {
        id: p.id,
        path: p.path_with_namespace,
        visibility: v === 'public' || v === 'internal' || v === 'private' ? v : 'unknown',
      };
    },
    async getIssue(project: string | number, iid: number): Promise<Issue> {
      const issue = await safe(() => api.Issues.show(iid, { projectId: project }));
      return toIssue(issue as unknown as ApiIssue);
    },
    async updateIssue(project: string | number, iid: number, update: IssueUpdate): Promise<Issue> {
      const body: Record<string, unknown> = {};
      if (update.addLabels?.length) body.addLabels = update.addLabels.join(',');
      if (update.removeLabels?.length) body.removeLabels = update.removeLabels.join(',');
      if (update.weight !== undefined) body.weight = update.weight;
      if (update.stateEvent) body.stateEvent = update.stateEvent;
      const issue = await safe(() => api.Issues.edit(project, iid, body));
      return toIssue(issue as unknown as ApiIssue);
    },
    async addNote(project: string | number, iid: number, body: string): Promise<{ id: number | null }> {
      const note = (await once(() => api.IssueNotes.create(project, iid, body))) as unknown as {
        id?: number;
      };
      return { id: typeof note?.id === 'number' ? note.id : null };
    },
    /**
     * Posts a note carrying `marker` (an HTML comment) unless one with that marker already exists.
     * NOTE: note creation is not idempotent; a retry after a timeout or a 502 checks first.
     */
    /** Whether a recent note on the issue carries `marker` (the same window addNoteOnce checks). */
    async hasNoteWithMarker(project: string | number, iid: number, marker: string): Promise<boolean> {
      const notes = (await safe(() =>
        api.IssueNotes.all(project, iid, { perPage: 100, maxPages: 3, sort: 'desc' } as never),
      )) as unknown as Array<{ body: string }>;
      return notes.some((n) => n.body.includes(marker));
    },
    async addNoteOnce(
      project: string | number,
      iid: number,
      body: string,
      marker: string,
      opts: { checkFirst: boolean },
    ): Promise<void> {
      if (opts.checkFirst) {
        const notes = (await safe(() =>
          api.IssueNotes.all(project, iid, { perPage: 100, maxPages: 3, sort: 'desc' } as never),
        )) as unknown as Array<{ body: string }>;
        if (notes.some((n) => n.body.includes(marker))) return;
      }
      await once(() => api.IssueNotes.create(project, iid, `${body}\n\n<!-- ${marker} -->`));
    },
    async listNotes(project: string | number, iid: number): Promise<Array<{ id: number; body: string }>> {
      const notes = (await safe(() =>
        api.IssueNotes.all(project, iid, { perPage: 100, maxPages: 1, sort: 'desc' } as never),
      )) as unknown as Array<{ id: number; body: string }>;
      return notes.map((n) => ({ id: n.id, body: n.body }));
    },
    listProjectIssues: (project: string | number, filters: IssueFilters, list?: ListOptions) =>
      listIssues({ projectId: project }, filters, list),
    listGroupIssues: (group: string | number, filters: IssueFilters, list?: ListOptions) =>
      listIssues({ groupId: group }, filters, list),
    /** Issues the bot's token created, across every project it can see. */
    listOwnIssues: (filters: IssueFilters, list?: ListOptions) =>
      listIssues({}, { ...filters, scope: 'created_by_me' }, list),
    async listGroupMilestones(
      group: string | number,
      state: 'active' | 'closed' = 'active',
    ): Promise<Milestone[]> {
      const ms = (await safe(() =>
        api.GroupMilestones.all(group, { state, perPage: 100, maxPages: 5 } as never),
      )) as unknown as ApiMilestone[];
      return ms.map(toMilestone);
    },
    async ping(): Promise<void> {
      await safe(() => api.Users.showCurrentUser());
    },
    /** The bot's own GitLab username (asked once), to tell its own changes from people's. */
    currentUsername(): Promise<string> {
      currentUser ??= safe(() => api.Users.showCurrentUser()).then(
        (u) => String((u as { username?: unknown }).username ?? ''),
        (err: unknown) => {
          currentUser = undefined;
          throw err;
        },
      );
      return currentUser;
    },
  };
}

export type GitLab = ReturnType<typeof createGitLab>;
export { GitLabError };
