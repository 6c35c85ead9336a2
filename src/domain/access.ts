/**
 * Who may do which action on what: the team's access rules as plain data and one pure function.
 * `use-cases/authorize.ts` gathers the facts about the person and calls `decideAccess`; nothing
 * else decides access. A new rule is a new action here (and, if it needs one, a new target kind,
 * actor fact or denial reason), with a row in `test/domain/access.test.ts`.
 */

import { mayChangeIssue } from './visibility.js';

/** Every action the bot guards, named as the audit trail records it. */
export const ACCESS_ACTIONS = [
  'triage.view',
  'triage.take_on',
  'triage.decline',
  'audit.view',
  'owners.set',
  'owners.remove',
  'refine.open',
  'refine.save',
  'refine.finish',
  'refine.queue',
  'digest.subscribe',
  'digest.unsubscribe',
  'digest.now',
  'digest.list',
  'home.team_view',
  'escalation.from_request',
  'flag.link_existing',
  'support.answer',
  'support.convert',
  'escalation.acknowledge',
  'escalation.unacknowledge',
  'escalation.resolve',
  'escalation.list_all',
  'request.claim',
] as const;

export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** What an action is aimed at. Kinds grow with the rules (an issue's visibility, an escalation's audience…). */
export type AccessTarget =
  | { kind: 'none' }
  | {
      kind: 'issue';
      /** `group/project#iid`, or null when the control did not name a readable issue. */
      ref: string | null;
      confidential?: boolean;
      projectVisibility?: 'private' | 'internal' | 'public';
      /**
       * Whether the issue's project is in the bot's scope (`domain/scope.ts`); the gate fills it
       * in from `ref`. Only `true` lets an issue action through: unknown counts as out of scope.
       */
      inScope?: boolean;
      /** The actor filed this issue through the bot (their own words). */
      actorIsAuthor?: boolean;
      /** What GitLab answered for the actor's own account (`unlinked` without one). */
      actorCanRead?: 'yes' | 'no' | 'unlinked' | 'unknown';
    }
  | { kind: 'request'; ref: string; requesterId: string }
  | { kind: 'escalation'; ref: string; escalatorId: string }
  | { kind: 'digest'; channelId: string }
  | { kind: 'owners'; groupLabel: string };

/** What is known about the person acting, looked up from the payload's user when the action runs. */
export interface Actor {
  userId: string;
  /** On the ProdSecEng team (TEAM_SLACK_USER_IDS or TEAM_SLACK_USERGROUP); undefined when not looked up. */
  teamMember?: boolean;
  /** In ESCALATION_USERGROUP, on the team, or in ESCALATION_LEAD_USER_IDS; undefined when not looked up. */
  escalationResponder?: boolean;
  /** A membership lookup this decision needed failed: a "no" above may be wrong (fail closed, say so). */
  membershipUnknown?: boolean;
}

/** A fact about the actor that costs a lookup (e.g. a Slack call); only the facts a rule needs are fetched. */
export type ActorFact = Exclude<keyof Actor, 'userId' | 'membershipUnknown'>;

/** Why an action was refused, for the audit trail and for the one refusal builder. */
export type DenialReason =
  /** The action is for the ProdSecEng team and the person is not on it. */
  | 'not_team_member'
  /** The action is for the person who filed the request. */
  | 'not_requester'
  /** The issue is outside the projects the bot works on (for everyone, team included). */
  | 'out_of_scope'
  /** Changing an issue needs the right to see it, and the person may not see this one. */
  | 'may_not_see'
  /** The action is for the security support group, the team and the leads, and the person is in none. */
  | 'not_escalation_responder'
  /** Membership could not be determined (the user-group lookup failed): treated as a non-member. */
  | 'membership_unknown';

export type AccessDecision =
  | { kind: 'allowed' }
  | { kind: 'denied'; reason: DenialReason; action: AccessAction };

interface Rule {
  needs: readonly ActorFact[];
  check(actor: Actor, target: AccessTarget): DenialReason | null;
}

const teamOnly: Rule = {
  needs: ['teamMember'],
  check: (actor) =>
    actor.teamMember === true ? null : actor.membershipUnknown ? 'membership_unknown' : 'not_team_member',
};

const escalationResponderOnly: Rule = {
  needs: ['escalationResponder'],
  check: (actor) =>
    actor.escalationResponder === true
      ? null
      : actor.membershipUnknown
        ? 'membership_unknown'
        : 'not_escalation_responder',
};

const requesterOnly: Rule = {
  needs: [],
  check: (actor, target) =>
    target.kind === 'request' && target.requesterId === actor.userId ? null : 'not_requester',
};

/**
 * Changing an issue (label it, note on it, subscribe to its decisions) needs the right to see it.
 * Facts not supplied count as the less trusted case: confidential, unknown visibility, cannot read.
 */
const mayChange: Rule = {
  needs: ['teamMember'],
  check: (actor, target) => {
    if (target.kind !== 'issue') return 'may_not_see';
    const allowed = mayChangeIssue(
      {
        isTeam: actor.teamMember ?? 'unknown',
        isAuthor: target.actorIsAuthor === true,
        gitlabCanRead: target.actorCanRead ?? 'unknown',
      },
      {
        confidential: target.confidential ?? true,
        projectVisibility: target.projectVisibility ?? 'unknown',
        inScope: target.inScope === true,
      },
    );
    return allowed ? null : 'may_not_see';
  },
};

const RULES: Record<AccessAction, Rule> = {
  'triage.view': teamOnly,
  'triage.take_on': teamOnly,
  'triage.decline': teamOnly,
  'audit.view': teamOnly,
  'owners.set': teamOnly,
  'owners.remove': teamOnly,
  'refine.open': teamOnly,
  'refine.save': teamOnly,
  'refine.finish': teamOnly,
  'refine.queue': teamOnly,
  'digest.subscribe': teamOnly,
  'digest.unsubscribe': teamOnly,
  'digest.now': teamOnly,
  'digest.list': teamOnly,
  'home.team_view': teamOnly,
  'escalation.from_request': requesterOnly,
  'flag.link_existing': mayChange,
  'support.answer': teamOnly,
  'support.convert': teamOnly,
  'escalation.acknowledge': escalationResponderOnly,
  'escalation.unacknowledge': escalationResponderOnly,
  'escalation.resolve': escalationResponderOnly,
  'escalation.list_all': escalationResponderOnly,
  'request.claim': teamOnly,
};

/** The actor facts `action`'s rule reads: the caller looks up these and no others. */
export function factsNeeded(action: AccessAction): readonly ActorFact[] {
  return RULES[action].needs;
}

/**
 * The rule itself. A fact the rule needs but the caller did not supply counts as "no": access
 * fails closed.
 */
export function decideAccess(actor: Actor, action: AccessAction, target: AccessTarget): AccessDecision {
  // Scope comes before every rule: an issue outside it is refused to everyone, team included.
  if (target.kind === 'issue' && target.ref !== null && target.inScope !== true)
    return { kind: 'denied', reason: 'out_of_scope', action };
  const reason = RULES[action].check(actor, target);
  return reason === null ? { kind: 'allowed' } : { kind: 'denied', reason, action };
}

/** The issue ref the audit trail files an attempt under, if the target names one. */
export function auditRefOf(target: AccessTarget): string | null {
  return target.kind === 'issue' ? target.ref : null;
}

/**
 * Actions that only choose what to draw (the App Home's team section), not attempts to do
 * something: a "no" there is not a refusal, so it is not audited (else every home open by a
 * non-member would add an audit row).
 */
export const VIEW_ONLY_ACTIONS: ReadonlySet<AccessAction> = new Set<AccessAction>(['home.team_view']);
