import { existsSync } from 'node:fs';
import { createBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { loadTaxonomy, PolicyError, requestScopeFrom } from './policy.js';
import { DatabaseLockedError } from './store/lock.js';

/** Start-up only: settings → bot → start; a clean stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  // NOTE: Node 20.12+ reads a .env file natively; real environment variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: ReturnType<typeof loadConfig>;
  let taxonomy: ReturnType<typeof loadTaxonomy>;
  try {
    config = loadConfig();
    taxonomy = loadTaxonomy(config.PRODSEC_POLICY_FILE, { scope: requestScopeFrom(config) });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PolicyError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  let bot: ReturnType<typeof createBot>;
  try {
    bot = createBot({ config, taxonomy, log });
  } catch (err) {
    // A setting that can only be checked against the database (TOKEN_ENCRYPTION_KEY).
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    if (err instanceof DatabaseLockedError) {
      console.error(`prodsec-bot cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing in-flight work');
    try {
      await bot.stop();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      log.error({ error: (err as Error).message }, 'stop failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => log.error({ reason: String(reason) }, 'unhandled rejection'));
  try {
    await bot.start();
  } catch (err) {
    // A port in use, say: exit 1 so that a supervisor sees the failure (Restart=on-failure), not a clean exit.
    console.error(`prodsec-bot cannot start: ${(err as Error).message}`);
    await bot.stop().catch(() => undefined);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
