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
import { projectOfIssueRef } from '../domain/issue-ref.js';
import { refInScope, scopeInWords } from './project-scope.js';

export interface AccessAttempt {
  /** Always the payload's user: never a value carried in a button, a form or metadata. */
  userId: string;
  action: AccessAction;
  target: AccessTarget;
  /** Extra context for the audit row of a refusal (e.g. the metric picked). */
  details?: Record<string, unknown>;
}

export type Denied = Extract<AccessDecision, { kind: 'denied' }> & {
  /** For `out_of_scope`: the projects the bot works on, in words, so the refusal can name them. */
  scope?: string;
};

const REASON_TEXT: Record<Denied['reason'], string> = {
  not_team_member: 'not a ProdSecEng team member',
  not_requester: 'not the requester',
  out_of_scope: 'outside the projects the bot works on',
  may_not_see: 'may not see the issue',
  not_escalation_responder: 'not in the security support group, the team or the escalation leads',
  membership_unknown: 'membership could not be determined (user-group lookup failed)',
};

/** The issue target with its scope filled in from its ref: the caller cannot vouch for it. */
function withScope(deps: Deps, target: AccessTarget): AccessTarget {
  if (target.kind !== 'issue' || target.ref === null) return target;
  const project = projectOfIssueRef(target.ref);
  return { ...target, inScope: project !== null && refInScope(deps, { project }) };
}

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
export async function authorize(deps: Deps, attempt: AccessAttempt): Promise<{ kind: 'allowed' } | Denied> {
  const target = withScope(deps, attempt.target);
  const actor = await lookUpActor(deps, attempt.userId, attempt.action);
  const decision: { kind: 'allowed' } | Denied = decideAccess(actor, attempt.action, target);
  if (decision.kind === 'denied' && decision.reason === 'out_of_scope') decision.scope = scopeInWords(deps);
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

/**
 * Whether the person is on the team, for deciding what a person audience may see (not an action:
 * nothing is audited). A failed lookup answers false: visibility fails closed.
 */
export async function isTeamReader(deps: Deps, userId: string): Promise<boolean> {
  return deps.team.isMember(userId).catch(() => false);
}
