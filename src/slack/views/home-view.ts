import type { HomeView, KnownBlock } from '@slack/types';
import type { Digest, IssueSummary } from '../../domain/digest.js';
import type { IssueChangeKind } from '../../domain/issue-change.js';
import type { RequestRecord } from '../../store/requests-repo.js';
import { context, divider, header, plain, section } from '../blocks.js';
import { escapeMrkdwn, link, safeText } from '../escape.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';
import { countLink, issueList } from '../messages/digest-message.js';
import { describeIssueChange } from '../messages/issue-change-messages.js';
import { describeStatus } from '../messages/request-messages.js';

export interface HomeEscalation {
  ref: string;
  link: string;
  explanation: string;
  state: string;
  createdAt: number;
}

/** The team-only part of the home tab; every field is plain data, any of it may be missing. */
export interface HomeTeamSections {
  /** The current milestone's digest; null while it has never been loaded. */
  summary: Digest | null;
  loadedAt: number | null;
  /** Why the last refresh failed, when it did. */
  error: string | null;
  refreshing: boolean;
  /** The head of the refinement queue; undefined when the queue is not available. */
  queue?: IssueSummary[];
  /** How many issues wait for refinement in all. */
  queueTotal?: number;
  escalations?: HomeEscalation[];
}

/** What the change record says an issue's standing is now: the change its people were told last. */
export interface HomeIssueStanding {
  kind: IssueChangeKind;
  at: number;
  /** The GitLab username who made the change, when known. */
  actor: string | null;
}

export interface HomeInput {
  requests: RequestRecord[];
  /** By request id: the standing of its issue from the change record, when one was recorded. */
  standings?: Map<number, HomeIssueStanding>;
  member: boolean;
  team?: HomeTeamSections;
  now: number;
  /** The person's GitLab link; absent or not enabled: no Connect button. */
  gitlab?: { enabled: boolean; username: string | null };
}

const MAX_REQUESTS = 10;

function hhmm(at: number): string {
  return `${new Date(at).toISOString().slice(11, 16)} UTC`;
}

function minutesAgo(at: number, now: number): string {
  const min = Math.max(0, Math.round((now - at) / 60_000));
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} d ago`;
}

function standingText(s: HomeIssueStanding | undefined, now: number): string {
  if (!s) return '';
  const by = s.actor ? ` by @${escapeMrkdwn(s.actor)}` : '';
  return ` · in GitLab: *${describeIssueChange(s.kind)}* (${minutesAgo(s.at, now)}${by})`;
}

function requestLines(input: HomeInput): string {
  const { requests } = input;
  if (requests.length === 0) return '_You have not filed any request yet._';
  const lines = requests.slice(0, MAX_REQUESTS).map((r) => {
    const issue = r.issueUrl ? ` · ${link(r.issueUrl, `${r.project}#${r.issueIid}`)}` : '';
    const standing = standingText(input.standings?.get(r.id), input.now);
    return `• *${r.ref}* ${safeText(r.title, 120)}: ${describeStatus(r)}${issue}${standing}`;
  });
  if (requests.length > MAX_REQUESTS) lines.push(`…and more: \`/prodsec mine\``);
  return lines.join('\n');
}

function milestoneBlocks(t: HomeTeamSections, now: number): KnownBlock[] {
  const state = t.refreshing ? ' · refreshing…' : '';
  const stamp = t.loadedAt
    ? `As of ${hhmm(t.loadedAt)} (${Math.round((now - t.loadedAt) / 60_000)} min ago)${state}`
    : '';
  const problem = t.error ? `:warning: GitLab is unavailable (${escapeMrkdwn(t.error)}). ` : '';
  const d = t.summary;
  if (!d) {
    return [
      section(
        `${problem}${t.refreshing ? ':hourglass_flowing_sand: Loading the milestone from GitLab…' : 'No milestone data yet: press Refresh.'}`,
      ),
    ];
  }
  const title = d.milestone ? link(d.milestone.webUrl, d.milestone.title) : '_no current milestone_';
  const w = d.workflow;
  const appsec = d.appsec.holds
    ? ':white_check_mark: AppSec issue in flight'
    : ':warning: *No AppSec-related issue in dev or review*';
  return [
    section(
      `*Milestone* ${title}\n` +
        `Planned ${countLink(d.planned)} (weight ${d.planned.weight}) · done ${countLink(d.done)} (weight ${d.done.weight}) · ` +
        `ready ${countLink(w.ready)} · in dev ${countLink(w.inDev)} · in review ${countLink(w.inReview)} · blocked ${countLink(w.blocked)}\n` +
        `Unrefined candidates ${countLink(d.unrefined)}${d.unrefined.oldest ? ` (oldest ${d.unrefined.oldest.ageDays} d)` : ''}\n${appsec}`,
    ),
    context(`${problem}${stamp || 'Not loaded yet'}`),
  ];
}

function teamBlocks(t: HomeTeamSections, now: number): KnownBlock[] {
  const blocks: KnownBlock[] = [divider(), header('Team'), ...milestoneBlocks(t, now)];
  if (t.queue !== undefined) {
    const rest = (t.queueTotal ?? t.queue.length) - t.queue.length;
    const more = rest > 0 ? `\n…and ${rest} more: \`/prodsec queue\`` : '';
    const list = t.queue.length
      ? issueList(t.queue, { max: 5, withAge: true })
      : '_Empty: nothing waits for refinement._';
    blocks.push(section(`*Refinement queue* (${t.queueTotal ?? t.queue.length})\n${list}${more}`));
  }
  if (t.escalations !== undefined) {
    const lines = t.escalations
      .slice(0, 5)
      .map((e) => `• *${e.ref}* ${e.state} · ${link(e.link, 'link')} ${safeText(e.explanation, 150)}`);
    if (t.escalations.length > 5)
      lines.push(`…and ${t.escalations.length - 5} more: \`/prodsec escalations\``);
    blocks.push(section(`*Open escalations*\n${lines.length ? lines.join('\n') : '_None open._'}`));
  }
  return blocks;
}

function gitlabBlocks(username: string | null): KnownBlock[] {
  if (username) {
    return [
      context(`Connected to GitLab as *@${escapeMrkdwn(username)}* · \`/prodsec disconnect\` to unlink`),
    ];
  }
  return [
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ids.home.connectGitlab,
          text: plain('Connect GitLab'),
          value: 'connect',
        },
      ],
    },
    context(
      'Not connected to GitLab: connect to file and decide as yourself, with what GitLab lets you see.',
    ),
  ];
}

/** The App Home tab: the user's own requests; for team members, the team's view of the milestone. */
export function buildHomeView(input: HomeInput): HomeView {
  const blocks: KnownBlock[] = [
    header('ProdSec requests'),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ids.home.newRequest,
          text: plain('New request'),
          style: 'primary',
          value: 'new',
        },
        { type: 'button', action_id: ids.home.refresh, text: plain('Refresh'), value: 'refresh' },
      ],
    },
    section(`*Your requests*\n${requestLines(input)}`),
  ];
  if (input.gitlab?.enabled) blocks.splice(2, 0, ...gitlabBlocks(input.gitlab.username));
  if (input.member && input.team) blocks.push(...teamBlocks(input.team, input.now));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.modalBlocks) };
}
