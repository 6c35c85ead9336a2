import { describe, expect, it } from 'vitest';
import { CHOICE_DUPLICATE_PREFIX, CHOICE_NEW, CHOICE_OTHER } from '../../../src/domain/candidate.js';
import { TITLE_MAX } from '../../../src/domain/request.js';
import { ids } from '../../../src/slack/ids.js';
import {
  buildAlreadyFlaggedModal,
  buildFlagModal,
  buildFlagSavedModal,
  type FlagModalInput,
  flagModalMetadataSchema,
} from '../../../src/slack/views/flag-modal.js';
import { validateView } from '../../fakes/block-kit-limits.js';
import { blockById, inputs } from '../block-lookup.js';
import { anIssue, HOSTILE } from '../fixtures.js';

const candidateIds = ids.candidates;
const flagIds = candidateIds.flagBlocks;
const meta = { channelId: 'C1', messageTs: '1.2', threadTs: '1.0', permalink: 'https://slack.test/p1' };
const input = (over: Partial<FlagModalInput> = {}): FlagModalInput => ({
  meta,
  message: 'the message',
  title: 'a title',
  suggestions: { state: 'loading' },
  ...over,
});
const choiceValues = (modal: ReturnType<typeof buildFlagModal>) =>
  blockById(modal, flagIds.choice).element.options.map((o: { value: string }) => o.value);

describe('flag modal', () => {
  it('submits as the flag callback with the message location in its metadata; only the choice is required', () => {
    const modal = buildFlagModal(input());
    expect(modal.callback_id).toBe(candidateIds.flagCallbackId);
    expect(flagModalMetadataSchema.parse(JSON.parse(modal.private_metadata ?? ''))).toEqual(meta);
    expect(inputs(modal).filter((i) => i.required)).toEqual([{ blockId: flagIds.choice, required: true }]);
    expect(blockById(modal, flagIds.title).element.max_length).toBe(TITLE_MAX);
    expect(blockById(modal, flagIds.existing).element.max_length).toBe(500);
    expect(blockById(modal, flagIds.choice).element.initial_option.value).toBe(CHOICE_NEW);
    expect(validateView(modal)).toEqual([]);
  });

  it('prefills a message longer than max_length cut to it, and stays a valid view', () => {
    const modal = buildFlagModal(input({ message: 'm'.repeat(10_000), title: 't'.repeat(1000) }));
    const message = blockById(modal, flagIds.message).element;
    expect(message.initial_value.length).toBeLessThanOrEqual(message.max_length);
    const title = blockById(modal, flagIds.title).element;
    expect(title.initial_value.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(validateView(modal)).toEqual([]);
  });

  it('offers each found duplicate as a choice and lists it with its title escaped', () => {
    const issues = [anIssue({ title: HOSTILE }), anIssue({ iid: 13, ref: 'group/product#13' })];
    const modal = buildFlagModal(input({ suggestions: { state: 'done', issues } }));
    expect(choiceValues(modal)).toEqual([
      CHOICE_NEW,
      `${CHOICE_DUPLICATE_PREFIX}group/product#12`,
      `${CHOICE_DUPLICATE_PREFIX}group/product#13`,
      CHOICE_OTHER,
    ]);
    const list = JSON.stringify(blockById(modal, flagIds.suggestions));
    expect(list).not.toContain('<!channel>');
    expect(list).not.toContain('<https://evil.test');
    expect(validateView(modal)).toEqual([]);
  });

  it('leaves out a duplicate whose option value would pass the 150-character limit', () => {
    const long = anIssue({ ref: `${'g/'.repeat(80)}p#1` });
    const modal = buildFlagModal(input({ suggestions: { state: 'done', issues: [long] } }));
    expect(choiceValues(modal)).toEqual([CHOICE_NEW, CHOICE_OTHER]);
    expect(validateView(modal)).toEqual([]);
  });

  it('says why the search failed, escaped', () => {
    const modal = buildFlagModal(input({ suggestions: { state: 'failed', reason: '<!here> down' } }));
    const text = JSON.stringify(blockById(modal, flagIds.suggestions));
    expect(text).toContain('&lt;!here&gt; down');
  });

  it('closes with a notice once saved, or when the message was flagged already', () => {
    for (const view of [
      buildFlagSavedModal('new'),
      buildFlagSavedModal('existing', HOSTILE),
      buildAlreadyFlaggedModal({ flaggerId: 'U2', issueUrl: 'https://gitlab.test/i/1', issueRef: 'g/p#1' }),
    ]) {
      expect(view.callback_id).toBeUndefined();
      expect(validateView(view)).toEqual([]);
      expect(JSON.stringify(view)).not.toContain('<!channel>');
    }
  });
});
