import type { Deps } from '../deps.js';
import type { GroupOwners } from '../domain/owners.js';
import { writeTx } from '../store/db.js';

/** Records a group's PM/EM and the audit row of the change together. */
export function setOwners(deps: Deps, owners: GroupOwners, by: string): void {
  writeTx(deps.store.db, () => {
    const now = deps.clock();
    const previous = deps.store.owners.get(owners.groupLabel)?.usernames ?? null;
    deps.store.owners.set(owners, by, now);
    deps.store.audit.record({
      at: now,
      actor: by,
      action: 'owners.set',
      issueRef: null,
      reason: null,
      outcome: 'ok',
      details: { group: owners.groupLabel, owners: owners.usernames, previous },
    });
  });
}

/** Forgets a group's PM/EM; false when none was recorded. Audited either way. */
export function removeOwners(deps: Deps, groupLabel: string, by: string): boolean {
  return writeTx(deps.store.db, () => {
    const previous = deps.store.owners.get(groupLabel)?.usernames ?? null;
    const removed = deps.store.owners.remove(groupLabel);
    deps.store.audit.record({
      at: deps.clock(),
      actor: by,
      action: 'owners.remove',
      issueRef: null,
      reason: null,
      outcome: removed ? 'ok' : 'not_found',
      details: { group: groupLabel, previous },
    });
    return removed;
  });
}
