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

export interface TextInputOptions {
  actionId: string;
  multiline?: boolean;
  optional?: boolean;
  hint?: string;
  placeholder?: string;
  /** Defaults to Slack's limit for plain_text_input (3000). */
  max?: number;
  /** Cut to `max`, so a long prefill never breaks the view. */
  initial?: string;
}

/** An input block holding one plain_text_input: every form field of the bot's modals. */
export function textInput(blockId: string, label: string, opts: TextInputOptions): KnownBlock {
  const max = opts.max ?? LIMITS.inputMaxLength;
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? false,
    label: plain(label),
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: opts.actionId,
      multiline: opts.multiline ?? false,
      max_length: max,
      ...(opts.initial ? { initial_value: cut(opts.initial, max, '') } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder, 150) } : {}),
    },
  };
}
