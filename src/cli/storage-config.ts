import { existsSync } from 'node:fs';
import { ConfigError, loadStorageConfig } from '../config.js';

export type StorageConfig = ReturnType<typeof loadStorageConfig>;

/** The settings a maintenance script needs (`.env` read as `npm start` reads it), or undefined after saying what is wrong. */
export function readStorageConfig(): StorageConfig | undefined {
  // NOTE: Node 20.12+ reads a .env file natively; real environment variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadStorageConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return undefined;
    }
    throw err;
  }
}
