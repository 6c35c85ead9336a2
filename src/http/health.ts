import type { Deps } from '../deps.js';

export interface HealthReport {
  status: number;
  body: unknown;
}

/**
 * /healthz (liveness): 200 while SQLite answers, 503 otherwise, with timestamps and counts only.
 * NOTE: no error text or path: a GitLab failure's path tells an outsider what the token reaches.
 * The details are in the logs.
 */
export function checkHealth(deps: Pick<Deps, 'store' | 'gitlab'>): HealthReport {
  let database = false;
  try {
    database = deps.store.db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    database = false;
  }
  const g = deps.gitlab.health;
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    status: database ? 200 : 503,
    body: {
      status: database ? 'ok' : 'degraded',
      database,
      gitlab: {
        lastSuccessAt: iso(g.lastSuccessAt),
        lastFailureAt: iso(g.lastFailureAt),
      },
      outbox: deps.store.outbox.stats(),
      webhooks: { lastAcceptedAt: iso(deps.store.issueChanges.lastDeliveryAt()) },
    },
  };
}
