import type { Deps } from '../deps.js';
import type { GroupOwners } from '../domain/owners.js';
import { writeTx } from '../store/db.js';
import { authorize, type Denied } from './authorize.js';

const mayEdit = (deps: Deps, by: string, verb: 'set' | 'remove', groupLabel: string) =>
  authorize(deps, {
    userId: by,
    action: verb === 'set' ? 'owners.set' : 'owners.remove',
    target: { kind: 'owners', groupLabel },
    details: { group: groupLabel },
  });

/** Records a group's PM/EM and the audit row of the change together (team only). */
export async function setOwners(
  deps: Deps,
  owners: GroupOwners,
  by: string,
): Promise<Denied | { kind: 'set' }> {
  const access = await mayEdit(deps, by, 'set', owners.groupLabel);
  if (access.kind === 'denied') return access;
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
  return { kind: 'set' };
}

/** Forgets a group's PM/EM (team only); `removed` is false when none was recorded. Audited either way. */
export async function removeOwners(
  deps: Deps,
  groupLabel: string,
  by: string,
): Promise<Denied | { kind: 'removed'; removed: boolean }> {
  const access = await mayEdit(deps, by, 'remove', groupLabel);
  if (access.kind === 'denied') return access;
  const removed = writeTx(deps.store.db, () => {
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
  return { kind: 'removed', removed };
}
