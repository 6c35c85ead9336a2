import type { KnownBlock } from '@slack/types';
import { section } from '../blocks.js';
import { LIMITS } from '../limits.js';

/** Lines of mrkdwn packed into as few sections as fit, within a message's block limit. */
export function linesToSections(
  heading: string,
  lines: string[],
  maxBlocks: number = LIMITS.messageBlocks,
): KnownBlock[] {
  const blocks: KnownBlock[] = [section(heading)];
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (chunk.length > 0 && size + line.length + 1 > 2900) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
      size = 0;
    }
    chunk.push(line);
    size += line.length + 1;
  }
  if (chunk.length) blocks.push(section(chunk.join('\n')));
  if (blocks.length <= maxBlocks) return blocks;
  return [...blocks.slice(0, maxBlocks - 1), section('_…and more, cut to fit one message._')];
}
