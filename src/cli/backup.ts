import { takeBackup } from '../ops/backup.js';
import { openDatabase } from '../store/db.js';
import { createStore } from '../store/index.js';

import { readStorageConfig } from './storage-config.js';

/** `npm run backup [-- <dir>]`: one online backup now, safe while the bot runs. */
async function main(): Promise<number> {
  const config = readStorageConfig();
  if (!config) return 1;
  const dir = process.argv[2] ?? config.BACKUP_DIR;
  if (!dir) {
    console.error('backup: set BACKUP_DIR (or pass a folder: npm run backup -- /path/to/backups)');
    return 1;
  }
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const { file, takenAt } = await takeBackup(db, { dir, now: Date.now(), keep: config.BACKUP_KEEP });
    const c = createStore(db).ops.counts();
    console.log(`backup written: ${file}`);
    console.log(`taken at ${new Date(takenAt).toISOString()}`);
    console.log(
      `requests: ${c.requests}, open escalations: ${c.openEscalations}, pending outbox jobs: ${c.pendingOutboxJobs}`,
    );
    return 0;
  } catch (err) {
    console.error(`backup failed: ${(err as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

main().then((code) => process.exit(code));
