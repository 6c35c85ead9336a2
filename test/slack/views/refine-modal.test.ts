import { describe, expect, it } from 'vitest';
import { TEXT_MAX, WEIGHT_OVER } from '../../../src/domain/refinement.js';
import { defaultTaxonomy } from '../../../src/domain/taxonomy.js';
import { ids } from '../../../src/slack/ids.js';
import {
  buildRefineModal,
  refineModalMetadataSchema,
  weightOptions,
} from '../../../src/slack/views/refine-modal.js';
import { validateView } from '../../fakes/block-kit-limits.js';
import { blockById, inputs } from '../block-lookup.js';
import { aRefinement, HOSTILE } from '../fixtures.js';

const requestIds = ids.refine;

describe('refinement checklist modal', () => {
  const build = (over: Parameters<typeof aRefinement>[0] = {}, now = 60_000) =>
    buildRefineModal({ record: aRefinement(over), taxonomy: defaultTaxonomy, now, fingerprint: 'fp1' });

  it('finishes as the refine callback, carrying the row id and the labels fingerprint', () => {
    const modal = build();
    expect(modal.callback_id).toBe(requestIds.callbackId);
    expect(refineModalMetadataSchema.parse(JSON.parse(modal.private_metadata ?? ''))).toEqual({
      id: 9,
      labelsFingerprint: 'fp1',
    });
    expect(validateView(modal)).toEqual([]);
  });

  it('holds every handbook step as an optional input, so Save progress works on a partial draft', () => {
    const modal = build();
    expect(inputs(modal)).toEqual(
      [
        requestIds.blocks.goal,
        requestIds.blocks.definitionOfDone,
        requestIds.blocks.breakdown,
        requestIds.blocks.breakdownNote,
        requestIds.blocks.solution,
        requestIds.blocks.needsSolutionValidation,
        requestIds.blocks.weight,
        requestIds.blocks.priority,
        requestIds.blocks.metric,
      ].map((blockId) => ({ blockId, required: false })),
    );
    expect(blockById(modal, requestIds.blocks.goal).element.max_length).toBe(TEXT_MAX.goal);
    expect(blockById(modal, requestIds.blocks.solution).element.max_length).toBe(TEXT_MAX.solution);
    expect(blockById(modal, requestIds.blocks.save).elements[0]).toMatchObject({
      action_id: requestIds.saveButton,
      value: '9',
    });
  });

  it('prefills the saved draft, cut to each max_length, and selects the saved weight', () => {
    const draft = { ...aRefinement().draft, goal: 'g'.repeat(5000), weight: '3' };
    const modal = build({ draft });
    expect(blockById(modal, requestIds.blocks.goal).element.initial_value).toHaveLength(TEXT_MAX.goal);
    expect(blockById(modal, requestIds.blocks.weight).element.initial_option.value).toBe('3');
    expect(validateView(modal)).toEqual([]);
  });

  it('escapes the issue title and labels', () => {
    const json = JSON.stringify(build({ title: HOSTILE, labels: ['<!here>'] }).blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).not.toContain('<https://evil.test');
  });

  it('offers a weight above the scale as its own choice', () => {
    const values = weightOptions(defaultTaxonomy).map((o) => o.value);
    expect(values.at(-1)).toBe(WEIGHT_OVER);
    expect(values.length).toBeLessThanOrEqual(100);
  });

  it('warns once the timebox has passed', () => {
    const over = (defaultTaxonomy.refinementTimeboxMinutes + 1) * 60_000;
    expect(JSON.stringify(build({}, over).blocks)).toContain('Over the timebox');
    expect(JSON.stringify(build({}, 60_000).blocks)).not.toContain('Over the timebox');
  });
});
