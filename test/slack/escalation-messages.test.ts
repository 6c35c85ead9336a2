import { describe, expect, it } from 'vitest';
import {
  buildEscalationList,
  buildEscalationPost,
  renderMentions,
} from '../../src/slack/messages/escalation-messages.js';
import type { EscalationRecord } from '../../src/store/escalations-repo.js';
import { validateBlocks } from '../fakes/block-kit-limits.js';

const base: EscalationRecord = {
  id: 3,
  ref: 'E-3',
  link: 'https://x.test/a',
  explanation: '<!channel> look <https://evil.test|here>',
  escalator: 'U1',
  requestRef: null,
  issue: null,
  channelId: 'CSEC',
  messageTs: null,
  state: 'open',
  round: 0,
  level: 0,
  nextRepeatAt: null,
  clockStartedAt: 0,
  acknowledgedBy: null,
  acknowledgedAt: null,
  timeToAckMs: null,
  resolvedBy: null,
  resolvedAt: null,
  resolutionNote: null,
  version: 1,
  createdAt: 0,
  updatedAt: 0,
};

describe('escalation messages', () => {
  it('renders real mentions for the group, the leads and @here, and drops malformed ids', () => {
    const m = { usergroup: 'S123', leads: ['UL1', 'bad>id'] };
    expect(renderMentions(['group'], m)).toBe('<!subteam^S123>');
    expect(renderMentions(['group', 'leads', 'here'], m)).toBe('<!here> <!subteam^S123> <@UL1>');
    expect(renderMentions(['group'], { usergroup: undefined, leads: [] })).toBe('');
  });

  it('escapes the explanation in the post and stays within Block Kit limits', () => {
    const post = buildEscalationPost(
      { ...base, explanation: `${base.explanation} ${'y'.repeat(5000)}` },
      { mentions: '<!subteam^S1>', repeatMinutes: 15 },
    );
    const json = JSON.stringify(post);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).not.toContain('<https://evil.test');
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
  });

  it('keeps a list of many escalations within 50 blocks', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      ...base,
      id: i + 1,
      ref: `E-${i + 1}`,
      explanation: 'z'.repeat(400),
    }));
    const msg = buildEscalationList(many, 60_000);
    expect(msg.blocks?.length).toBeLessThanOrEqual(50);
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
  });
});
