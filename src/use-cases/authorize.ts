import type { Deps } from '../deps.js';
import {
  type AccessAction,
  type AccessDecision,
  type AccessTarget,
  type Actor,
  auditRefOf,
  decideAccess,
  factsNeeded,
} from '../domain/access.js';

export interface AccessAttempt {
  /** Always the payload's user: never a value carried in a button, a form or metadata. */
  userId: string;
  action: AccessAction;
  target: AccessTarget;
  /** Extra context for the audit row of a refusal (e.g. the metric picked). */
  details?: Record<string, unknown>;
}

export type Denied = Extract<AccessDecision, { kind: 'denied' }>;

const REASON_TEXT: Record<Denied['reason'], string> = {
  not_team_member: 'not a ProdSecEng team member',
  not_requester: 'not the requester',
  not_escalation_responder: 'not in the security support group, the team or the escalation leads',
  membership_unknown: 'membership could not be determined (user-group lookup failed)',
};

async function lookUpActor(deps: Deps, userId: string, action: AccessAction): Promise<Actor> {
  const actor: Actor = { userId };
  for (const fact of factsNeeded(action)) {
    const membership =
      fact === 'teamMember' ? await deps.team.membership(userId) : await deps.responders.membership(userId);
    actor[fact] = membership === 'member';
    if (membership === 'unknown') actor.membershipUnknown = true;
  }
  return actor;
}

/**
 * The same rule without a refusal: for choosing what to show (e.g. whose escalations a list
 * holds), where being refused is not an attempt worth auditing.
 */
export async function permits(deps: Deps, attempt: AccessAttempt): Promise<boolean> {
  const actor = await lookUpActor(deps, attempt.userId, attempt.action);
  return decideAccess(actor, attempt.action, attempt.target).kind === 'allowed';
}

/**
 * The one gate: looks up what the rule needs about the person, applies the rule from
 * `domain/access.ts`, and audits every refusal. Called only from use cases.
 */
export async function authorize(deps: Deps, attempt: AccessAttempt): Promise<AccessDecision> {
  const actor = await lookUpActor(deps, attempt.userId, attempt.action);
  const decision = decideAccess(actor, attempt.action, attempt.target);
  if (decision.kind === 'denied') {
    deps.store.audit.record({
      at: deps.clock(),
      actor: attempt.userId,
      action: attempt.action,
      issueRef: auditRefOf(attempt.target),
      reason: REASON_TEXT[decision.reason],
      outcome: 'denied',
      details: attempt.details ?? null,
    });
    deps.log.info(
      { user: attempt.userId, action: attempt.action, reason: decision.reason },
      'action refused',
    );
  }
  return decision;
}
