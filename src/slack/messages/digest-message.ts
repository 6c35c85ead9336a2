import type { KnownBlock, SectionBlock } from '@slack/types';
import type { Count, Digest, IssueSummary } from '../../domain/digest.js';
import { type AudienceFacts, disclosureFor, type IssueFacts } from '../../domain/visibility.js';
import { context, header, section } from '../blocks.js';
import { cut, escapeMrkdwn, link, safeText } from '../escape.js';
import { LIMITS } from '../limits.js';
import { buildDigestEscalationsBlock, type DigestEscalations } from './digest-escalations.js';
import { buildStaleSupportBlocks, type StaleSupportQuestion } from './intake-messages.js';
import type { SlackMessage } from './request-messages.js';

/** What happened in Slack since the previous digest of the same subscription. */
export interface DigestActivity {
  /** `confidential`: the request was filed as a confidential issue; its title stays out of channels. */
  newRequests: Array<{ ref: string; title: string; issueUrl: string | null; confidential: boolean }>;
  decisions: Array<{ action: string; count: number }>;
  /**
   * Changes made in GitLab other than decisions, from the change record the requesters' and
   * flaggers' notices were told from (`kind` in the notices' words, e.g. "in development").
   */
  changes?: Array<{ kind: string; count: number }>;
}

/** A digest is always a channel post; `teamData` when a team member chose to post team data there. */
export type DigestAudience = Extract<AudienceFacts, { kind: 'channel' }>;

export interface DigestMessageInput {
  digest: Digest;
  /** Who reads the post: decides, per issue, whether its title or only its reference and link is shown. */
  audience: DigestAudience;
  /** The "waiting too long" list: stale candidates not mentioned within the last week. */
  waiting: IssueSummary[];
  staleDays: number;
  activity?: DigestActivity;
  escalations?: DigestEscalations;
  /** Support questions open longer than SUPPORT_STALE_HOURS. */
  staleSupport?: { questions: StaleSupportQuestion[]; now: number; staleHours: number };
}

/** A count, linked to its GitLab list when there is one. */
export function countLink(c: Count, label = String(c.count)): string {
  return c.url ? link(c.url, label) : escapeMrkdwn(label);
}

/** What the digest knows of an issue: the project's visibility is not read, so it counts as unknown. */
const factsOf = (confidential: boolean): IssueFacts => ({
  confidential,
  projectVisibility: 'unknown',
  inScope: true,
});

function issueLine(i: IssueSummary, withAge = false, audience?: AudienceFacts): string {
  // NOTE: a channel may hold people who cannot see a confidential issue; its title stays in GitLab.
  const shown = audience
    ? disclosureFor(audience, factsOf(i.confidential))
    : i.confidential
      ? 'reference'
      : 'content';
  const title =
    shown === 'content' ? safeText(i.title, 150) : i.confidential ? '_confidential issue_' : '_issue_';
  const age = withAge ? ` · ${i.ageDays} d` : '';
  return `• ${link(i.webUrl, i.ref)} ${title}${age}`;
}

/** Lines of issues cut to `max` entries and to one section, ending with "and N more" (linked when possible). */
export function issueList(
  items: IssueSummary[],
  opts: { max?: number; moreUrl?: string; withAge?: boolean; audience?: AudienceFacts } = {},
): string {
  const max = opts.max ?? 10;
  const budget = LIMITS.sectionText - 200;
  const lines: string[] = [];
  let size = 0;
  for (const item of items) {
    const line = issueLine(item, opts.withAge, opts.audience);
    if (lines.length >= max || size + line.length + 1 > budget) break;
    lines.push(line);
    size += line.length + 1;
  }
  const rest = items.length - lines.length;
  if (rest > 0) {
    const more = `and ${rest} more`;
    lines.push(opts.moreUrl ? `…${link(opts.moreUrl, more)}` : `…${more}`);
  }
  return lines.join('\n');
}

const field = (text: string) => ({ type: 'mrkdwn' as const, text: cut(text, LIMITS.sectionField) });

function numbers(d: Digest): SectionBlock {
  const w = d.workflow;
  const oldest = d.unrefined.oldest ? ` (oldest ${d.unrefined.oldest.ageDays} d)` : '';
  return {
    type: 'section',
    fields: [
      field(`*Planned*\n${countLink(d.planned)} issues · weight ${d.planned.weight}`),
      field(`*Done*\n${countLink(d.done)} closed · weight ${d.done.weight}`),
      field(`*Velocity*\n${d.velocity === null ? 'n/a' : `${d.velocity} weight/week`}`),
      field(`*Ready for development*\n${countLink(w.ready)}`),
      field(`*In dev*\n${countLink(w.inDev)}`),
      field(`*In review*\n${countLink(w.inReview)}`),
      field(`*Blocked*\n${countLink(w.blocked)}`),
      field(`*Complete*\n${countLink(w.complete)}`),
      field(`*Unrefined candidates*\n${countLink(d.unrefined)}${oldest}`),
    ],
  };
}

function appsecBlock(d: Digest, audience: DigestAudience): KnownBlock {
  if (d.appsec.holds) {
    return section(
      `:white_check_mark: *AppSec in flight:* ${d.appsec.inFlight.length} AppSec issue(s) in dev or review.\n` +
        issueList(d.appsec.inFlight, { max: 3, audience }),
    );
  }
  return section(
    ':warning: *No AppSec-related issue is in flight.* The team should always have at least one AppSec ' +
      'issue in dev or in review, to keep reducing AppSec’s manual work. Pick one from the backlog.',
  );
}

function healthBlocks(d: Digest, audience: DigestAudience): KnownBlock[] {
  const h = d.health;
  const out: KnownBlock[] = [];
  const add = (title: string, items: IssueSummary[], url?: string) => {
    if (items.length === 0) return;
    const count = countLink({ count: items.length, url });
    out.push(section(`*${title} (${count})*\n${issueList(items, { max: 5, moreUrl: url, audience })}`));
  };
  add('Committed without a weight', h.missingWeight, d.healthUrls.missingWeight);
  add('Committed without an assignee', h.missingAssignee, d.healthUrls.missingAssignee);
  add('Committed without a metric label', h.missingMetric);
  add('Unplanned (added after the milestone started)', h.unplanned);
  return out;
}

function activityBlock(d: Digest, a: DigestActivity, audience: DigestAudience): KnownBlock {
  const requests = a.newRequests.slice(0, 5).map((r) => {
    const shown = disclosureFor(audience, factsOf(r.confidential));
    const hidden = r.confidential ? '_a confidential request_' : '_a request_';
    const title = shown === 'content' ? safeText(r.title, 120) : hidden;
    return `• *${r.ref}* ${title}${r.issueUrl ? ` · ${link(r.issueUrl, 'issue')}` : ''}`;
  });
  if (a.newRequests.length > 5) requests.push(`…and ${a.newRequests.length - 5} more`);
  const decisions = a.decisions.map((x) => `${escapeMrkdwn(x.action)} ${x.count}`).join(' · ');
  const changes = (a.changes ?? []).map((x) => `${escapeMrkdwn(x.kind)} ${x.count}`).join(' · ');
  return section(
    '*Since the last digest*\n' +
      `New requests through the bot: ${a.newRequests.length}\n${requests.join('\n')}${requests.length ? '\n' : ''}` +
      `Decisions: ${decisions || 'none'}\n` +
      (a.changes ? `Changes in GitLab: ${changes || 'none'}\n` : '') +
      `Closed: ${d.closedSince.length}${d.closedSince.length ? `\n${issueList(d.closedSince, { max: 5, audience })}` : ''}`,
  );
}

/**
 * Support questions are posted to SUPPORT_CHANNEL, where the team works: their text is shown only
 * in a digest of team data; elsewhere the count and the links to their threads.
 */
function staleSupportBlocks(input: DigestMessageInput): KnownBlock[] {
  const s = input.staleSupport;
  if (!s) return [];
  return buildStaleSupportBlocks(s.questions, s.now, s.staleHours, 10, { showText: input.audience.teamData });
}

/** The digest as one channel message: numbers first, then what needs attention. */
export function buildDigestMessage(input: DigestMessageInput): SlackMessage {
  const { digest: d, audience } = input;
  if (!d.milestone) {
    const text = 'No current milestone: no active milestone in GitLab has dates that contain today.';
    return {
      text,
      blocks: [
        header('Milestone digest'),
        section(`:calendar: ${text}`),
        numbers(d),
        appsecBlock(d, audience),
        ...staleSupportBlocks(input),
      ],
    };
  }
  const m = d.milestone;
  const dates = [m.startDate, m.dueDate].filter((x) => x !== null).join(' → ');
  const blocks: KnownBlock[] = [
    header(`Milestone digest: ${m.title}`),
    context(`${link(m.webUrl, m.title)}${dates ? ` · ${dates}` : ''}`),
    numbers(d),
    appsecBlock(d, audience),
  ];
  if (d.blocked.length > 0) {
    blocks.push(
      section(
        `*Blocked (${countLink(d.workflow.blocked)})*\n${issueList(d.blocked, { moreUrl: d.workflow.blocked.url, audience })}`,
      ),
    );
  }
  if (input.waiting.length > 0) {
    blocks.push(
      section(
        `*Waiting too long (over ${input.staleDays} days without a decision)*\n` +
          issueList(input.waiting, { withAge: true, moreUrl: d.unrefined.url, audience }),
      ),
    );
  }
  blocks.push(...healthBlocks(d, audience));
  blocks.push(...staleSupportBlocks(input));
  const escalations = input.escalations && buildDigestEscalationsBlock(input.escalations);
  if (escalations) blocks.push(escalations);
  if (input.activity) blocks.push(activityBlock(d, input.activity, audience));
  if (d.truncated)
    blocks.push(context('Some GitLab lists were longer than the bot reads; numbers may be low.'));
  const text =
    `Milestone digest ${m.title}: ${d.planned.count} planned (weight ${d.planned.weight}), ` +
    `${d.done.count} done, ${d.workflow.blocked.count} blocked` +
    (d.appsec.holds ? '' : ', no AppSec issue in flight');
  return { text, blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

export function buildDigestUnavailableMessage(reason: string): SlackMessage {
  const text = `The milestone digest is unavailable right now (${reason}); the bot is retrying.`;
  return { text, blocks: [section(`:hourglass_flowing_sand: ${escapeMrkdwn(text)}`)] };
}

export function buildDigestFailedMessage(reason: string): SlackMessage {
  const text = `The milestone digest could not be built: ${reason}. It will be tried again at the next slot.`;
  return { text, blocks: [section(`:warning: ${escapeMrkdwn(text)}`)] };
}
