import { describe, expect, it } from 'vitest';
import { EXPLANATION_MAX } from '../../../src/domain/escalation.js';
import { ids } from '../../../src/slack/ids.js';
import {
  buildEscalatedModal,
  buildEscalationModal,
  buildResolveModal,
  escalationModalMetadataSchema,
  resolveModalMetadataSchema,
} from '../../../src/slack/views/escalation-modal.js';
import { validateView } from '../../fakes/block-kit-limits.js';
import { blockById, inputs } from '../block-lookup.js';

const escalationIds = ids.escalation;

describe('escalation modals', () => {
  it('requires a link and an explanation capped at EXPLANATION_MAX, and carries the request ref', () => {
    const modal = buildEscalationModal({ requestRef: 'R-4', channelLabel: '<#CSEC>' });
    expect(modal.callback_id).toBe(escalationIds.callbackId);
    expect(escalationModalMetadataSchema.parse(JSON.parse(modal.private_metadata ?? ''))).toEqual({
      requestRef: 'R-4',
    });
    expect(inputs(modal)).toEqual([
      { blockId: escalationIds.blocks.link, required: true },
      { blockId: escalationIds.blocks.explanation, required: true },
    ]);
    expect(blockById(modal, escalationIds.blocks.link).element.max_length).toBe(1000);
    expect(blockById(modal, escalationIds.blocks.explanation).element).toMatchObject({
      action_id: escalationIds.action,
      multiline: true,
      max_length: EXPLANATION_MAX,
    });
    expect(validateView(modal)).toEqual([]);
  });

  it('prefills a link no longer than its max_length', () => {
    const modal = buildEscalationModal({
      link: `https://x.test/${'a'.repeat(2000)}`,
      channelLabel: 'the channel',
    });
    const link = blockById(modal, escalationIds.blocks.link).element;
    expect(link.initial_value.length).toBeLessThanOrEqual(link.max_length);
    expect(JSON.parse(modal.private_metadata ?? '')).toEqual({ requestRef: null });
    expect(validateView(modal)).toEqual([]);
  });

  it('escapes a request ref that carries mrkdwn', () => {
    const json = JSON.stringify(buildEscalationModal({ requestRef: '<!here>', channelLabel: 'x' }).blocks);
    expect(json).not.toContain('<!here>');
  });

  it('resolves by escalation id with an optional note', () => {
    const modal = buildResolveModal(12, 'E-12');
    expect(modal.callback_id).toBe(escalationIds.resolveCallbackId);
    expect(resolveModalMetadataSchema.parse(JSON.parse(modal.private_metadata ?? ''))).toEqual({
      escalationId: 12,
    });
    expect(inputs(modal)).toEqual([{ blockId: escalationIds.blocks.note, required: false }]);
    expect(blockById(modal, escalationIds.blocks.note).element.max_length).toBe(1000);
    expect(validateView(modal)).toEqual([]);
    expect(validateView(buildEscalatedModal('E-12'))).toEqual([]);
  });
});
