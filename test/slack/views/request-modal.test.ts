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

const R = ids.request;

describe('request modal', () => {
  const modal = buildRequestModal({ channelId: 'C1' });

  it('submits as the request callback, carrying the channel in its metadata', () => {
    expect(modal.callback_id).toBe(R.callbackId);
    expect(requestModalMetadataSchema.parse(JSON.parse(modal.private_metadata ?? ''))).toEqual({
      channelId: 'C1',
    });
    expect(validateView(modal)).toEqual([]);
  });

  it('asks every intake field, requiring all but the manual process, links and visibility', () => {
    expect(inputs(modal)).toEqual([
      { blockId: R.blocks.title, required: true },
      { blockId: R.blocks.kind, required: true },
      { blockId: R.blocks.problem, required: true },
      { blockId: R.blocks.currentProcess, required: false },
      { blockId: R.blocks.desiredOutcome, required: true },
      { blockId: R.blocks.definitionOfDone, required: true },
      { blockId: R.blocks.requestingTeam, required: true },
      { blockId: R.blocks.links, required: false },
      { blockId: R.blocks.confidential, required: false },
    ]);
    for (const { blockId } of inputs(modal))
      expect(blockById(modal, blockId).element.action_id).toBe(R.action);
  });

  it("caps the title at GitLab's limit and long texts at the domain's", () => {
    expect(blockById(modal, R.blocks.title).element.max_length).toBe(TITLE_MAX);
    expect(blockById(modal, R.blocks.requestingTeam).element.max_length).toBe(200);
    for (const id of [R.blocks.problem, R.blocks.desiredOutcome, R.blocks.definitionOfDone]) {
      expect(blockById(modal, id).element.max_length).toBeLessThanOrEqual(LONG_TEXT_MAX);
    }
  });

  it('offers both kinds and starts confidential', () => {
    const kinds = blockById(modal, R.blocks.kind).element.options.map((o: { value: string }) => o.value);
    expect(kinds.sort()).toEqual(['internal', 'product']);
    const visibility = blockById(modal, R.blocks.confidential).element;
    expect(visibility.initial_options.map((o: { value: string }) => o.value)).toEqual([R.confidentialOption]);
  });

  it('answers with the saved ref and no form once submitted', () => {
    const saved = buildRequestSavedModal('R-12');
    expect(saved.callback_id).toBeUndefined();
    expect(saved.submit).toBeUndefined();
    expect(JSON.stringify(saved.blocks)).toContain('/prodsec status R-12');
    expect(validateView(saved)).toEqual([]);
  });
});
