import type { Deps } from '../deps.js';
import type { AccessAction, DenialReason } from '../domain/access.js';
import { parseRequestRef } from '../domain/request-ref.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { authorize } from './authorize.js';

export type ClaimResult =
  | { kind: 'claimed'; ref: string }
  | { kind: 'already'; ref: string; claimedBy: string }
  | { kind: 'not_found' }
  | { kind: 'denied'; reason: DenialReason; action: AccessAction };

/**
 * A team member claims a filed request from its announcement: the first claim wins and queues the
 * GitLab assignment, the announcement's update and the requester's notice; a later claim is
 * answered with who holds it.
 */
export async function claimRequest(deps: Deps, input: { userId: string; ref: string }): Promise<ClaimResult> {
  const id = parseRequestRef(input.ref);
  const req = id === undefined ? undefined : deps.store.requests.get(id);
  const access = await authorize(deps, {
    userId: input.userId,
    action: 'request.claim',
    target: { kind: 'request', ref: req?.ref ?? input.ref, requesterId: req?.requesterId ?? '' },
  });
  if (access.kind === 'denied') return access;
  if (!req || req.issueIid === null || !deps.store.support.announcement(req.id)) return { kind: 'not_found' };
  return deps.store.db
    .transaction((): ClaimResult => {
      const t = deps.store.support.claim(req.id, input.userId, deps.clock());
      if (!t.changed) return { kind: 'already', ref: req.ref, claimedBy: t.record?.claimedBy ?? 'someone' };
      enqueue(deps, 'request_claim', { requestId: req.id });
      deps.store.audit.record({
        at: deps.clock(),
        actor: input.userId,
        action: 'request.claim',
        issueRef: `${req.project}#${req.issueIid}`,
        reason: null,
        outcome: 'queued',
        details: { request: req.ref },
      });
      return { kind: 'claimed', ref: req.ref };
    })
    .immediate();
}
