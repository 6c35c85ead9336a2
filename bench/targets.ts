import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { type Bot, createBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { SlackHttpReceiver } from '../src/http/receiver.js';
import { helpEntries } from '../src/listeners/commands/prodsec-command.js';
import { subcommands } from '../src/listeners/commands/subcommands.js';
import { createLogger, toBoltLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { loadTaxonomy } from '../src/policy.js';
import { createSingleWorkspaceAuthorize } from '../src/slack/bot-token-authorize.js';
import { buildHelp } from '../src/slack/messages/help.js';
import { buildRequestModal, buildRequestSavedModal } from '../src/slack/views/request-modal.js';
import type { FakeGitLab } from '../test/fakes/gitlab-api.js';
import type { FakeSlack } from '../test/fakes/slack-api.js';
import { SIGNING_SECRET } from '../test/helpers/slack-request.js';

export interface Target {
  url: string;
  stop(): Promise<void>;
}

export async function startBot(
  slack: FakeSlack,
  gitlab: FakeGitLab,
  env: Record<string, string> = {},
): Promise<Target & { bot: Bot }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    GITLAB_URL: gitlab.url,
    GITLAB_TOKEN: gitlab.token,
    GITLAB_INTERNAL_PROJECT: 'sec/internal-tools',
    GITLAB_PRODUCT_PROJECT: 'gitlab-org/product',
    GITLAB_GROUPS: 'sec,gitlab-org',
    DATABASE_PATH: join(dir, 'bench.db'),
    SYNC_RETRY_MS: '50',
    SYNC_RETRY_MAX_MS: '1000',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const bot = createBot({ config, taxonomy: loadTaxonomy(undefined), log: createLogger('silent') });
  await bot.start();
  return { bot, url: `http://127.0.0.1:${bot.http?.address()}/slack/events`, stop: () => bot.stop() };
}

/**
 * A bare Bolt app on the same receiver that only acknowledges, with the bot's own answers: for `help`
 * the bot's help, for `request` it opens the bot's request modal, for a submission it answers with
 * the bot's "saved" view.
 */
export async function startBaseline(slack: FakeSlack): Promise<Target> {
  const requestTypes = loadTaxonomy(undefined).requestTypes;
  const log = createLogger('silent');
  const boltLogger = toBoltLogger(log);
  const receiver = new SlackHttpReceiver({
    signingSecret: SIGNING_SECRET,
    logger: boltLogger,
    maxBodyBytes: 1024 * 1024,
    allowedTeams: [],
    metrics: createMetrics(),
    clock: Date.now,
    health: () => ({ status: 200, body: {} }),
  });
  const client = new WebClient('xoxb-test-token', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  const app = new App({
    authorize: createSingleWorkspaceAuthorize(client, 'xoxb-test-token'),
    receiver,
    logger: boltLogger,
    clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } },
  });
  const help = buildHelp(helpEntries(subcommands));
  app.command('/prodsec', async ({ ack, command, client: c }) => {
    if (!command.text.startsWith('request')) {
      // The bot's own help answer, so both send the same response.
      await ack(help);
      return;
    }
    await ack();
    await c.views
      .open({
        trigger_id: command.trigger_id,
        // The very form the bot opens, so both send the same view JSON to Slack.
        view: buildRequestModal({
          types: requestTypes,
          typeId: null,
          metadata: { channelId: command.channel_id, source: 'command' },
        }),
      })
      .catch(() => undefined);
  });
  // Answers a submission as the bot does (the "saved" view in place of the form), so both send the same response.
  app.view(/.*/, async ({ ack }) => {
    await ack({ response_action: 'update', view: buildRequestSavedModal('R-1') });
  });
  await receiver.start(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${receiver.address()}/slack/events`, stop: () => receiver.stop() };
}
