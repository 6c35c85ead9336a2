import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Bot, createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { loadTaxonomy, requestScopeFrom } from '../../src/policy.js';
import { type FakeGitLab, startFakeGitLab } from '../fakes/gitlab-api.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.js';
import {
  blockActionsPayload,
  commandBody,
  payloadBody,
  SIGNING_SECRET,
  sendSigned,
  viewSubmissionPayload,
} from './slack-request.js';

export const INTERNAL = 'sec/internal-tools';
export const PRODUCT = 'gitlab-org/product';

/** An HTTP answer and its JSON body: tests read Slack-shaped answers loosely, as parsed JSON. */
// biome-ignore lint/suspicious/noExplicitAny: each test asserts the shape it expects of the body.
export type Answer = { status: number; body: any };

export interface Harness {
  slack: FakeSlack;
  gitlab: FakeGitLab;
  bot: Bot;
  env: Record<string, string>;
  url: string;
  dbPath: string;
  /** Every log line the bot wrote (at LOG_LEVEL, default silent). */
  logs: string[];
  /** Sends `/prodsec <text>` as user (default U1); returns the HTTP response and its JSON body if any. */
  command(text: string, opts?: { user?: string; channel?: string }): Promise<Answer>;
  submitView(payload: Record<string, unknown>): Promise<Answer>;
  action(opts: Parameters<typeof blockActionsPayload>[0]): Promise<Answer>;
  interaction(payload: Record<string, unknown>): Promise<Answer>;
  event(
    event: Record<string, unknown>,
    opts?: { eventId?: string; headers?: Record<string, string> },
  ): Promise<Answer>;
  /** Stops the bot and starts a new one on the same database (a restart). */
  restart(envOverrides?: Record<string, string>): Promise<void>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function read(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** Settings every test bot shares: the fakes, a private database, short retries, no logs. */
export function testEnv(slack: FakeSlack, gitlab: FakeGitLab, dbPath: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.url,
    PORT: '0',
    GITLAB_URL: gitlab.url,
    GITLAB_TOKEN: gitlab.token,
    GITLAB_INTERNAL_PROJECT: INTERNAL,
    GITLAB_PRODUCT_PROJECT: PRODUCT,
    GITLAB_GROUPS: 'sec,gitlab-org',
    GITLAB_TIMEOUT_MS: '1000',
    GITLAB_SETTLE_MS: '1500',
    DATABASE_PATH: dbPath,
    SYNC_RETRY_MS: '20',
    SYNC_RETRY_MAX_MS: '200',
    LOG_LEVEL: 'silent',
  };
}

/** Starts the real bot over HTTP against the local Slack and GitLab fakes. */
export async function startHarness(
  envOverrides: Record<string, string> = {},
  opts: { clock?: () => number } = {},
): Promise<Harness> {
  const slack = await startFakeSlack();
  const gitlab = await startFakeGitLab();
  gitlab.addGroup({ full_path: 'sec' });
  gitlab.addGroup({ full_path: 'gitlab-org' });
  gitlab.addProject({ path_with_namespace: INTERNAL });
  gitlab.addProject({ path_with_namespace: PRODUCT });
  const dir = mkdtempSync(join(tmpdir(), 'prodsec-'));
  const dbPath = join(dir, 'bot.db');
  const env: Record<string, string> = {
    ...testEnv(slack, gitlab, dbPath),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    ...envOverrides,
  };

  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const build = (extra: Record<string, string> = {}) => {
    Object.assign(env, extra);
    const config = loadConfig(env);
    return createBot({
      config,
      taxonomy: loadTaxonomy(config.PRODSEC_POLICY_FILE, { scope: requestScopeFrom(config) }),
      log: createLogger(config.LOG_LEVEL, sink),
      slackRetries: 0,
      clock: opts.clock,
    });
  };
  let bot = build();
  await bot.start();
  const urlOf = (b: Bot) => `http://127.0.0.1:${b.http?.address()}/slack/events`;

  const h: Harness = {
    slack,
    gitlab,
    get bot() {
      return bot;
    },
    env,
    get url() {
      return urlOf(bot);
    },
    dbPath,
    logs,
    async command(text, opts = {}) {
      const body = commandBody({
        text,
        user_id: opts.user ?? 'U1',
        channel_id: opts.channel ?? 'C1',
        response_url: slack.responseUrl(),
      });
      return read(await sendSigned(urlOf(bot), body));
    },
    async submitView(payload) {
      return read(await sendSigned(urlOf(bot), payloadBody(payload)));
    },
    async interaction(payload) {
      return read(await sendSigned(urlOf(bot), payloadBody(payload)));
    },
    async action(opts) {
      const payload = blockActionsPayload(opts);
      payload.response_url = slack.responseUrl();
      return read(await sendSigned(urlOf(bot), payloadBody(payload)));
    },
    async event(event, opts = {}) {
      const body = JSON.stringify({
        token: 'deprecated',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: opts.eventId ?? `Ev${Math.random().toString(36).slice(2)}`,
        event_time: Math.floor(Date.now() / 1000),
        event,
      });
      return read(
        await sendSigned(urlOf(bot), body, { contentType: 'application/json', headers: opts.headers }),
      );
    },
    async restart(extra) {
      await bot.stop();
      bot = build(extra);
      await bot.start();
    },
    async idle() {
      await bot.deps.outbox.idle();
    },
    async close() {
      await bot.stop();
      await Promise.all([slack.close(), gitlab.close()]);
    },
  };
  return h;
}

export { viewSubmissionPayload };
