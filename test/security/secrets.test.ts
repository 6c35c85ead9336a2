import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, INTERNAL, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

describe('secrets and operator alerts', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('when GitLab rejects the token, the operator is told once in OPS_CHANNEL, the request waits, and no secret is logged', async () => {
    h = await startHarness({
      LOG_LEVEL: 'debug',
      OPS_CHANNEL: 'COPS',
      GITLAB_TOKEN: 'glpat-wrong-secret-value',
    });
    await h.submitView(requestSubmission());
    await h.submitView(requestSubmission());
    await waitFor(() => h.bot.deps.store.requests.get(2)?.attempts ?? 0 >= 2, 5000, 'attempts');
    await waitFor(() => h.slack.messages.find((m) => m.channel === 'COPS'), 5000, 'ops alert');
    await waitFor(() => (h.bot.deps.store.requests.get(1)?.attempts ?? 0) >= 3, 5000, 'more attempts');
    const alerts = h.slack.messages.filter((m) => m.channel === 'COPS');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('401');
    expect(h.bot.deps.store.requests.get(1)!.status).toBe('retrying');
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(0);

    const everything = h.logs.join('') + JSON.stringify(h.slack.messages);
    expect(everything.length).toBeGreaterThan(0);
    for (const secret of ['glpat-wrong-secret-value', 'xoxb-test-token', 'test-signing-secret']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('the logger redacts token fields by configuration', async () => {
    h = await startHarness({ LOG_LEVEL: 'info' });
    h.bot.deps.log.info(
      { token: 'xoxb-leak', headers: { 'private-token': 'glpat-leak', authorization: 'Bearer x' } },
      'probe',
    );
    const line = h.logs.find((l) => l.includes('probe'))!;
    expect(line).toBeDefined();
    expect(line).not.toContain('xoxb-leak');
    expect(line).not.toContain('glpat-leak');
    expect(line).toContain('[redacted]');
  });
});

describe('request ids in the log', () => {
  it('each Slack request is logged with its own request id, and a failure carries the same id', async () => {
    const h = await startHarness({ LOG_LEVEL: 'debug' });
    try {
      await h.command('help');
      await h.command('help');
      const ids = h.logs
        .filter((l) => l.includes('slack request acknowledged'))
        .map((l) => (JSON.parse(l) as { requestId: string }).requestId);
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
      h.bot.deps.store.requests.listByRequester = () => {
        throw new Error('boom');
      };
      const res = await h.command('mine');
      const failure = h.logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === 'listener failed');
      expect(failure?.requestId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
      expect((res.body as { requestId?: string }).requestId).toBe(failure?.requestId);
    } finally {
      await h.close();
    }
  });
});
