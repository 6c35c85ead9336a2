import { describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import {
  buildCandidateReply,
  buildFlagFailedMessage,
  buildFlagWillRetryMessage,
} from '../../../src/slack/messages/candidate-messages.js';
import { buildTriageActions, refFromTriageBlock } from '../../../src/slack/messages/triage-buttons.js';
import { validateBlocks } from '../../fakes/block-kit-limits.js';
import { HOSTILE } from '../fixtures.js';

const candidateIds = ids.candidates;

describe('triage controls', () => {
  it('carry the issue ref in every control, and the select’s block_id gives it back', () => {
    const block = buildTriageActions('group/product#12', ['AppSec', 'Paved road']);
    expect(refFromTriageBlock(block.block_id)).toBe('group/product#12');
    const byAction = Object.fromEntries(
      block.elements.map((e) => ['action_id' in e ? e.action_id : '', e] as const),
    );
    expect(byAction[candidateIds.takeOn]).toMatchObject({ value: 'group/product#12' });
    expect(byAction[candidateIds.decline]).toMatchObject({ value: 'group/product#12' });
    expect(byAction[ids.refine.openButton]).toMatchObject({ value: 'group/product#12' });
    expect(byAction[candidateIds.takeOnAs]).toMatchObject({
      options: [
        { value: 'AppSec', text: { text: 'AppSec' } },
        { value: 'Paved road', text: { text: 'Paved road' } },
      ],
    });
    expect(validateBlocks([block], 'message')).toEqual([]);
  });

  it('leave out metric kinds too long for an option value, and keep the block_id within 255', () => {
    const block = buildTriageActions(`${'g/'.repeat(200)}p#1`, ['ok', 'k'.repeat(151)]);
    expect(block.block_id?.length).toBeLessThanOrEqual(255);
    const select = block.elements.find((e) => 'action_id' in e && e.action_id === candidateIds.takeOnAs);
    expect(select).toMatchObject({ options: [{ value: 'ok' }] });
    expect(refFromTriageBlock('something_else')).toBeUndefined();
  });
});

describe('candidate messages', () => {
  it('reply in the thread with the issue link, the title escaped, and the triage controls', () => {
    const m = buildCandidateReply({
      flaggerId: 'U1',
      mode: 'new',
      issueRef: 'group/product#12',
      issueUrl: 'https://gitlab.test/group/product/-/issues/12',
      title: HOSTILE,
      metricKinds: ['AppSec'],
      disclosure: 'content',
    });
    const json = JSON.stringify(m.blocks);
    expect(m.text).toContain('filed as group/product#12');
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil.test');
    expect(m.blocks?.some((b) => b.type === 'actions' && refFromTriageBlock(b.block_id))).toBe(true);
    expect(validateBlocks(m.blocks, 'message')).toEqual([]);
  });

  it('say why a flag failed, escaped, and what was done before it stopped', () => {
    const m = buildFlagFailedMessage('<!here> 403', 'https://slack.test/p', ['label added']);
    expect(m.text).not.toContain('<!here>');
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('&lt;!here&gt; 403');
    expect(json).toContain('Done before it stopped: label added.');
    expect(JSON.stringify(buildFlagFailedMessage('x', null, []).blocks)).toContain('Nothing was changed');
    expect(validateBlocks(buildFlagWillRetryMessage().blocks, 'message')).toEqual([]);
  });
});
