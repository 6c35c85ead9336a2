import type { AccessAction, DenialReason } from '../../domain/access.js';
import { section } from '../blocks.js';
import { escapeMrkdwn } from '../escape.js';
import { COMMAND } from '../ids.js';
import type { SlackMessage } from './request-messages.js';

const TEAM = 'the ProdSec team';
const ENGINEERS = 'members of the Product Security Engineering team';

interface Wording {
  /** Who the action is for and what it is, as "Only <who> can <what>." */
  who: string;
  what: string;
  /** What the person can do instead. */
  next: string;
}

const ASK_THE_TEAM = `If you think this is work for the team, flag the message or use \`${COMMAND} request\`.`;
const JOIN_THE_TEAM = 'If you should be one, ask the team to add you.';
const DIGESTS_FOR_ALL = 'Ask a team member to post or set up the digest here.';
const URGENT_YOURSELF = `To escalate something yourself, use \`${COMMAND} urgent\`.`;

const RESPONDERS = 'the security support group, the ProdSec team and the escalation leads';
const ESCALATE_NEXT = `If this needs attention, reply in the escalation's thread or use \`${COMMAND} urgent\`.`;
const responders = (what: string): Wording => ({ who: RESPONDERS, what, next: ESCALATE_NEXT });

const teamOnly = (what: string, next = ASK_THE_TEAM): Wording => ({ who: TEAM, what, next });

const WORDING: Record<AccessAction, Wording> = {
  'triage.view': teamOnly('do this: triage issues'),
  'triage.take_on': teamOnly('do this: take work on'),
  'triage.decline': teamOnly('do this: decline candidates'),
  'audit.view': teamOnly('do this: read the audit log'),
  'owners.set': teamOnly('do this: edit group owners'),
  'owners.remove': teamOnly('do this: edit group owners'),
  'refine.open': { who: ENGINEERS, what: 'refine issues', next: JOIN_THE_TEAM },
  'refine.save': { who: ENGINEERS, what: 'refine issues', next: JOIN_THE_TEAM },
  'refine.finish': { who: ENGINEERS, what: 'refine issues', next: JOIN_THE_TEAM },
  'refine.queue': { who: ENGINEERS, what: 'refine issues', next: JOIN_THE_TEAM },
  'digest.subscribe': teamOnly('subscribe a channel to digests', DIGESTS_FOR_ALL),
  'digest.unsubscribe': teamOnly('unsubscribe a channel from digests', DIGESTS_FOR_ALL),
  'digest.now': teamOnly('post the milestone digest on demand', DIGESTS_FOR_ALL),
  'digest.list': teamOnly('list digest subscriptions', DIGESTS_FOR_ALL),
  'home.team_view': teamOnly('see the team’s queue and milestone here', JOIN_THE_TEAM),
  'escalation.from_request': {
    who: 'the person who filed this request',
    what: 'escalate it from here',
    next: URGENT_YOURSELF,
  },
  'flag.link_existing': {
    who: 'people who can see an issue',
    what: 'link a message to it',
    next: ASK_THE_TEAM,
  },
  'support.answer': teamOnly('mark support questions answered'),
  'support.convert': teamOnly('convert support questions to issues'),
  'escalation.acknowledge': responders('acknowledge escalations'),
  'escalation.unacknowledge': responders('un-acknowledge escalations'),
  'escalation.resolve': responders('resolve escalations'),
  'escalation.list_all': responders('see every open escalation'),
  'request.claim': teamOnly('claim requests'),
};

const ICON: Record<DenialReason, string> = {
  not_team_member: ':lock:',
  not_requester: ':lock:',
  out_of_scope: ':no_entry:',
  may_not_see: ':lock:',
  not_escalation_responder: ':lock:',
  membership_unknown: ':warning:',
};

/** Why an out-of-scope issue is refused: the same for every action, naming the scope. */
export function outOfScopeText(scope: string | undefined): string {
  const where = scope ? ` (${escapeMrkdwn(scope)})` : '';
  return `That issue is outside the projects the bot works on${where}, so nothing was read or changed in GitLab. Use an issue in one of those projects, or ask in the team channel.`;
}

/**
 * The one refusal: a sentence saying why (who the action is for) and one saying what to do
 * instead. Nothing was changed when this is shown.
 */
export function buildRefusal(denial: {
  reason: DenialReason;
  action: AccessAction;
  scope?: string;
}): SlackMessage {
  if (denial.reason === 'out_of_scope') {
    const text = `${ICON.out_of_scope} ${outOfScopeText(denial.scope)}`;
    return { text, blocks: [section(text)] };
  }
  const w = WORDING[denial.action];
  if (denial.reason === 'membership_unknown') {
    const text = `${ICON.membership_unknown} The bot could not check your membership (the Slack user-group lookup failed), so only ${w.who} can ${w.what} and you were treated as not one of them: nothing was changed. Please try again in a few minutes, or tell the bot operators if it keeps failing.`;
    return { text, blocks: [section(text)] };
  }
  const text = `${ICON[denial.reason]} Only ${w.who} can ${w.what}, so nothing was changed. ${w.next}`;
  return { text, blocks: [section(text)] };
}
