import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger, pino } from 'pino';

/** Paths pino blanks out wherever they appear, so a secret never reaches a log line by accident. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'headers.authorization',
  'headers["private-token"]',
  '*.headers.authorization',
  '*.headers["private-token"]',
  'config.SLACK_BOT_TOKEN',
  'config.SLACK_SIGNING_SECRET',
  'config.SLACK_APP_TOKEN',
  'config.GITLAB_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'GITLAB_TOKEN',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { app: 'prodsec-bot' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    destination as never,
  );
}

/** Bolt's Logger interface over pino: Bolt's own messages land in the same structured log. */
export function toBoltLogger(log: Logger): BoltLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msgs: unknown[]) => {
      const [first, ...rest] = msgs;
      if (first && typeof first === 'object' && !(first instanceof Error)) {
        log[level](first as object, rest.map(String).join(' '));
      } else if (first instanceof Error) {
        log[level]({ err: { name: first.name, message: first.message } }, rest.map(String).join(' '));
      } else {
        log[level](msgs.map(String).join(' '));
      }
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // NOTE: Bolt calls setLevel(INFO) on start; LOG_LEVEL is ours to decide, so this is a no-op.
    setLevel: (_level: LogLevel) => {},
    getLevel: () => log.level as LogLevel,
    setName: () => {},
  };
}
