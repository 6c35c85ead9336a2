import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeGitLab, startFakeGitLab } from '../fakes/gitlab-api.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.js';
import { INTERNAL, PRODUCT } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { payloadBody, SIGNING_SECRET, sendSigned, waitFor } from '../helpers/slack-request.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('SIGTERM', () => {
  let child: ChildProcess | undefined;
  let slack: FakeSlack;
  let gitlab: FakeGitLab;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await Promise.all([slack?.close(), gitlab?.close()]);
  });

  it('stops taking requests, finishes in-flight work, closes the database and exits 0', async () => {
    slack = await startFakeSlack();
    gitlab = await startFakeGitLab();
    gitlab.addProject({ path_with_namespace: INTERNAL });
    gitlab.addProject({ path_with_namespace: PRODUCT });
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'sigterm-'));
    const tsx = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
    const entry = new URL('../../src/app.ts', import.meta.url).pathname;
    let output = '';
    child = spawn(process.execPath, [tsx, entry], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        PORT: String(port),
        GITLAB_URL: gitlab.url,
        GITLAB_TOKEN: gitlab.token,
        GITLAB_INTERNAL_PROJECT: INTERNAL,
        GITLAB_PRODUCT_PROJECT: PRODUCT,
        DATABASE_PATH: join(dir, 'bot.db'),
        LOG_LEVEL: 'info',
      },
    });
    child.stdout?.on('data', (d) => {
      output += d;
    });
    child.stderr?.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(() => output.includes('prodsec-bot started'), 15_000, 'start');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    gitlab.setLatency(700);
    const res = await sendSigned(`${url}/slack/events`, payloadBody(requestSubmission()));
    expect(res.status).toBe(200);
    await waitFor(() => gitlab.calls.some((c) => c.method === 'POST'), 5000, 'GitLab call in flight');
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(output).toContain('stopped cleanly');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 30_000);
});
