import type { Deps } from '../deps.js';

export interface HealthReport {
  status: number;
  body: unknown;
}

/** /healthz: 200 while SQLite answers, 503 otherwise; GitLab's last success and failure, and the outbox. */
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
        lastFailure: g.lastFailure,
      },
      outbox: deps.store.outbox.stats(),
    },
  };
}
