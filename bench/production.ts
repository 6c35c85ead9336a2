import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIGNING_SECRET } from '../test/helpers/slack-request.js';
import { track } from './children.js';

/**
 * The node flags of deploy/prodsec-bot.service's ExecStart (the one source of truth for the heap
 * sizes), so the benchmark measures what production runs. BENCH_NODE_FLAGS overrides them, to
 * try other sizes (`BENCH_NODE_FLAGS="--max-old-space-size=192" npm run bench -- --quick`).
 */
export function productionFlags(): string[] {
  const override = process.env.BENCH_NODE_FLAGS;
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  const unit = readFileSync(new URL('../deploy/prodsec-bot.service', import.meta.url), 'utf8');
  const exec = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  if (!exec) throw new Error('no ExecStart in deploy/prodsec-bot.service');
  return exec.split(/\s+/).filter((w) => w.startsWith('--'));
}

/** CPU time (user + system, in clock ticks) a process has used so far, from /proc. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Waits until none of `pids` used CPU for `quietMs` (at most `timeoutMs`): the work another target
 * left running after its burst (modals still being opened) is not measured against the next one.
 */
export async function settle(pids: number[], quietMs = 200, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  let last = pids.map(cpuTicks);
  while (Date.now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = pids.map(cpuTicks);
    // One tick (10 ms) in the window is timers and GC housekeeping, not leftover work.
    if (now.every((t, i) => t - (last[i] as number) <= 1)) return;
    last = now;
  }
}

/** A port nobody listens on now (a random pick collided with the fakes' ephemeral ports). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * The bot as production runs it: `node <ExecStart flags> dist/app.js` (built by `npm run build`),
 * configured only through its environment. Resolves once /healthz answers.
 */
export async function spawnProductionBot(
  fakes: { slackUrl: string; gitlabUrl: string; gitlabToken: string },
  env: Record<string, string> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prod-'));
  const port = await freePort();
  const entry = new URL('../dist/app.js', import.meta.url).pathname;
  const child = track(
    spawn(process.execPath, [...productionFlags(), entry], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fakes.slackUrl,
        PORT: String(port),
        GITLAB_URL: fakes.gitlabUrl,
        GITLAB_TOKEN: fakes.gitlabToken,
        GITLAB_INTERNAL_PROJECT: 'sec/internal-tools',
        GITLAB_PRODUCT_PROJECT: 'gitlab-org/product',
        GITLAB_GROUPS: 'sec,gitlab-org',
        DATABASE_PATH: join(dir, 'bot.db'),
        SYNC_RETRY_MS: '50',
        SYNC_RETRY_MAX_MS: '1000',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  // Traffic starts when /readyz says so, as behind a load balancer's readiness probe: start-up
  // catch-up work is not part of the first (cold) burst.
  for (let i = 0; i < 400; i++) {
    const up = await fetch(`${base}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) break;
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode} at start-up`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    base,
    url: `${base}/slack/events`,
    async outboxDepth(): Promise<number> {
      const text = await fetch(`${base}/metrics`)
        .then((r) => r.text())
        .catch(() => '');
      return Number(/^prodsec_outbox_depth (\S+)/m.exec(text)?.[1] ?? 0);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
