import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { commandBody, payloadBody, SIGNING_SECRET, sendSigned, sign } from '../helpers/slack-request.js';

describe('Slack request verification', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const body = () => payloadBody(requestSubmission());
  const now = () => String(Math.floor(Date.now() / 1000));

  async function expectRejected(res: Response, status = 401) {
    expect(res.status).toBe(status);
    await h.idle();
    expect(h.bot.deps.store.requests.listByRequester('U1')).toHaveLength(0);
    expect(h.gitlab.issues()).toHaveLength(0);
    expect(h.slack.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
  }

  it('rejects a request without a signature header', async () => {
    await expectRejected(await sendSigned(h.url, body(), { signature: null }));
  });

  it('rejects a signature with one flipped digit', async () => {
    const b = body();
    const ts = now();
    const good = sign(SIGNING_SECRET, ts, b);
    const last = good.at(-1) === '0' ? '1' : '0';
    await expectRejected(await sendSigned(h.url, b, { timestamp: ts, signature: good.slice(0, -1) + last }));
  });

  it('rejects a v1= signature even with a correct HMAC', async () => {
    const b = body();
    const ts = now();
    const mac = createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${b}`).digest('hex');
    await expectRejected(await sendSigned(h.url, b, { timestamp: ts, signature: `v1=${mac}` }));
  });

  it('rejects a signature computed over a re-serialised body', async () => {
    const b = body();
    const ts = now();
    const reserialised = b.replace(/%20/g, '+');
    expect(reserialised).not.toBe(b);
    await expectRejected(
      await sendSigned(h.url, b, { timestamp: ts, signature: sign(SIGNING_SECRET, ts, reserialised) }),
    );
  });

  it('rejects a timestamp more than five minutes old', async () => {
    await expectRejected(
      await sendSigned(h.url, body(), { timestamp: String(Math.floor(Date.now() / 1000) - 301) }),
    );
  });

  it('rejects a timestamp more than five minutes in the future (stricter than Bolt)', async () => {
    // NOTE: well past the window, so a slow machine taking a second or two to deliver cannot pull it back in.
    await expectRejected(
      await sendSigned(h.url, body(), { timestamp: String(Math.floor(Date.now() / 1000) + 330) }),
    );
  });

  it('rejects a non-numeric timestamp', async () => {
    const b = body();
    await expectRejected(
      await sendSigned(h.url, b, { timestamp: '1e9', signature: sign(SIGNING_SECRET, '1e9', b) }),
    );
  });

  it('rejects a request signed with another secret', async () => {
    await expectRejected(await sendSigned(h.url, body(), { secret: 'not-the-secret' }));
  });

  it('accepts a correctly signed command within the window', async () => {
    const res = await sendSigned(h.url, commandBody({ text: 'help' }), {
      timestamp: String(Math.floor(Date.now() / 1000) - 200),
    });
    expect(res.status).toBe(200);
  });

  it('answers 413 to a body over the limit without processing it, and keeps serving', async () => {
    const big = `payload=${'x'.repeat(1024 * 1024 + 10)}`;
    const res = await sendSigned(h.url, big).catch(() => undefined);
    if (res) expect(res.status).toBe(413);
    const ok = await sendSigned(h.url, commandBody({ text: 'help' }));
    expect(ok.status).toBe(200);
  });

  it('answers 400 to a signed but malformed payload and keeps serving', async () => {
    const res = await sendSigned(h.url, 'payload=%7Bnot-json');
    expect(res.status).toBe(400);
    const res2 = await sendSigned(h.url, '{"a":', { contentType: 'application/json' });
    expect(res2.status).toBe(400);
    const ok = await sendSigned(h.url, commandBody({ text: 'help' }));
    expect(ok.status).toBe(200);
  });

  it('answers an unsigned ssl_check without running anything', async () => {
    const res = await sendSigned(h.url, 'ssl_check=1&token=x', { signature: null });
    expect(res.status).toBe(200);
  });
});

describe('workspace allow-list (SLACK_TEAM_ID)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ SLACK_TEAM_ID: 'T1,E1' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('refuses a correctly signed payload from another workspace', async () => {
    const res = await sendSigned(h.url, commandBody({ text: 'help', team_id: 'TEVIL' }));
    expect(res.status).toBe(403);
  });

  it('accepts the allowed workspace', async () => {
    const res = await sendSigned(h.url, commandBody({ text: 'help', team_id: 'T1' }));
    expect(res.status).toBe(200);
  });
});
