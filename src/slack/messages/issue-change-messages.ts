import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { IssueChangeKind, Standing } from '../../domain/issue-change.js';
import { context, section } from '../blocks.js';
import { escapeMrkdwn, link, safeText } from '../escape.js';
import { ids } from '../ids.js';
import type { SlackMessage } from './request-messages.js';
import { buildTriageActions } from './triage-buttons.js';

export interface ChangedIssue {
  ref: string;
  webUrl: string;
  title: string;
  confidential: boolean;
}

export interface GitLabActor {
  username: string;
  name: string;
}

export interface IssueChangeNoticeInput {
  kind: IssueChangeKind;
  issue: ChangedIssue;
  /** `R-12` when the person filed the issue through the bot; null for a flagger. */
  requestRef: string | null;
  /** Whether this DM's reader may see the issue's title and comment text (the audience rule). */
  showContent: boolean;
  actor: GitLabActor | null;
  comment?: { url: string; text: string };
}

const WHAT: Record<IssueChangeKind, { emoji: string; text: string }> = {
  closed: { emoji: ':white_check_mark:', text: 'was closed' },
  reopened: { emoji: ':arrows_counterclockwise:', text: 'was reopened' },
  taken_on: { emoji: ':raised_hands:', text: 'was taken on by the Product Security Engineering team' },
  declined: { emoji: ':no_entry_sign:', text: 'was declined by the Product Security Engineering team' },
  ready_for_development: { emoji: ':memo:', text: 'is refined and ready for development' },
  in_dev: { emoji: ':hammer_and_wrench:', text: 'is in development' },
  blocked: { emoji: ':construction:', text: 'is blocked' },
  back_to_validation: { emoji: ':leftwards_arrow_with_hook:', text: 'is back in validation' },
  commented: { emoji: ':speech_balloon:', text: 'has a new comment' },
};

/** An issue's standing after a change, in the notice's own words ("taken on by the … team"). */
export function describeIssueChange(kind: IssueChangeKind): string {
  return WHAT[kind].text.replace(/^(was|is|has) /, '');
}

const who = (a: GitLabActor) => `${escapeMrkdwn(a.name)} (@${escapeMrkdwn(a.username)} in GitLab)`;

/** To a requester or flagger, privately: what changed on their issue in GitLab. */
export function buildIssueChangeNotice(n: IssueChangeNoticeInput): SlackMessage {
  const w = WHAT[n.kind];
  const issueLink = link(n.issue.webUrl, n.issue.ref);
  const named = n.requestRef
    ? { text: `Your request ${n.requestRef}`, mrkdwn: `Your request *${n.requestRef}* (${issueLink})` }
    : { text: `The issue you flagged (${n.issue.ref})`, mrkdwn: `The issue you flagged, ${issueLink},` };
  const blocks: KnownBlock[] = [];
  if (n.kind === 'commented' && n.comment) {
    const by = n.actor ? ` from ${who(n.actor)}` : '';
    const text = n.showContent ? `\n>${safeText(n.comment.text, 1500)}` : '';
    blocks.push(
      section(`${w.emoji} ${named.mrkdwn} ${w.text}${by}: ${link(n.comment.url, 'see the comment')}.${text}`),
    );
  } else {
    const title = n.showContent ? `\n>${safeText(n.issue.title, 300)}` : '';
    blocks.push(section(`${w.emoji} ${named.mrkdwn} ${w.text}.${title}`));
    if (n.actor && n.kind !== 'ready_for_development') blocks.push(context(`In GitLab, by ${who(n.actor)}.`));
  }
  const byText = n.kind === 'commented' && n.actor ? ` from ${n.actor.name}` : '';
  return { text: `${named.text} ${w.text}${byText}.`, blocks };
}

/** How a channel post names an issue: a confidential one never shows its title. */
function channelName(issue: ChangedIssue): string {
  return issue.confidential
    ? `a confidential issue, ${link(issue.webUrl, issue.ref)}`
    : `${link(issue.webUrl, issue.ref)}\n>${safeText(issue.title, 300)}`;
}

const STANDING_TEXT: Record<Standing, string> = {
  candidate: 'The Product Security Engineering team decides on candidates during triage.',
  taken_on: ':raised_hands: Taken on by the Product Security Engineering team.',
  declined: ':no_entry_sign: Declined by the Product Security Engineering team.',
  closed: ':white_check_mark: Closed.',
};

/** The triage controls that still apply: all of them for a candidate, Decline and Refine once taken on. */
function controlsFor(standing: Standing, issueRef: string, metricKinds: string[]): ActionsBlock | null {
  if (standing === 'closed') return null;
  const all = buildTriageActions(issueRef, metricKinds);
  if (standing === 'candidate' || standing === 'declined') return all;
  const elements = all.elements.filter((e) => !('action_id' in e) || !isTakeOn(String(e.action_id)));
  return { ...all, elements };
}

const isTakeOn = (actionId: string) =>
  actionId === ids.candidates.takeOn || actionId === ids.candidates.takeOnAs;

export interface CandidateReplyStateInput {
  flaggerId: string;
  mode: 'new' | 'existing';
  issue: ChangedIssue;
  standing: Standing;
  /** Who decided, when it was decided in GitLab. */
  decidedIn: GitLabActor | null;
  metricKinds: string[];
}

/** The candidate's thread reply, redrawn in place: where it went, where it stands, what can still be done. */
export function buildCandidateReplyState(r: CandidateReplyStateInput): SlackMessage {
  const verb = r.mode === 'new' ? 'filed as' : 'added to';
  const by = r.decidedIn && r.standing !== 'candidate' ? ` In GitLab, by ${who(r.decidedIn)}.` : '';
  const blocks: KnownBlock[] = [
    section(
      `:triangular_flag_on_post: <@${r.flaggerId}> flagged this as a ProdSec candidate, ${verb} ${channelName(r.issue)}`,
    ),
    context(`${STANDING_TEXT[r.standing]}${by}`),
  ];
  const controls = controlsFor(r.standing, r.issue.ref, r.metricKinds);
  if (controls) blocks.push(controls);
  return {
    text: `Flagged as a ProdSec candidate, ${verb} ${r.issue.ref}: ${STANDING_TEXT[r.standing].replace(/^:[a-z_]+: /, '')}`,
    blocks,
  };
}

/** To CANDIDATE_CHANNEL: an issue entered the ProdSec queue in GitLab. */
export function buildCandidateAnnouncement(issue: ChangedIssue, actor: GitLabActor | null): SlackMessage {
  const by = actor ? ` by ${who(actor)}` : '';
  return {
    text: `New ProdSec candidate in GitLab: ${issue.confidential ? 'a confidential issue, ' : ''}${issue.ref}`,
    blocks: [
      section(`:inbox_tray: New ProdSec candidate, labelled in GitLab${by}: ${channelName(issue)}`),
      context('It is in `/prodsec queue` now.'),
    ],
  };
}

/** To OPS_CHANNEL, once per silence: the sweep found changes no webhook delivered. */
export function buildWebhookSilenceAlert(minutes: number, hookUrl: string | null): SlackMessage {
  const where = hookUrl ? ` at ${hookUrl}` : ' in the GitLab group settings (Webhooks)';
  const text =
    `:rotating_light: GitLab webhooks are not arriving; check the hook${where}. The reconciliation sweep ` +
    `found changes that no webhook delivered, and none was accepted for ${minutes} minutes.`;
  return { text, blocks: [section(text)] };
}
