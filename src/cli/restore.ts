import { resolve } from 'node:path';
import { RestoreError, restoreBackup } from '../ops/restore.js';
import { DatabaseLockedError } from '../store/lock.js';

import { readStorageConfig } from './storage-config.js';

/** `npm run restore -- <file>`: replaces DATABASE_PATH with a backup while no bot runs. */
async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run restore -- <backup file>');
    return 2;
  }
  const config = readStorageConfig();
  if (!config) return 1;
  try {
    const s = await restoreBackup({ dbPath: config.DATABASE_PATH, file: resolve(file), now: Date.now() });
    console.log(`restored ${file} into ${config.DATABASE_PATH}`);
    console.log(
      `backup taken at ${s.takenAt === null ? 'unknown (no stamp)' : new Date(s.takenAt).toISOString()}`,
    );
    console.log(
      `requests: ${s.counts.requests}, open escalations: ${s.counts.openEscalations}, pending outbox jobs: ${s.counts.pendingOutboxJobs}`,
    );
    if (s.skippedDigestSlots > 0) {
      console.log(`digest slots that fell due after the backup, marked skipped: ${s.skippedDigestSlots}`);
    }
    console.log(
      s.replaced ? `the replaced database is kept at ${s.replaced}` : 'there was no database to replace',
    );
    return 0;
  } catch (err) {
    if (err instanceof DatabaseLockedError) {
      console.error(`restore refused: ${err.message}`);
      return 3;
    }
    if (err instanceof RestoreError) {
      console.error(`restore refused: ${err.message}`);
      return 4;
    }
    console.error(`restore failed: ${(err as Error).message}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
