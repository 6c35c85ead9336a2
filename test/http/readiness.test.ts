import { connect } from 'node:net';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';

async function get(h: Harness, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(h.url.replace('/slack/events', path));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Sends a request on a connection opened earlier: probes still reach a server that stopped listening. */
function openProbe(port: number): Promise<{ finish(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET /readyz HTTP/1.1\r\nHost: bot\r\n');
      resolve({
        finish: () =>
          new Promise((done, fail) => {
            let data = '';
            socket.on('data', (d) => {
              data += d;
              if (data.includes('\r\n\r\n') && data.includes('}')) {
                done(data);
                socket.destroy();
              }
            });
            socket.on('error', fail);
            socket.write('Connection: close\r\n\r\n');
          }),
      });
    });
    socket.on('error', reject);
  });
}

describe('GET /readyz', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('is 200 once started: migrations applied, database writable, receiver accepting', async () => {
    h = await startHarness();
    await new Promise((r) => setTimeout(r, 20));
    const ready = await get(h, '/readyz');
    expect(ready).toEqual({
      status: 200,
      body: {
        status: 'ready',
        migrations: true,
        databaseWritable: true,
        accepting: true,
        notDraining: true,
        catchUpDone: true,
      },
    });
  });

  it('is 503 while start-up catch-up work runs, 200 after; /healthz stays 200 throughout', async () => {
    h = await startHarness();
    let release: () => void = () => undefined;
    h.bot.deps.scheduler.soon('slow-catch-up', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    const during = await get(h, '/readyz');
    expect(during.status).toBe(503);
    expect(during.body).toMatchObject({ status: 'not ready', catchUpDone: false, databaseWritable: true });
    expect((await get(h, '/healthz')).status).toBe(200);
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect((await get(h, '/readyz')).status).toBe(200);
  });

  it('is 503 while draining after a stop was asked for', async () => {
    h = await startHarness();
    h.gitlab.setLatency(500);
    const probe = await openProbe(h.bot.http.address());
    // A Slack request whose GitLab work is in flight keeps the stop draining.
    expect((await h.submitView(requestSubmission())).status).toBe(200);
    const stopping = h.bot.stop();
    const answer = await probe.finish();
    expect(answer).toMatch(/^HTTP\/1\.1 503/);
    expect(answer).toContain('"notDraining":false');
    await stopping;
  });

  it('is 503 when the database is not writable or migrations are missing', async () => {
    h = await startHarness();
    const { db } = h.bot.deps.store;
    db.prepare(
      'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)',
    ).run();
    expect((await get(h, '/readyz')).body).toMatchObject({ migrations: false, databaseWritable: true });
    // Another writer holds the lock past the probe's short wait.
    const other = new Database(h.dbPath);
    other.exec('BEGIN IMMEDIATE');
    const res = await get(h, '/readyz');
    other.exec('ROLLBACK');
    other.close();
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ databaseWritable: false });
    expect(h.bot.deps.store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
});
