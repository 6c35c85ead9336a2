import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { requestSubmission } from '../../helpers/request-form.js';
import { waitFor } from '../../helpers/slack-request.js';

describe('/prodsec command routing', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  for (const text of ['', 'help', 'frobnicate', 'HELP']) {
    it(`answers "${text || '(bare)'}" with an ephemeral list of subcommands`, async () => {
      const res = await h.command(text);
      expect(res.status).toBe(200);
      expect(res.body.response_type).toBe('ephemeral');
      for (const sub of ['request', 'mine', 'status']) expect(res.body.text).toContain(`/prodsec ${sub}`);
      if (text === 'frobnicate') expect(res.body.text).toContain('is not a prodsec-bot command');
    });
  }

  it('escapes an unknown subcommand echoed back so it cannot ping anyone', async () => {
    const res = await h.command('<!channel>');
    expect(res.body.text).not.toContain('<!channel>');
    expect(res.body.text).toContain('&lt;!channel&gt;');
  });

  it('/prodsec mine lists only my requests with status and link', async () => {
    await h.submitView(requestSubmission({ title: 'Mine <!here>' }, { userId: 'U1' }));
    await h.submitView(requestSubmission({ title: 'Someone else' }, { userId: 'U2' }));
    await waitFor(() => h.gitlab.issues().length === 2, 5000, 'two issues');
    await waitFor(
      () => h.bot.deps.store.requests.listByRequester('U1')[0]?.status === 'filed',
      5000,
      'filed',
    );
    const res = await h.command('mine');
    const text = JSON.stringify(res.body.blocks);
    expect(text).toContain('R-1');
    expect(text).toContain('filed');
    expect(text).toContain('Mine &lt;!here&gt;');
    expect(text).not.toContain('Someone else');
    expect(text).toContain(h.gitlab.issues()[0]!.web_url);
  });

  it('/prodsec mine with no requests says how to start one', async () => {
    const res = await h.command('mine', { user: 'UNEW' });
    expect(res.body.text).toContain('/prodsec request');
  });

  it('/prodsec status R-1 shows one request; another user cannot see it; junk gets usage', async () => {
    h.gitlab.setDown(true);
    await h.submitView(requestSubmission());
    await waitFor(() => h.bot.deps.store.requests.get(1)?.status === 'retrying', 5000, 'retrying');
    const mine = await h.command('status R-1');
    expect(JSON.stringify(mine.body)).toContain('failed, will retry');
    const other = await h.command('status R-1', { user: 'U9' });
    expect(other.body.text).toContain('No request of yours');
    const junk = await h.command('status banana');
    expect(junk.body.text).toContain('Usage');
  });

  it('when views.open fails (expired trigger), the command was still acknowledged and nothing is saved', async () => {
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    const res = await h.command('request');
    expect(res.status).toBe(200);
    await waitFor(() => h.slack.callsTo('views.open')[0]?.status, 3000, 'views.open answered');
    expect(h.bot.deps.store.requests.listByRequester('U1')).toHaveLength(0);
  });
});
