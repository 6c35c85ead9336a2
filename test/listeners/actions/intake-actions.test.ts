import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { decodeIntakeState, intakeFieldBlockId } from '../../../src/slack/views/intake-state.js';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { blockActionsPayload, waitFor } from '../../helpers/slack-request.js';

const intakeIds = ids.intake;

// biome-ignore lint/suspicious/noExplicitAny: Slack's view shape, read loosely.
type View = any;

const text = (value: string) => ({ type: 'plain_text_input', value });

/** The block_actions Slack sends when the person picks `typeId` in the form, with what they typed. */
function pick(view: View, typeId: string, values: Record<string, Record<string, unknown>>) {
  return blockActionsPayload({
    actionId: intakeIds.typePick,
    blockId: intakeIds.blocks.type,
    selectedOption: { value: typeId },
    view: {
      ...view,
      state: {
        values: {
          ...values,
          [intakeIds.blocks.type]: {
            [intakeIds.typePick]: { type: 'static_select', selected_option: { value: typeId } },
          },
        },
      },
    },
  });
}

const blockIds = (view: View) => (view.blocks as Array<{ block_id?: string }>).map((b) => b.block_id);
const initialOf = (view: View, blockId: string) =>
  (view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find(
    (b) => b.block_id === blockId,
  )?.element?.initial_value;

describe('the request form: switching types, the shortcut and the home button', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('switching type updates the form in place with the view hash and keeps what was typed', async () => {
    await h.command('request automation');
    const opened = (await waitFor(() => h.slack.views.find((v) => v.kind === 'open'), 3000, 'open')).view;
    expect(blockIds(opened)).toContain(intakeFieldBlockId('currentProcess'));

    await h.interaction(
      pick(opened, 'review', {
        [intakeIds.blocks.title]: { [intakeIds.action]: text('Secure exports') },
        [intakeFieldBlockId('problem')]: { long_text: text('Exports leak data.') },
      }),
    );
    const update = await waitFor(() => h.slack.callsTo('views.update')[0], 3000, 'views.update');
    expect(update.args.hash).toBe(opened.hash);
    expect(update.args.view_id).toBe(opened.id);
    const review = h.slack.views.filter((v) => v.kind === 'update').at(-1)!.view;
    expect(blockIds(review)).toContain(intakeFieldBlockId('mergeRequests'));
    expect(blockIds(review)).not.toContain(intakeFieldBlockId('problem'));
    expect(initialOf(review, intakeIds.blocks.title)).toBe('Secure exports');
    // The problem is not on the review form: it is carried, not lost.
    expect(decodeIntakeState(review.private_metadata).carried.problem).toBe('Exports leak data.');

    await h.interaction(
      pick(review, 'product', { [intakeIds.blocks.title]: { [intakeIds.action]: text('Secure exports') } }),
    );
    await waitFor(() => h.slack.callsTo('views.update').length === 2, 3000, 'second update');
    const product = h.slack.views.filter((v) => v.kind === 'update').at(-1)!.view;
    expect(initialOf(product, intakeFieldBlockId('problem'))).toBe('Exports leak data.');
    expect(initialOf(product, intakeIds.blocks.title)).toBe('Secure exports');
  });

  it('a stale switch (the form changed meanwhile) is refused and never shown over the newer view', async () => {
    await h.command('request');
    const opened = (await waitFor(() => h.slack.views.find((v) => v.kind === 'open'), 3000, 'open')).view;
    await h.interaction(pick(opened, 'review', {}));
    await waitFor(() => h.slack.callsTo('views.update')[0], 3000, 'first update');
    // A second pick carrying the hash of the first view: Slack answers hash_conflict.
    await h.interaction(pick(opened, 'support', {}));
    await waitFor(() => h.slack.callsTo('views.update').length === 2, 3000, 'second update');
    await h.idle();
    const updates = h.slack.views.filter((v) => v.kind === 'update');
    expect(updates).toHaveLength(1);
    expect(blockIds(updates[0]!.view)).toContain(intakeFieldBlockId('mergeRequests'));
  });

  it('the global shortcut "New ProdSec request" opens the typed form', async () => {
    const res = await h.interaction({
      type: 'shortcut',
      callback_id: intakeIds.globalShortcut,
      trigger_id: `trig.${Date.now()}.shortcut`,
      team: { id: 'T1', domain: 'example' },
      user: { id: 'U1', username: 'u', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'deprecated',
      action_ts: String(Date.now() / 1000),
    });
    expect(res.status).toBe(200);
    const opened = (await waitFor(() => h.slack.views.find((v) => v.kind === 'open'), 3000, 'open')).view;
    expect(opened.callback_id).toBe(intakeIds.callbackId);
    expect(blockIds(opened)).toContain(intakeIds.blocks.type);
    expect(decodeIntakeState(opened.private_metadata).source).toBe('shortcut');
  });

  it('the App Home "New request" button opens the typed form', async () => {
    await h.action({ actionId: ids.home.newRequest, view: { id: 'VHOME', type: 'home' } });
    const opened = (await waitFor(() => h.slack.views.find((v) => v.kind === 'open'), 3000, 'open')).view;
    expect(opened.callback_id).toBe(intakeIds.callbackId);
    expect(decodeIntakeState(opened.private_metadata).source).toBe('home');
  });
});
