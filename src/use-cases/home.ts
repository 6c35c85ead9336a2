import type { Deps } from '../deps.js';
import { type Digest, type IssueSummary, summarize } from '../domain/digest.js';
import { escalationRef } from '../domain/escalation.js';
import { describeGitLabFailure } from '../slack/gitlab-failure.js';
import {
  buildHomeView,
  type HomeEscalation,
  type HomeIssueStanding,
  type HomeTeamSections,
} from '../slack/views/home-view.js';
import type { RequestRecord } from '../store/requests-repo.js';
import { authorize } from './authorize.js';
import { loadDigest } from './load-digest.js';
import { loadRefinementQueue } from './refinement-queue.js';

/** How long the team's GitLab data is shown before a home open refreshes it in the background. */
const TTL_MS = 2 * 60_000;
const QUEUE_HEAD = 5;

interface HomeCache {
  summary: Digest | null;
  queue: IssueSummary[] | undefined;
  queueTotal: number;
  loadedAt: number | null;
  error: string | null;
  refreshing: Promise<void> | null;
  /** Users whose home tab is re-published when the refresh in flight finishes. */
  waiting: Set<string>;
}

/** One cache per running bot (keyed by its store), never shared between test harnesses. */
const caches = new WeakMap<object, HomeCache>();

function cacheOf(deps: Deps): HomeCache {
  let c = caches.get(deps.store);
  if (!c) {
    c = {
      summary: null,
      queue: undefined,
      queueTotal: 0,
      loadedAt: null,
      error: null,
      refreshing: null,
      waiting: new Set(),
    };
    caches.set(deps.store, c);
  }
  return c;
}

function openEscalations(deps: Deps): HomeEscalation[] {
  return deps.store.escalations.listOpen().map((e) => ({
    ref: escalationRef(e.id),
    link: e.link,
    explanation: e.explanation,
    state: e.state,
    createdAt: e.createdAt,
  }));
}

function teamSections(deps: Deps, c: HomeCache, refreshing: boolean): HomeTeamSections {
  return {
    summary: c.summary,
    loadedAt: c.loadedAt,
    error: c.error,
    refreshing: refreshing || c.refreshing !== null,
    queue: c.queue,
    queueTotal: c.queueTotal,
    escalations: openEscalations(deps),
  };
}

/**
 * The change record's key of a request's issue (`path#iid`, lower case, as webhooks and the sweep
 * record it): the configured project's path, or the path in the issue's URL when it is an id.
 */
function issueKeyOfRequest(deps: Deps, r: RequestRecord): string | null {
  if (r.issueIid === null) return null;
  if (!/^\d+$/.test(r.project)) return `${r.project.toLowerCase()}#${r.issueIid}`;
  const base = deps.config.GITLAB_URL.replace(/\/$/, '');
  const path = r.issueUrl?.startsWith(`${base}/`) ? r.issueUrl.slice(base.length + 1).split('/-/')[0] : '';
  return path ? `${path.toLowerCase()}#${r.issueIid}` : null;
}

/**
 * Each request's issue standing as the change record has it: the same record the notices were
 * told from (and the digest counts), so the tab agrees with what the person heard, with no GitLab read.
 */
function standingsOf(deps: Deps, requests: RequestRecord[]): Map<number, HomeIssueStanding> {
  const keys = new Map(requests.map((r) => [r.id, issueKeyOfRequest(deps, r)] as const));
  const latest = deps.store.issueChanges.latestStanding(
    [...keys.values()].filter((k): k is string => k !== null),
  );
  const out = new Map<number, HomeIssueStanding>();
  for (const [id, key] of keys) {
    const c = key ? latest.get(key) : undefined;
    if (c) out.set(id, { kind: c.kind, at: c.at, actor: c.actor });
  }
  return out;
}

async function publish(deps: Deps, userId: string, member: boolean, refreshing = false): Promise<void> {
  const requests = deps.store.requests.listByRequester(userId, 11);
  const view = buildHomeView({
    requests,
    standings: standingsOf(deps, requests),
    member,
    team: member ? teamSections(deps, cacheOf(deps), refreshing) : undefined,
    now: deps.clock(),
    gitlab: { enabled: deps.identity.enabled, username: deps.identity.linkOf(userId)?.username ?? null },
  });
  await deps.slack.views.publish({ user_id: userId, view });
}

/** Reloads the team's GitLab data once, however many users ask at the same time. */
export function refreshHomeData(deps: Deps): Promise<void> {
  const c = cacheOf(deps);
  c.refreshing ??= (async () => {
    try {
      const now = deps.clock();
      const [summary, queue] = await Promise.all([
        loadDigest(deps, { timezone: deps.config.DIGEST_TIMEZONE }, now),
        loadRefinementQueue(deps, QUEUE_HEAD),
      ]);
      c.summary = summary;
      c.queue = queue.issues.map((i) => summarize(i, now));
      c.queueTotal = queue.total;
      c.loadedAt = deps.clock();
      c.error = null;
    } catch (err) {
      c.error = describeGitLabFailure(err);
      deps.log.warn({ error: (err as Error).message }, 'home tab refresh failed');
    } finally {
      c.refreshing = null;
    }
    const users = [...c.waiting];
    c.waiting.clear();
    await Promise.all(
      users.map((u) =>
        publish(deps, u, true).catch((err) =>
          deps.log.warn({ user: u, error: (err as Error).message }, 'home tab re-publish failed'),
        ),
      ),
    );
  })();
  return c.refreshing;
}

/**
 * Publishes a user's home tab at once from SQLite and the cache; for team members whose cached
 * GitLab data is old (or when `force`d), refreshes it in the background and publishes again.
 * Returns the background refresh, if one was started, so callers can wait for it.
 */
export async function publishHome(
  deps: Deps,
  userId: string,
  opts: { force?: boolean } = {},
): Promise<{ refresh: Promise<void> | null }> {
  const access = await authorize(deps, { userId, action: 'home.team_view', target: { kind: 'none' } });
  const member = access.kind === 'allowed';
  const c = cacheOf(deps);
  const stale = c.loadedAt === null || deps.clock() - c.loadedAt > TTL_MS;
  const willRefresh = member && (stale || opts.force === true);
  // Published before GitLab is asked anything, so the tab opens at once whatever GitLab does.
  await publish(deps, userId, member, willRefresh);
  if (!willRefresh) return { refresh: null };
  c.waiting.add(userId);
  return { refresh: refreshHomeData(deps) };
}
