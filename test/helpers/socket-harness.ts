import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Bot, createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { loadTaxonomy } from '../../src/policy.js';
import { type FakeGitLab, startFakeGitLab } from '../fakes/gitlab-api.js';
import { type FakeSlack, type SocketAck, startFakeSlack } from '../fakes/slack-api.js';
import { INTERNAL, PRODUCT, testEnv } from './harness.js';
import { freshTriggerId } from './slack-request.js';

export const APP_TOKEN = 'xapp-test-token';

export interface SocketHarness {
  slack: FakeSlack;
  gitlab: FakeGitLab;
  bot: Bot;
  env: Record<string, string>;
  logs: string[];
  /** Sends `/prodsec <text>` as a slash_commands envelope; resolves with the bot's ack. */
  command(text: string, opts?: { user?: string; team?: string; retryAttempt?: number }): Promise<SocketAck>;
  /** Sends an interactive envelope (view_submission, block_actions…); resolves with the ack. */
  interaction(payload: Record<string, unknown>, opts?: { retryAttempt?: number }): Promise<SocketAck>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the real bot in Socket Mode (no signing secret) against the local Slack and GitLab fakes. */
export async function startSocketHarness(envOverrides: Record<string, string> = {}): Promise<SocketHarness> {
  const slack = await startFakeSlack({ appToken: APP_TOKEN });
  const gitlab = await startFakeGitLab();
  gitlab.addGroup({ full_path: 'sec' });
  gitlab.addGroup({ full_path: 'gitlab-org' });
  gitlab.addProject({ path_with_namespace: INTERNAL });
  gitlab.addProject({ path_with_namespace: PRODUCT });
  const dir = mkdtempSync(join(tmpdir(), 'prodsec-socket-'));
  const env: Record<string, string> = {
    ...testEnv(slack, gitlab, join(dir, 'bot.db')),
    SLACK_APP_TOKEN: APP_TOKEN,
    ...envOverrides,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig(env);
  const bot = createBot({
    config,
    taxonomy: loadTaxonomy(config.PRODSEC_POLICY_FILE),
    log: createLogger(config.LOG_LEVEL, sink),
    slackRetries: 0,
  });
  await bot.start();

  return {
    slack,
    gitlab,
    bot,
    env,
    logs,
    command(text, opts = {}) {
      const user = opts.user ?? 'U1';
      const team = opts.team ?? 'T1';
      return slack.socket.send({
        type: 'slash_commands',
        retry_attempt: opts.retryAttempt,
        payload: {
          token: 'deprecated',
          team_id: team,
          team_domain: 'example',
          channel_id: 'C1',
          channel_name: 'general',
          user_id: user,
          user_name: 'requester',
          command: '/prodsec',
          text,
          api_app_id: 'A1',
          is_enterprise_install: 'false',
          response_url: slack.responseUrl(),
          trigger_id: freshTriggerId(),
        },
      });
    },
    interaction(payload, opts = {}) {
      return slack.socket.send({ type: 'interactive', payload, retry_attempt: opts.retryAttempt });
    },
    async idle() {
      await bot.deps.outbox.idle();
    },
    async close() {
      await bot.stop();
      await Promise.all([slack.close(), gitlab.close()]);
    },
  };
}
