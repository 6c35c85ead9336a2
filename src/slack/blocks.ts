import type { KnownBlock, PlainTextElement } from '@slack/types';
import { cut, safeText } from './escape.js';
import { LIMITS } from './limits.js';

export const plain = (text: string, max: number = LIMITS.optionText): PlainTextElement => ({
  type: 'plain_text',
  text: cut(text || ' ', max),
  emoji: true,
});

/** A section of bot-authored mrkdwn (already escaped where it quotes users), cut to Slack's limit. */
export const section = (mrkdwn: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: cut(mrkdwn, LIMITS.sectionText) },
});

/** A section quoting untrusted text: escaped, then cut. */
export const quoteSection = (label: string, untrusted: string): KnownBlock =>
  section(`*${label}*\n${safeText(untrusted, LIMITS.sectionText - label.length - 4)}`);

export const header = (text: string): KnownBlock => ({ type: 'header', text: plain(text, LIMITS.header) });

export const context = (mrkdwn: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: cut(mrkdwn, LIMITS.sectionText) }],
});

export const divider = (): KnownBlock => ({ type: 'divider' });

/** Keeps at most `max` blocks; the last kept one says how many were left out. */
export function fitBlocks(blocks: KnownBlock[], max: number, more: (n: number) => KnownBlock): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, more(blocks.length - kept.length)];
}
