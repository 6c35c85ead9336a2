import type { RespondArguments } from '@slack/bolt';
import { section } from '../blocks.js';
import { escapeMrkdwn } from '../escape.js';
import { COMMAND } from '../ids.js';

export function buildHelp(
  entries: Array<{ usage: string; summary: string }>,
  problem?: string,
): RespondArguments {
  const lines = entries.map((e) => `• \`${COMMAND} ${e.usage}\`: ${e.summary}`);
  const intro = problem ? `:thinking_face: ${escapeMrkdwn(problem)}\n\n` : '';
  const text = `${intro}*prodsec-bot commands*\n${lines.join('\n')}`;
  return { response_type: 'ephemeral', text, blocks: [section(text)] };
}
