import { describe, expect, it } from 'vitest';
import { LONG_TEXT_MAX, TITLE_MAX } from '../../../src/domain/request.js';
import { ids } from '../../../src/slack/ids.js';
import {
  buildRequestModal,
  buildRequestSavedModal,
  requestModalMetadataSchema,
} from '../../../src/slack/views/request-modal.js';
import { validateView } from '../../fakes/block-kit-limits.js';
import { blockById, inputs } from '../block-lookup.js';

const requestIds = ids.request;

describe('request modal', () => {
  const modal = buildRequestModal({ channelId: 'C1' });

  it('submits as the request callback, carrying the channel in its metadata', () => {
    expect(modal.callback_id).toBe(requestIds.callbackId);
    expect(requestModalMetadataSchema.parse(JSON.parse(modal.private_metadata ?? ''))).toEqual({
      channelId: 'C1',
    });
    expect(validateView(modal)).toEqual([]);
  });

  it('asks every intake field, requiring all but the manual process, links and visibility', () => {
    expect(inputs(modal)).toEqual([
      { blockId: requestIds.blocks.title, required: true },
      { blockId: requestIds.blocks.kind, required: true },
      { blockId: requestIds.blocks.problem, required: true },
      { blockId: requestIds.blocks.currentProcess, required: false },
      { blockId: requestIds.blocks.desiredOutcome, required: true },
      { blockId: requestIds.blocks.definitionOfDone, required: true },
      { blockId: requestIds.blocks.requestingTeam, required: true },
      { blockId: requestIds.blocks.links, required: false },
      { blockId: requestIds.blocks.confidential, required: false },
    ]);
    for (const { blockId } of inputs(modal))
      expect(blockById(modal, blockId).element.action_id).toBe(requestIds.action);
  });

  it("caps the title at GitLab's limit and long texts at the domain's", () => {
    expect(blockById(modal, requestIds.blocks.title).element.max_length).toBe(TITLE_MAX);
    expect(blockById(modal, requestIds.blocks.requestingTeam).element.max_length).toBe(200);
    for (const id of [
      requestIds.blocks.problem,
      requestIds.blocks.desiredOutcome,
      requestIds.blocks.definitionOfDone,
    ]) {
      expect(blockById(modal, id).element.max_length).toBeLessThanOrEqual(LONG_TEXT_MAX);
    }
  });

  it('offers both kinds and starts confidential', () => {
    const kinds = blockById(modal, requestIds.blocks.kind).element.options.map(
      (o: { value: string }) => o.value,
    );
    expect(kinds.sort()).toEqual(['internal', 'product']);
    const visibility = blockById(modal, requestIds.blocks.confidential).element;
    expect(visibility.initial_options.map((o: { value: string }) => o.value)).toEqual([
      requestIds.confidentialOption,
    ]);
  });

  it('answers with the saved ref and no form once submitted', () => {
    const saved = buildRequestSavedModal('R-12');
    expect(saved.callback_id).toBeUndefined();
    expect(saved.submit).toBeUndefined();
    expect(JSON.stringify(saved.blocks)).toContain('/prodsec status R-12');
    expect(validateView(saved)).toEqual([]);
  });
});
