import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitLab, startFakeGitLab } from '../fakes/gitlab-api.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.js';
import { INTERNAL, PRODUCT } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { payloadBody, SIGNING_SECRET, sendSigned, waitFor } from '../helpers/slack-request.js';

const repo = new URL('../..', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The node flags of the systemd unit's ExecStart, so the test runs what production runs. */
function unitNodeFlags(): string[] {
  const unit = readFileSync(join(repo, 'deploy/prodsec-bot.service'), 'utf8');
  const exec = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  if (!exec) throw new Error('no ExecStart in the unit');
  const words = exec.slice('ExecStart='.length).trim().split(/\s+/);
  expect(words[0]).toMatch(/\/node$/);
  expect(words[words.length - 1]).toMatch(/\/dist\/app\.js$/);
  return words.filter((w) => w.startsWith('--'));
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

describe('running the built bot as production does', () => {
  let build: string;
  let slack: FakeSlack;
  let gitlab: FakeGitLab;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    // `npm run build` into a private folder: node resolves packages through the node_modules link.
    build = mkdtempSync(join(tmpdir(), 'prodsec-build-'));
    execFileSync(
      process.execPath,
      [
        join(repo, 'node_modules/typescript/bin/tsc'),
        '-p',
        join(repo, 'tsconfig.build.json'),
        '--outDir',
        join(build, 'dist'),
      ],
      { stdio: 'pipe' },
    );
    writeFileSync(join(build, 'package.json'), JSON.stringify({ type: 'module' }));
    symlinkSync(join(repo, 'node_modules'), join(build, 'node_modules'));
  }, 240_000);
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });
  afterAll(async () => {
    await Promise.all([slack?.close(), gitlab?.close()]);
  });

  function start(env: Record<string, string>): Running {
    const child = spawn(process.execPath, [...unitNodeFlags(), join(build, 'dist/app.js')], {
      cwd: mkdtempSync(join(tmpdir(), 'prodsec-cwd-')),
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (d) => {
      output += d;
    });
    child.stderr?.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output: () => output, exited };
  }

  it('exits 1 and says why when its port is taken, so a supervisor restarts it instead of seeing a clean exit', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'prodsec-state-'));
      const bot = start({
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
        PORT: String(port),
        GITLAB_URL: 'http://127.0.0.1:9',
        GITLAB_TOKEN: 'glpat-test-token',
        GITLAB_INTERNAL_PROJECT: INTERNAL,
        GITLAB_PRODUCT_PROJECT: PRODUCT,
        DATABASE_PATH: join(dir, 'prodsec-bot.db'),
        LOG_LEVEL: 'warn',
      });
      expect(await bot.exited).toBe(1);
      expect(bot.output()).toContain('prodsec-bot cannot start');
      expect(bot.output()).toContain('EADDRINUSE');
    } finally {
      await new Promise((r) => taken.close(r));
    }
  }, 30_000);

  it('SIGTERM during a burst of requests and outbox work exits 0, and every request is filed exactly once', async () => {
    slack = await startFakeSlack();
    gitlab = await startFakeGitLab();
    gitlab.addProject({ path_with_namespace: INTERNAL });
    gitlab.addProject({ path_with_namespace: PRODUCT });
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'prodsec-state-'));
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      PORT: String(port),
      GITLAB_URL: gitlab.url,
      GITLAB_TOKEN: gitlab.token,
      GITLAB_INTERNAL_PROJECT: INTERNAL,
      GITLAB_PRODUCT_PROJECT: PRODUCT,
      DATABASE_PATH: join(dir, 'prodsec-bot.db'),
      SYNC_RETRY_MS: '50',
      SYNC_RETRY_MAX_MS: '500',
      GITLAB_TIMEOUT_MS: '1000',
      GITLAB_SETTLE_MS: '10000',
      LOG_LEVEL: 'info',
    };
    const url = `http://127.0.0.1:${port}`;
    const first = start(env);
    await waitFor(() => first.output().includes('prodsec-bot started'), 20_000, 'start');
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 200; i++) {
      ready = (await fetch(`${url}/readyz`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ready).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    gitlab.setLatency(300);
    // Five writes outlast GITLAB_TIMEOUT_MS and GitLab finishes them anyway: those jobs wait
    // GITLAB_SETTLE_MS (past the stop), then must find their issue by its marker after the restart.
    gitlab.failNext({ method: 'POST', path: /\/issues$/ }, { stallMs: 1500 }, 5);
    const titles = Array.from({ length: 40 }, (_, i) => `Burst request ${i}`);
    const burst = titles.map((title, i) =>
      sendSigned(`${url}/slack/events`, payloadBody(requestSubmission({ title }, { userId: `U${i}` }))),
    );
    const answers = await Promise.all(burst);
    expect(answers.map((r) => r.status)).toEqual(titles.map(() => 200));
    await waitFor(() => gitlab.calls.some((c) => c.method === 'POST'), 5000, 'GitLab writes in flight');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped cleanly');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(gitlab.issues(INTERNAL).length).toBeGreaterThan(0);
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    const unfiled = () =>
      (db.prepare(`SELECT count(*) AS n FROM requests WHERE status != 'filed'`).get() as { n: number }).n;
    // The stop drained what was in flight; what waits for a retry stayed queued, not lost.
    expect(db.prepare('SELECT count(*) AS n FROM requests').get()).toEqual({ n: titles.length });
    expect(unfiled()).toBeGreaterThan(0);

    // What was not filed yet waits in the outbox and is filed on the next start, once.
    gitlab.setLatency(0);
    const second = start(env);
    await waitFor(() => second.output().includes('prodsec-bot started'), 20_000, 'restart');
    await waitFor(() => unfiled() === 0, 40_000, 'every request filed');
    db.close();
    await new Promise((r) => setTimeout(r, 300));
    const filed = gitlab
      .issues(INTERNAL)
      .map((i) => i.title)
      .sort();
    expect(filed).toEqual([...titles].sort());
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
