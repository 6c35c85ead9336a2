import type { KnownBlock } from '@slack/types';
import type { RefinementQueue } from '../../use-cases/refinement-queue.js';
import { context, header, section } from '../blocks.js';
import { cut, link, safeText } from '../escape.js';
import { LIMITS } from '../limits.js';
import { buildRefineButton } from './refine-button.js';
import type { SlackMessage } from './request-messages.js';

const DAY_MS = 24 * 60 * 60_000;

/** `/prodsec queue`: the oldest issues waiting for refinement, each with a Refine button. */
export function buildRefinementQueueMessage(q: RefinementQueue, now: number): SlackMessage {
  if (q.total === 0) {
    return {
      text: 'The refinement queue is empty.',
      blocks: [section(':tada: The refinement queue is empty.')],
    };
  }
  // NOTE: a message holds at most 50 blocks: header, summary and footer leave room for 45 issues.
  const shown = q.issues.slice(0, LIMITS.messageBlocks - 5);
  const items: KnownBlock[] = shown.map((i) => {
    const days = Math.max(0, Math.floor((now - Date.parse(i.createdAt)) / DAY_MS));
    const labels = i.labels.map((l) => `\`${safeText(l, 80)}\``).join(' ');
    return {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(
          `*${link(i.webUrl, i.ref)}* ${safeText(i.title, 300)}\nwaiting ${days} d · ${labels}`,
          LIMITS.sectionText,
        ),
      },
      accessory: buildRefineButton(i.ref),
    };
  });
  const more = q.total > shown.length ? `, showing the oldest ${shown.length}` : '';
  const capped = q.truncated ? ' GitLab returned more than the bot reads; the count is a lower bound.' : '';
  return {
    text: `Refinement queue: ${q.total} issues waiting.`,
    blocks: [
      header('Refinement queue'),
      context(
        `${q.total} open issue${q.total === 1 ? '' : 's'} waiting for refinement, oldest first${more}.${capped}`,
      ),
      ...items,
    ],
  };
}
