import { describe, expect, it } from 'vitest';
import { defineJob } from '../../src/jobs/define-job.js';
import { JOB_KINDS } from '../../src/jobs/outbox/kinds.js';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { openDatabase } from '../../src/store/db.js';
import { createOutboxRepo } from '../../src/store/outbox-repo.js';

describe('outbox lanes', () => {
  it('a lane that waited for a burst while another took the last job ends quietly; every job runs once', async () => {
    const db = openDatabase(':memory:');
    const repo = createOutboxRepo(db);
    // The first lane finds the bot quiet, the second waits a step for a burst; by the time it
    // wakes, the first lane has run its job and taken the second one as well.
    let checks = 0;
    const isBusy = () => ++checks === 2;
    const worker = createOutboxWorker({
      db,
      repo,
      log: createLogger('silent'),
      metrics: createMetrics(),
      clock: () => 1_000,
      baseDelayMs: 10,
      maxDelayMs: 100,
      kickDelayMs: 0,
      concurrency: 2,
      isBusy,
    });
    const ran: number[] = [];
    worker.register(
      defineJob({
        kind: 'file_request',
        payload: JOB_KINDS.file_request.payload,
        run: async ({ requestId }) => {
          ran.push(requestId);
        },
      }),
    );
    repo.enqueue('file_request', { requestId: 1 }, 1_000);
    repo.enqueue('file_request', { requestId: 2 }, 1_000);
    await expect(worker.runDue()).resolves.toBe(2);
    expect(ran.sort()).toEqual([1, 2]);
    expect(repo.listByKind('file_request').map((j) => j.status)).toEqual(['done', 'done']);
    db.close();
  });
});
