import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Taxonomy } from './domain/taxonomy.js';
import type { GitLab } from './gitlab/client.js';
import type { Identity } from './identity/index.js';
import type { OutboxWorker } from './jobs/outbox-worker.js';
import type { Scheduler } from './jobs/scheduler.js';
import type { Metrics } from './metrics.js';
import type { LeanSlack } from './slack/lean-call.js';
import type { EscalationResponders, TeamDirectory } from './slack/team-directory.js';
import type { Store } from './store/index.js';

/** Everything a listener or job needs, built once at start-up and passed in. */
export interface Deps {
  config: Config;
  taxonomy: Taxonomy;
  store: Store;
  gitlab: GitLab;
  slack: WebClient;
  /** The lean path for calls made from a trigger (views.open): see slack/lean-call.ts. */
  slackFast: LeanSlack;
  log: Logger;
  metrics: Metrics;
  outbox: OutboxWorker;
  scheduler: Scheduler;
  team: TeamDirectory;
  /** Who may act on escalations: ESCALATION_USERGROUP, the team, ESCALATION_LEAD_USER_IDS. */
  responders: EscalationResponders;
  clock: () => number;
  /** People's linked GitLab accounts: act as them, ask GitLab what they may read. */
  identity: Identity;
}
