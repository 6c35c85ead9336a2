import type { Deps } from '../deps.js';

/** Every scheduled job, registered on start. Jobs are plain `runX(deps, now)` functions elsewhere in jobs/. */
export function registerJobs(deps: Deps): void {
  deps.scheduler.every('prune-deliveries', 60 * 60_000, () =>
    deps.store.deliveries.prune(deps.clock() - 24 * 60 * 60_000),
  );
}
