import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const minimal = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 's',
  GITLAB_TOKEN: 'glpat-1',
  GITLAB_INTERNAL_PROJECT: 'sec/internal',
  GITLAB_PRODUCT_PROJECT: 'org/product',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(minimal);
    expect(c.PORT).toBe(3000);
    expect(c.GITLAB_URL).toBe('https://gitlab.com');
    expect(c.DATABASE_PATH).toBe('./data/prodsec-bot.db');
    expect(c.SYNC_RETRY_MS).toBe(30000);
    expect(c.GITLAB_GROUPS).toEqual([]);
    expect(c.DIGEST_TIMEZONE).toBe('UTC');
    expect(c.CANDIDATE_STALE_DAYS).toBe(14);
    expect(c.ESCALATION_REPEAT_MINUTES).toBe(15);
  });

  it('names every missing or malformed key in one message that points at .env.example', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', GITLAB_URL: 'ftp://x', DIGEST_TIMEZONE: 'Mars/Olympus' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    for (const key of [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'GITLAB_TOKEN',
      'GITLAB_INTERNAL_PROJECT',
      'GITLAB_PRODUCT_PROJECT',
      'PORT',
      'GITLAB_URL',
      'DIGEST_TIMEZONE',
    ]) {
      expect(message).toContain(key);
    }
    expect(message).toContain('.env.example');
  });

  it('does not require the signing secret in Socket Mode', () => {
    const { SLACK_SIGNING_SECRET: _, ...rest } = minimal;
    expect(loadConfig({ ...rest, SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe('xapp-1');
  });

  it('refuses a bot token in SLACK_APP_TOKEN (Socket Mode would retry forever)', () => {
    expect(() => loadConfig({ ...minimal, SLACK_APP_TOKEN: 'xoxb-oops' })).toThrowError(
      /SLACK_APP_TOKEN must be an app-level token/,
    );
  });

  it('parses comma-separated lists', () => {
    const c = loadConfig({ ...minimal, GITLAB_GROUPS: ' a , b/c ,', TEAM_SLACK_USER_IDS: 'U1,U2' });
    expect(c.GITLAB_GROUPS).toEqual(['a', 'b/c']);
    expect(c.TEAM_SLACK_USER_IDS).toEqual(['U1', 'U2']);
  });
});
