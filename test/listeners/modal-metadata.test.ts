import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { declineSubmission, flagSubmission, TEAM } from '../helpers/candidates.js';
import { escalationEnv } from '../helpers/escalations.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import { finishPayload, openChecklist, refineValues, textOf } from '../helpers/refine-form.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

const escalationIds = ids.escalation;
const withMetadata = (payload: Record<string, unknown>, privateMetadata: string) => {
  const view = payload.view as Record<string, unknown>;
  return { ...payload, view: { ...view, private_metadata: privateMetadata } };
};

/** Metadata an older release or a forged payload could carry: not JSON, or JSON of the wrong shape. */
const BROKEN = ['{not json', JSON.stringify({ id: 'seven', escalationId: 'x', issueRef: 42, channelId: 5 })];

describe('modal metadata that does not parse', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: TEAM, ...escalationEnv });
    h.gitlab.seedIssue(PRODUCT, { title: 'Candidate', labels: ['ProdSecEng Candidate'] });
  });
  afterEach(async () => {
    await h.close();
  });

  const writes = () => h.gitlab.calls.filter((c) => c.method !== 'GET');

  it.each(BROKEN)('a request form with metadata %s answers a field error and files nothing', async (meta) => {
    const res = await h.submitView(withMetadata(requestSubmission(), meta));
    expect(res.status).toBe(200);
    expect(res.body.response_action).toBe('errors');
    expect(res.body.errors[ids.request.blocks.title]).toMatch(/lost track.*\/prodsec request/);
    await h.idle();
    expect(h.bot.deps.store.requests.listByRequester('U1')).toEqual([]);
    expect(h.bot.deps.store.outbox.stats().depth).toBe(0);
    expect(writes()).toEqual([]);
  });

  it('a request form with no metadata at all (opened from the App Home) is still filed', async () => {
    const res = await h.submitView(withMetadata(requestSubmission(), ''));
    expect(res.body.response_action).toBe('update');
    expect(h.bot.deps.store.requests.listByRequester('U1')).toHaveLength(1);
  });

  it.each(BROKEN)('a flag form with metadata %s answers a field error and flags nothing', async (meta) => {
    const res = await h.submitView(
      withMetadata(flagSubmission({ choice: 'new', title: 'A title', kind: 'product' }), meta),
    );
    expect(res.status).toBe(200);
    expect(res.body.errors[ids.candidates.flagBlocks.choice]).toMatch(/lost track of the message/);
    await h.idle();
    expect(h.bot.deps.store.flags.forMessage('C1', '1700000000.000100')).toBeUndefined();
    expect(writes()).toEqual([]);
  });

  it.each(BROKEN)(
    'a Decline form with metadata %s answers a field error and decides nothing',
    async (meta) => {
      const res = await h.submitView(withMetadata(declineSubmission(`${PRODUCT}#1`, 'Out of scope'), meta));
      expect(res.status).toBe(200);
      expect(res.body.errors[ids.candidates.declineBlocks.reason]).toMatch(/lost track of the issue/);
      await h.idle();
      expect(h.bot.deps.store.audit.all()).toEqual([]);
      expect(writes()).toEqual([]);
    },
  );

  it.each(BROKEN)(
    'a Resolve form with metadata %s answers a field error and resolves nothing',
    async (meta) => {
      const res = await h.submitView({
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: 'UR', name: 'ur', team_id: 'T1' },
        api_app_id: 'A1',
        view: {
          id: 'VRES',
          type: 'modal',
          callback_id: escalationIds.resolveCallbackId,
          private_metadata: meta,
          state: {
            values: {
              [escalationIds.blocks.note]: {
                [escalationIds.action]: { type: 'plain_text_input', value: 'done' },
              },
            },
          },
        },
      });
      expect(res.status).toBe(200);
      expect(res.body.errors[escalationIds.blocks.note]).toMatch(/lost track of its escalation/);
      expect(h.bot.deps.store.audit.all()).toEqual([]);
    },
  );

  it.each(BROKEN)('a refinement checklist with metadata %s says so on Finish and on Save', async (meta) => {
    const view = await openChecklist(h, '#1');
    const finish = await h.submitView(withMetadata(finishPayload(view), meta));
    expect(finish.status).toBe(200);
    expect(finish.body.response_action).toBe('update');
    expect(textOf(finish.body.view.blocks)).toMatch(/lost track of its refinement/);

    const before = h.slack.views.length;
    const save = await h.action({
      actionId: ids.refine.saveButton,
      blockId: ids.refine.blocks.save,
      value: '1',
      userId: TEAM,
      view: { ...view, private_metadata: meta, state: { values: refineValues({ goal: 'kept?' }) } },
    });
    expect(save.status).toBe(200);
    const redrawn = await waitFor(
      () => h.slack.views.slice(before).find((v) => v.kind === 'update' && v.id === view.id),
      5000,
      'the notice',
    );
    expect(textOf(redrawn.view.blocks)).toMatch(/lost track of its refinement/);
    await h.idle();
    expect(h.bot.deps.store.refinements.findDraft(`${PRODUCT}#1`)?.savedAt).toBeNull();
    expect(writes()).toEqual([]);
  });
});
