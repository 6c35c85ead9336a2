import type { Deps } from '../deps.js';
import { type Digest, type IssueSummary, summarize } from '../domain/digest.js';
import { escalationRef } from '../domain/escalation.js';
import { describeGitLabFailure } from '../slack/gitlab-failure.js';
import { buildHomeView, type HomeEscalation, type HomeTeamSections } from '../slack/views/home-view.js';
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

async function publish(deps: Deps, userId: string, member: boolean, refreshing = false): Promise<void> {
  const view = buildHomeView({
    requests: deps.store.requests.listByRequester(userId, 11),
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
