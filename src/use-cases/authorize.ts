import type { Deps } from '../deps.js';
import {
  type AccessAction,
  type AccessDecision,
  type AccessTarget,
  type Actor,
  auditRefOf,
  decideAccess,
  factsNeeded,
  VIEW_ONLY_ACTIONS,
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
};

async function lookUpActor(deps: Deps, userId: string, action: AccessAction): Promise<Actor> {
  const actor: Actor = { userId };
  for (const fact of factsNeeded(action)) {
    if (fact === 'teamMember') actor.teamMember = await deps.team.isMember(userId);
  }
  return actor;
}

/**
 * The one gate: looks up what the rule needs about the person, applies the rule from
 * `domain/access.ts`, and audits every refusal. Called only from use cases.
 */
export async function authorize(deps: Deps, attempt: AccessAttempt): Promise<AccessDecision> {
  const actor = await lookUpActor(deps, attempt.userId, attempt.action);
  const decision = decideAccess(actor, attempt.action, attempt.target);
  if (decision.kind === 'denied' && !VIEW_ONLY_ACTIONS.has(attempt.action)) {
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
