import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';

describe('a listener that throws', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('is logged, the user gets an apology with a reference id, and the bot keeps serving', async () => {
    const repo = h.bot.deps.store.requests;
    const original = repo.listByRequester;
    repo.listByRequester = () => {
      throw new Error('disk on fire');
    };
    const res = await h.command('mine');
    expect(res.status).toBe(500);
    const apology = await waitFor(
      () => h.slack.messages.find((m) => m.text?.includes('Reference:')),
      5000,
      'apology',
    );
    expect(apology.channel).toBe('D1');
    expect(apology.text).toMatch(/Reference: [0-9a-f]{8}/);
    expect(apology.text).not.toContain('disk on fire');

    repo.listByRequester = original;
    const ok = await h.command('mine');
    expect(ok.status).toBe(200);
  });

  it('an async failure after ack is also caught and apologised for', async () => {
    h.slack.failNext('views.open', { error: 'invalid_arguments' });
    const res = await h.command('request');
    expect(res.status).toBe(200);
    await waitFor(() => h.slack.messages.find((m) => m.text?.includes('Reference:')), 5000, 'apology');
    expect((await h.command('help')).status).toBe(200);
  });
});
