import type { KnownBlock } from '@slack/types';
import type { Taxonomy } from '../../domain/taxonomy.js';
import type { TriageFacts } from '../../use-cases/triage.js';
import { context, section } from '../blocks.js';
import { cut, escapeMrkdwn, link, safeText } from '../escape.js';
import { LIMITS } from '../limits.js';
import type { SlackMessage } from './request-messages.js';
import { buildTriageActions } from './triage-buttons.js';

const DAY_MS = 24 * 60 * 60_000;

function standing(labels: string[], t: Taxonomy): string {
  if (labels.includes(t.labels.team)) return 'taken on by the team';
  if (labels.includes(t.labels.candidate)) return 'candidate, waiting for a decision';
  return 'not a candidate';
}

const field = (label: string, value: string) => ({
  type: 'mrkdwn' as const,
  text: cut(`*${label}*\n${value}`, LIMITS.sectionField),
});

/** `/prodsec triage`: the issue at a glance, with Take on, Take on as…, Decline and Refine. */
export function buildTriageCard(
  f: TriageFacts,
  t: Taxonomy,
  now: number,
  metricKinds: string[],
): SlackMessage {
  const { issue } = f;
  const ageDays = Math.max(0, Math.floor((now - Date.parse(issue.createdAt)) / DAY_MS));
  const labels = issue.labels.length ? issue.labels.map((l) => `\`${escapeMrkdwn(l)}\``).join(' ') : '_none_';
  const owners = f.owners.length ? ` (PM/EM: ${f.owners.map((o) => `@${escapeMrkdwn(o)}`).join(' ')})` : '';
  const group = f.groupLabel
    ? `${escapeMrkdwn(f.groupLabel)}${owners || ' (no PM/EM recorded)'}`
    : '_no group label_';
  const who: string[] = [];
  if (f.request) who.push(`requested by <@${f.request.requesterId}> as ${f.request.ref}`);
  if (f.flaggers.length) who.push(`flagged by ${f.flaggers.map((u) => `<@${u}>`).join(', ')}`);
  const blocks: KnownBlock[] = [
    section(`*${link(issue.webUrl, f.issueRef)}* ${safeText(issue.title, 1000)}`),
    {
      type: 'section',
      fields: [
        field('Standing', `${standing(issue.labels, t)}${issue.state === 'closed' ? ' (closed)' : ''}`),
        field('Group', group),
        field('Author', `@${escapeMrkdwn(issue.author)}`),
        field(
          'Age',
          `${ageDays} day${ageDays === 1 ? '' : 's'}${issue.confidential ? ' · confidential' : ''}`,
        ),
        field('Labels', labels),
      ],
    },
  ];
  if (who.length) blocks.push(context(who.join(' · ')));
  blocks.push(buildTriageActions(f.issueRef, metricKinds));
  return { text: `Triage ${f.issueRef}: ${escapeMrkdwn(issue.title)}`, blocks };
}
