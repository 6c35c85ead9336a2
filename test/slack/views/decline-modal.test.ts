import { describe, expect, it } from 'vitest';
import { REASON_MAX } from '../../../src/domain/decision.js';
import { ids } from '../../../src/slack/ids.js';
import {
  buildDeclineModal,
  buildNoticeModal,
  declineModalMetadataSchema,
} from '../../../src/slack/views/decline-modal.js';
import { validateView } from '../../fakes/block-kit-limits.js';
import { blockById, inputs } from '../block-lookup.js';

const candidateIds = ids.candidates;

describe('decline modal', () => {
  it('requires a reason up to REASON_MAX and makes community contributions optional', () => {
    const modal = buildDeclineModal('group/project#7');
    expect(modal.callback_id).toBe(candidateIds.declineCallbackId);
    expect(declineModalMetadataSchema.parse(JSON.parse(modal.private_metadata ?? ''))).toEqual({
      issueRef: 'group/project#7',
    });
    expect(inputs(modal)).toEqual([
      { blockId: candidateIds.declineBlocks.reason, required: true },
      { blockId: candidateIds.declineBlocks.community, required: false },
    ]);
    const reason = blockById(modal, candidateIds.declineBlocks.reason).element;
    expect(reason).toMatchObject({
      type: 'plain_text_input',
      action_id: candidateIds.action,
      max_length: REASON_MAX,
    });
    const community = blockById(modal, candidateIds.declineBlocks.community).element;
    expect(community.options.map((o: { value: string }) => o.value)).toEqual([candidateIds.communityOption]);
    expect(validateView(modal)).toEqual([]);
  });

  it('escapes an issue ref that carries mrkdwn', () => {
    const json = JSON.stringify(buildDeclineModal('<!channel>#1').blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('cuts a long notice title to the modal limit', () => {
    const notice = buildNoticeModal('A title far longer than twenty-four characters', 'Done.');
    expect(validateView(notice)).toEqual([]);
    expect(notice.title.text.length).toBeLessThanOrEqual(24);
  });
});
