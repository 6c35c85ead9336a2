import { z } from 'zod';
import { parseCron } from './domain/cron.js';
import { DEFAULT_CHAIN, parseEscalationChain } from './domain/escalation.js';

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim().length > 0 ? v.trim() : undefined));

const int = (def: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number ≥ ${min}` });
        return z.NEVER;
      }
      return n;
    });

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An optional http(s) URL; with a default its output type is `string`, without one `string | undefined`. */
function url(def: string): z.ZodType<string, string | undefined>;
function url(): z.ZodType<string | undefined, string | undefined>;
function url(def?: string): z.ZodType<string | undefined, string | undefined> {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v && v.trim() !== '' ? v.trim() : def;
      if (value === undefined) return undefined;
      if (isHttpUrl(value)) return value;
      ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
      return z.NEVER;
    });
}

const required = (what: string) =>
  z
    .string({ error: `is missing (${what})` })
    .trim()
    .min(1, `is empty (${what})`);

/** The environment, described key by key. `.env.example` lists the same keys. */
export const configSchema = z.object({
  SLACK_BOT_TOKEN: required('the bot token, xoxb-…').describe('Bot User OAuth Token (xoxb-…).'),
  SLACK_SIGNING_SECRET: optionalString.describe('Signing secret; required in HTTP mode.'),
  SLACK_APP_TOKEN: optionalString
    .refine(
      (v) => v === undefined || v.startsWith('xapp-'),
      'must be an app-level token (xapp-…), not a bot token',
    )
    .describe('App-level token (xapp-…); when set the bot uses Socket Mode.'),
  SLACK_API_URL: url().describe('Base URL of the Slack Web API; tests point it at a local fake.'),
  SLACK_TEAM_ID: csv.describe('Workspace/enterprise ids allowed to talk to the bot; empty allows any.'),
  PORT: int(3000, 0).describe('HTTP port for /slack/events, /healthz and /metrics.'),
  GITLAB_URL: url('https://gitlab.com').describe('Base URL of GitLab.'),
  GITLAB_TOKEN: required('a GitLab token with api scope').describe(
    'GitLab personal/project/group access token.',
  ),
  GITLAB_INTERNAL_PROJECT: required('path or id of the internal tooling project').describe(
    'Project (path or id) for AppSec automation requests.',
  ),
  GITLAB_PRODUCT_PROJECT: required('path or id of the product project').describe(
    'Project (path or id) for product security enhancements and paved roads.',
  ),
  GITLAB_GROUPS: csv.describe('Comma-separated group paths that searches, queues and digests cover.'),
  GITLAB_TIMEOUT_MS: int(10_000, 100).describe('Timeout of one GitLab API call, in ms.'),
  GITLAB_SETTLE_MS: int(60_000, 0).describe(
    'After a GitLab write timed out, wait this long before retrying it: GitLab may still finish the write, and the duplicate check must see it.',
  ),
  DATABASE_PATH: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== '' ? v.trim() : './data/prodsec-bot.db'))
    .describe('SQLite file; created if missing. ":memory:" for throwaway runs.'),
  SYNC_RETRY_MS: int(30_000, 1).describe(
    'Base delay of the retry backoff for GitLab and Slack side effects.',
  ),
  SYNC_RETRY_MAX_MS: int(30 * 60_000, 1).describe('Cap of the retry backoff.'),
  OUTBOX_MAX_ATTEMPTS: int(50, 1).describe(
    'Attempts of one side effect before the bot gives up: the record is marked failed, the person and OPS_CHANNEL told.',
  ),
  PRODSEC_POLICY_FILE: optionalString.describe('Optional YAML or JSON file overriding labels and scales.'),
  TEAM_SLACK_USER_IDS: csv.describe('Slack user ids of ProdSecEng team members.'),
  TEAM_SLACK_USERGROUP: optionalString.describe('Slack user group id whose members are team members.'),
  TEAM_CACHE_MAX_STALE_MINUTES: int(15, 0).describe(
    'How old a cached user-group member list may be and still be used when Slack does not answer; past that, membership counts as unknown (fail closed).',
  ),
  DIGEST_TIMEZONE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const tz = v && v.trim() !== '' ? v.trim() : 'UTC';
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return tz;
      } catch {
        ctx.addIssue({ code: 'custom', message: `is not a known IANA time zone (${tz})` });
        return z.NEVER;
      }
    })
    .describe('Default time zone of digest schedules.'),
  DIGEST_CATCHUP_MAX_MINUTES: int(120, 0).describe(
    'A digest slot missed while down is posted on start-up if younger than this.',
  ),
  CANDIDATE_STALE_DAYS: int(14, 1).describe('Days a candidate may wait for a decision before reminders.'),
  STATUS_SYNC_MINUTES: int(60, 1).describe(
    'How often the reconciliation sweep polls known issues for changes a missed webhook did not deliver.',
  ),
  ESCALATION_CHANNEL: optionalString.describe('Channel id where urgent escalations are posted.'),
  ESCALATION_USERGROUP: optionalString.describe(
    'User group id of the security support group (mentioned on escalations).',
  ),
  ESCALATION_REPEAT_MINUTES: int(15, 1).describe('Minutes between repeats of an unacknowledged escalation.'),
  ESCALATION_LEAD_USER_IDS: csv.describe('User ids added at the second level of the escalation chain.'),
  ESCALATION_MAX_REPEATS: int(3, 0).describe('How many times an unacknowledged escalation is repeated.'),
  ESCALATION_CHAIN: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parsed = parseEscalationChain(v && v.trim() !== '' ? v : DEFAULT_CHAIN);
      if ('chain' in parsed) return parsed.chain;
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    })
    .describe(
      `Who each level notifies: the first post, then each repeat (the last level repeats), e.g. ${DEFAULT_CHAIN}; group = ESCALATION_USERGROUP, leads = ESCALATION_LEAD_USER_IDS, here = @here in the channel.`,
    ),
  OPS_CHANNEL: optionalString.describe('Channel id for operator alerts (e.g. GitLab token rejected).'),
  SUPPORT_CHANNEL: optionalString.describe(
    'Channel id where support questions are posted as threads for the team to answer.',
  ),
  SUPPORT_STALE_HOURS: int(24, 1).describe(
    'Hours an unanswered support question waits before the digest lists it.',
  ),
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
    .optional()
    .transform((v) => v ?? 'info')
    .describe('Log level.'),
  MAX_BODY_BYTES: int(1024 * 1024, 1024).describe('Largest accepted Slack request body.'),
  PUBLIC_URL: url().describe(
    "The bot's public base URL as a browser reaches it (the GitLab OAuth callback is PUBLIC_URL/oauth/gitlab/callback).",
  ),
  GITLAB_OAUTH_CLIENT_ID: optionalString.describe(
    'Application ID of the GitLab OAuth application used to link Slack users to GitLab accounts.',
  ),
  GITLAB_OAUTH_CLIENT_SECRET: optionalString.describe('Secret of that GitLab OAuth application.'),
  TOKEN_ENCRYPTION_KEY: optionalString.describe(
    "32 random bytes, base64: encrypts people's GitLab tokens at rest (AES-256-GCM). Changing it forgets every link.",
  ),
  IDENTITY_REQUIRE_EMAIL_MATCH: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v !== 'false')
    .describe(
      "Link a GitLab account only when its email equals the Slack account's email (defeats account-linking CSRF).",
    ),
  IDENTITY_REFRESH_MARGIN_SECONDS: int(300, 0).describe(
    "A person's GitLab access token is refreshed when it expires within this many seconds.",
  ),
  GITLAB_WEBHOOK_SECRET: optionalString.describe(
    'Secret token of the GitLab group webhook (X-Gitlab-Token); unset → POST /gitlab/webhook answers 401.',
  ),
  GITLAB_WEBHOOK_SIGNING_TOKEN: optionalString.describe(
    'Optional signing token (whsec_…) of the webhook; set → every delivery must carry a valid webhook-signature.',
  ),
  WEBHOOK_SILENCE_ALERT_MINUTES: int(120, 1).describe(
    'When the sweep finds changes and no webhook was accepted for this long, OPS_CHANNEL is alerted once.',
  ),
  CANDIDATE_CHANNEL: optionalString.describe(
    'Optional channel id where issues that gain the candidate label in GitLab are announced.',
  ),
  BACKUP_DIR: optionalString.describe(
    'Folder for online backups of the database (created 0700); backups are off when unset.',
  ),
  BACKUP_CRON: optionalString
    .refine((v) => {
      if (v === undefined) return true;
      try {
        parseCron(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be a 5-field cron expression (UTC)')
    .describe(
      'When backups run (5-field cron, UTC); default hourly at a minute picked at random on first start and kept in the database.',
    ),
  BACKUP_KEEP: int(48, 1).describe('How many backups to keep in BACKUP_DIR; older ones are deleted.'),
  RETENTION_DAYS: int(365, 1).describe(
    'Days free text copied from Slack is kept after its request, flag or escalation is closed; then it is blanked.',
  ),
});

/**
 * The Slack connection settings: Socket Mode runs on the app token, HTTP mode on the signing
 * secret. `loadConfig` refuses an environment with neither, so the type says one of them is set.
 */
export type SlackMode =
  | { SLACK_APP_TOKEN: string; SLACK_SIGNING_SECRET: string | undefined }
  | { SLACK_APP_TOKEN: undefined; SLACK_SIGNING_SECRET: string };

export type Config = Omit<z.infer<typeof configSchema>, keyof SlackMode> & SlackMode;

function withSlackMode(env: z.infer<typeof configSchema>): Config | undefined {
  const { SLACK_APP_TOKEN, SLACK_SIGNING_SECRET } = env;
  if (SLACK_APP_TOKEN !== undefined) return { ...env, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET };
  if (SLACK_SIGNING_SECRET !== undefined) return { ...env, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET };
  return undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `prodsec-bot cannot start: ${problems.length} setting(s) need attention:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee .env.example for every setting and what it means.',
    );
    this.name = 'ConfigError';
  }
}

/** The settings `npm run backup` and `npm run restore` need: they run without Slack or GitLab. */
export function loadStorageConfig(env: Record<string, string | undefined> = process.env) {
  const result = configSchema
    .pick({ DATABASE_PATH: true, BACKUP_DIR: true, BACKUP_KEEP: true, LOG_LEVEL: true })
    .safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  return result.data;
}

/** Parses the environment once; the only place that reads process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`);
  // Checked apart from the schema so it is reported together with every other problem.
  if (!env.SLACK_APP_TOKEN?.trim() && !env.SLACK_SIGNING_SECRET?.trim()) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing (required in HTTP mode, i.e. when SLACK_APP_TOKEN is not set)',
    );
  }
  problems.push(...identityProblems(env));
  const config = result.success ? withSlackMode(result.data) : undefined;
  if (config === undefined || problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** 32 bytes of base64, or undefined when the value is not that. */
export function parseEncryptionKey(value: string | undefined): Buffer | undefined {
  const v = value?.trim();
  if (!v || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return undefined;
  const key = Buffer.from(v, 'base64');
  return key.length === 32 ? key : undefined;
}

/**
 * Account linking is configured as soon as any of its secrets is set; then all of them must be
 * right, so a half-configured bot does not start and silently refuse every `connect`.
 */
function identityProblems(env: Record<string, string | undefined>): string[] {
  const set = (k: string) => (env[k]?.trim() ?? '') !== '';
  const keys = ['GITLAB_OAUTH_CLIENT_ID', 'GITLAB_OAUTH_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY'];
  if (!keys.some(set)) return [];
  const problems = keys
    .filter((k) => !set(k))
    .map((k) => `${k} is missing (GitLab account linking is configured: ${keys.filter(set).join(', ')} set)`);
  if (set('TOKEN_ENCRYPTION_KEY') && !parseEncryptionKey(env.TOKEN_ENCRYPTION_KEY)) {
    problems.push(
      'TOKEN_ENCRYPTION_KEY must be 32 bytes in base64 (make one with `openssl rand -base64 32`)',
    );
  }
  return problems;
}
