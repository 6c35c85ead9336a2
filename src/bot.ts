import { App, type App as BoltApp } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import type { Taxonomy } from './domain/taxonomy.js';
import { createGitLab } from './gitlab/client.js';
import type { GitLabError } from './gitlab/errors.js';
import { createGitLabWebhookRoute } from './http/gitlab-webhook.js';
import { checkHealth } from './http/health.js';
import { oauthCallbackRoute } from './http/oauth-callback.js';
import { createReadinessRoute } from './http/readiness.js';
import { SlackHttpReceiver } from './http/receiver.js';
import { SlackSocketReceiver } from './http/socket-receiver.js';
import { createIdentity, type Identity } from './identity/index.js';
import { registerJobs } from './jobs/index.js';
import { createRequestAdopter } from './jobs/outbox/file-request.js';
import { registerOutboxHandlers } from './jobs/outbox/index.js';
import { enqueue, postChannelOf } from './jobs/outbox/kinds.js';
import { createOutboxWorker } from './jobs/outbox-worker.js';
import { createScheduler } from './jobs/scheduler.js';
import { registerListeners } from './listeners/index.js';
import { toBoltLogger } from './logger.js';
import { collectFromStore, createMetrics } from './metrics.js';
import { createSingleWorkspaceAuthorize } from './slack/bot-token-authorize.js';
import { createCountingFetch } from './slack/instrument.js';
import { createLeanSlack } from './slack/lean-call.js';
import {
  buildDeadJobAlertText,
  buildGitLabAccessAlertText,
  describeGitLabAccessProblem,
} from './slack/messages/operator-alerts.js';
import { createEscalationResponders, createTeamDirectory } from './slack/team-directory.js';
import { createQuietCheckpointer } from './store/checkpoint.js';
import { openDatabase } from './store/db.js';
import { createStore } from './store/index.js';
import { acquireDatabaseLock } from './store/lock.js';

export interface BotOptions {
  config: Config;
  taxonomy: Taxonomy;
  log: Logger;
  clock?: () => number;
  /** Slack Web API retry policy; tests keep it short. */
  slackRetries?: number;
}

export interface Bot {
  app: BoltApp;
  deps: Deps;
  /** The HTTP server: Slack's requests in HTTP mode, /healthz and /metrics in both modes. */
  http: SlackHttpReceiver;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the bot: config → db → deps → Bolt app → listeners → jobs. Nothing starts until start(). */
export function createBot(opts: BotOptions): Bot {
  const { config, taxonomy, log } = opts;
  const clock = opts.clock ?? Date.now;
  const metrics = createMetrics();
  // A second bot (or a restore in progress) on the same file is refused before anything opens it.
  const lock = acquireDatabaseLock(config.DATABASE_PATH);
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(config.DATABASE_PATH);
  } catch (err) {
    lock.release();
    throw err;
  }
  const store = createStore(db);
  const gitlab = createGitLab({
    url: config.GITLAB_URL,
    token: config.GITLAB_TOKEN,
    timeoutMs: config.GITLAB_TIMEOUT_MS,
    retry: { baseMs: Math.min(250, config.SYNC_RETRY_MS), maxMs: Math.min(5_000, config.SYNC_RETRY_MAX_MS) },
    observe: (o) =>
      metrics.gitlabCalls.inc({
        method: o.method,
        outcome: o.status === undefined ? o.kind : String(o.status),
      }),
    onAuthProblem: (err) => reportToOperator(err),
  });
  function reportToOperator(err: GitLabError): void {
    const what = describeGitLabAccessProblem(err);
    log.error({ status: err.status, method: err.method, path: err.path }, what);
    if (config.OPS_CHANNEL) {
      enqueue(deps, 'slack_post', { channel: config.OPS_CHANNEL, text: buildGitLabAccessAlertText(what) });
    }
  }
  const boltLogger = toBoltLogger(log.child({ component: 'bolt' }));
  const clientOptions = {
    slackApiUrl: config.SLACK_API_URL,
    // NOTE: @slack/web-api's default is ten retries over thirty minutes, which can double-post a
    // message whose answer was lost. No client retries: the outbox retries what matters, later,
    // and a 429 comes back at once with its Retry-After for the outbox to honour.
    retryConfig: { retries: opts.slackRetries ?? 0 },
    rejectRateLimitedCalls: true,
    // Shared with the clients Bolt makes for listeners, so every call is counted.
    fetch: createCountingFetch(metrics),
    timeout: 10_000,
  };
  const slack = new WebClient(config.SLACK_BOT_TOKEN, { ...clientOptions, logger: boltLogger });
  const slackFast = createLeanSlack({
    baseUrl: config.SLACK_API_URL ?? 'https://slack.com/api/',
    token: config.SLACK_BOT_TOKEN,
    metrics,
    // A modal opened from a burst's trigger waits for the burst to be acknowledged (at most 250 ms).
    deferWhile: () => http.arriving(),
  });
  let identity: Identity;
  try {
    identity = createIdentity({ config, store, slack, log, clock, metrics, kick: () => void outbox.kick() });
  } catch (err) {
    db.close();
    lock.release();
    throw err;
  }

  const appToken = config.SLACK_APP_TOKEN;
  const socketMode = appToken !== undefined;
  const gitlabWebhook = createGitLabWebhookRoute(() => deps);
  let started = false;
  let draining = false;
  // In Socket Mode this server only answers /healthz and /metrics.
  const http: SlackHttpReceiver = new SlackHttpReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET ?? '',
    logger: boltLogger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    allowedTeams: config.SLACK_TEAM_ID,
    metrics,
    clock,
    health: () => checkHealth(deps),
    serveSlackEvents: !socketMode,
    routes: [
      // The OAuth callback is served in Socket Mode too: only the person's browser needs to reach PUBLIC_URL.
      oauthCallbackRoute(() => identity),
      gitlabWebhook,
      createReadinessRoute({
        db,
        accepting: () => started && http.address() > 0,
        draining: () => draining,
        catchingUp: () => scheduler.catchingUp(),
      }),
    ],
  });
  const receiver =
    appToken === undefined
      ? http
      : new SlackSocketReceiver({
          appToken,
          logger: boltLogger,
          slackApiUrl: config.SLACK_API_URL,
          allowedTeams: config.SLACK_TEAM_ID,
          metrics,
        });

  const app = new App({
    authorize: createSingleWorkspaceAuthorize(slack, config.SLACK_BOT_TOKEN),
    receiver,
    logger: boltLogger,
    clientOptions,
    extendedErrorHandler: true,
    // The bot keeps its state in SQLite; Bolt's per-conversation memory store is unused work.
    convoStore: false,
  });

  // Slack requests or webhook deliveries being answered, or a burst of them arriving: background work waits.
  const answering = () => http.busy() || gitlabWebhook.busy();
  const outbox = createOutboxWorker({
    db,
    repo: store.outbox,
    log: log.child({ component: 'outbox' }),
    metrics,
    clock,
    baseDelayMs: config.SYNC_RETRY_MS,
    maxDelayMs: config.SYNC_RETRY_MAX_MS,
    uncertainDelayMs: config.GITLAB_SETTLE_MS,
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    isBusy: answering,
    beforePass: () => adoptRequests(),
    onDead: (job, error) => {
      // An alert that itself cannot be delivered is only logged, so it cannot loop.
      if (!config.OPS_CHANNEL || postChannelOf(job) === config.OPS_CHANNEL) return;
      enqueue(
        deps,
        'slack_post',
        { channel: config.OPS_CHANNEL, text: buildDeadJobAlertText(job, error) },
        `dead:${job.id}`,
      );
    },
  });
  const checkpointer = createQuietCheckpointer({
    db,
    isBusy: answering,
    onError: (err) =>
      log.warn({ err }, 'WAL checkpoint failed; SQLite checkpoints on its own past its limit'),
  });
  const scheduler = createScheduler(log.child({ component: 'scheduler' }));
  const team = createTeamDirectory({
    userIds: config.TEAM_SLACK_USER_IDS,
    usergroup: config.TEAM_SLACK_USERGROUP,
    slack,
    log,
    clock,
    maxStaleMs: config.TEAM_CACHE_MAX_STALE_MINUTES * 60_000,
  });
  const responders = createEscalationResponders({
    usergroup: config.ESCALATION_USERGROUP,
    leadIds: config.ESCALATION_LEAD_USER_IDS,
    team,
    slack,
    log,
    clock,
    maxStaleMs: config.TEAM_CACHE_MAX_STALE_MINUTES * 60_000,
  });
  const deps: Deps = {
    config,
    taxonomy,
    store,
    gitlab,
    slack,
    slackFast,
    log,
    metrics,
    outbox,
    scheduler,
    team,
    responders,
    clock,
    identity,
  };
  const adoptRequests = createRequestAdopter(deps);
  registerOutboxHandlers(deps);
  registerListeners(app, deps);
  collectFromStore(metrics, store, clock);

  return {
    app,
    deps,
    http,
    async start() {
      await http.start(config.PORT);
      if (socketMode) await app.start();
      outbox.start();
      checkpointer.start();
      registerJobs(deps);
      started = true;
      log.info({ mode: socketMode ? 'socket' : 'http', port: http.address() }, 'prodsec-bot started');
    },
    async stop() {
      draining = true;
      if (started) {
        if (socketMode) await app.stop();
        await http.stop();
      }
      await scheduler.stop();
      await outbox.stop();
      checkpointer.stop();
      slackFast.close();
      db.close();
      lock.release();
      started = false;
    },
  };
}
