import { Gitlab } from '@gitbeaker/rest';
import type { Issue, Milestone } from '../domain/issue.js';
import { assigneeCalls } from './assignees.js';
import { createCallGuard } from './call-guard.js';
import { GitLabError } from './errors.js';
import { createIssueLister, type IssueFilters, type ListOptions } from './issue-list.js';
import { type ApiIssue, type ApiMilestone, toIssue, toMilestone } from './map.js';
import { mergeRequestCalls } from './merge-requests.js';
import { type CallObserver, createSingleAttemptRequester } from './requester.js';
import type { RetryPolicy } from './retry.js';

export type { GitLabHealth } from './call-guard.js';
export type { IssueFilters, ListOptions } from './issue-list.js';

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

export interface IssueUpdate {
  addLabels?: string[];
  removeLabels?: string[];
  weight?: number;
  stateEvent?: 'close' | 'reopen';
}

/** The thin adapter over @gitbeaker/rest: API shapes in, domain types out, one retry policy. */
export function createGitLab(opts: GitLabOptions) {
  const api = new Gitlab({
    host: opts.url.replace(/\/$/, ''),
    ...(opts.oauth ? { oauthToken: opts.token } : { token: opts.token }),
    queryTimeout: opts.timeoutMs,
    // NOTE: an empty map disables gitbeaker's client-side queue; GitLab's own 429s are honoured instead.
    rateLimits: {},
    requesterFn: createSingleAttemptRequester(opts.observe),
  } as ConstructorParameters<typeof Gitlab>[0]);
  const { health, retried, singleAttempt } = createCallGuard({
    onUnauthorized: opts.onUnauthorized,
    onAuthProblem: opts.onAuthProblem,
    policy: { retries: 2, baseMs: 250, maxMs: 5_000, ...opts.retry },
  });

  const listIssues = createIssueLister(api, retried, Math.max(1, opts.pageConcurrency ?? 8));

  let currentUser: Promise<string> | undefined;
  return {
    health,
    ...assigneeCalls(api, retried),
    ...mergeRequestCalls(api, retried),
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
      const created = await singleAttempt(() =>
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
      const p = (await retried(() => api.Projects.show(project))) as unknown as {
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
      const issue = await retried(() => api.Issues.show(iid, { projectId: project }));
      return toIssue(issue as unknown as ApiIssue);
    },
    async updateIssue(project: string | number, iid: number, update: IssueUpdate): Promise<Issue> {
      const body: Record<string, unknown> = {};
      if (update.addLabels?.length) body.addLabels = update.addLabels.join(',');
      if (update.removeLabels?.length) body.removeLabels = update.removeLabels.join(',');
      if (update.weight !== undefined) body.weight = update.weight;
      if (update.stateEvent) body.stateEvent = update.stateEvent;
      const issue = await retried(() => api.Issues.edit(project, iid, body));
      return toIssue(issue as unknown as ApiIssue);
    },
    async addNote(project: string | number, iid: number, body: string): Promise<{ id: number | null }> {
      const note = (await singleAttempt(() => api.IssueNotes.create(project, iid, body))) as unknown as {
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
      const notes = (await retried(() =>
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
        const notes = (await retried(() =>
          api.IssueNotes.all(project, iid, { perPage: 100, maxPages: 3, sort: 'desc' } as never),
        )) as unknown as Array<{ body: string }>;
        if (notes.some((n) => n.body.includes(marker))) return;
      }
      await singleAttempt(() => api.IssueNotes.create(project, iid, `${body}\n\n<!-- ${marker} -->`));
    },
    async listNotes(project: string | number, iid: number): Promise<Array<{ id: number; body: string }>> {
      const notes = (await retried(() =>
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
      const ms = (await retried(() =>
        api.GroupMilestones.all(group, { state, perPage: 100, maxPages: 5 } as never),
      )) as unknown as ApiMilestone[];
      return ms.map(toMilestone);
    },
    async ping(): Promise<void> {
      await retried(() => api.Users.showCurrentUser());
    },
    /** The bot's own GitLab username (asked once), to tell its own changes from people's. */
    currentUsername(): Promise<string> {
      currentUser ??= retried(() => api.Users.showCurrentUser()).then(
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
