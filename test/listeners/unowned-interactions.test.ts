import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { blockActionsPayload, viewSubmissionPayload } from '../helpers/slack-request.js';

/** A view_submission whose view has no callback_id (another app's modal, a hand-made payload). */
function submissionWithoutCallbackId(type: 'view_submission' | 'view_closed') {
  const payload = viewSubmissionPayload({ callbackId: 'x', viewId: 'VNONE', values: {} });
  const { callback_id: _dropped, ...view } = payload.view as Record<string, unknown>;
  return { ...payload, type, view };
}

describe('interactions the bot does not own', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ LOG_LEVEL: 'info' });
  });
  afterEach(async () => {
    await h.close();
  });

  const apologies = () => h.slack.messages.filter((m) => m.text?.includes('something went wrong'));
  const failures = () => h.logs.filter((l) => /listener failed|unhandled error/.test(l));

  it.each(['view_submission', 'view_closed'] as const)(
    'a %s whose view has no callback_id is acknowledged quietly, not answered 500',
    async (type) => {
      const res = await h.interaction(submissionWithoutCallbackId(type));
      expect(res.status).toBe(200);
      expect(res.body).toBeFalsy();
      await h.idle();
      expect(failures()).toEqual([]);
      expect(apologies()).toEqual([]);
    },
  );

  it('a block action without an action_id is acknowledged quietly', async () => {
    const payload = blockActionsPayload({ actionId: 'x', value: 'v' });
    payload.actions = [{ type: 'button', block_id: 'b1', value: 'v' }];
    const res = await h.interaction(payload);
    expect(res.status).toBe(200);
    expect(res.body).toBeFalsy();
    await h.idle();
    expect(failures()).toEqual([]);
    expect(apologies()).toEqual([]);
  });

  it('a view_submission with a callback_id of another app is acknowledged quietly', async () => {
    const res = await h.interaction(
      viewSubmissionPayload({ callbackId: 'someone_elses_modal', viewId: 'V2', values: {} }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBeFalsy();
    expect(failures()).toEqual([]);
  });
});
