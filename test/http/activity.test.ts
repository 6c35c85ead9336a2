import { describe, expect, it } from 'vitest';
import { createActivity, createQuietGate } from '../../src/http/activity.js';

describe('request activity', () => {
  it('is busy while a request is in flight and for quietMs after the last one arrived', () => {
    let t = 1000;
    const a = createActivity(20, () => t);
    expect(a.busy()).toBe(false);
    a.enter();
    a.leave();
    // Handled at once, as a cheap request is between two arrivals of a burst: still busy.
    expect(a.inFlight()).toBe(0);
    expect(a.busy()).toBe(true);
    expect(a.arriving()).toBe(true);
    t += 19;
    expect(a.busy()).toBe(true);
    t += 1;
    expect(a.busy()).toBe(false);
    expect(a.arriving()).toBe(false);
  });

  it('stays busy past the quiet time while a request is still being handled, but is no longer arriving', () => {
    let t = 0;
    const a = createActivity(20, () => t);
    a.enter();
    t += 500;
    expect(a.busy()).toBe(true);
    expect(a.arriving()).toBe(false);
    a.leave();
    expect(a.busy()).toBe(false);
  });
});

describe('the quiet gate', () => {
  it('lets work through at once when nothing is busy', async () => {
    const gate = createQuietGate(() => false);
    let done = false;
    const p = gate.wait(1000).then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(true);
    await p;
  });

  it('holds every waiter while busy and releases them all when it goes quiet', async () => {
    let busy = true;
    const gate = createQuietGate(() => busy, { stepMs: 1 });
    const released: number[] = [];
    const waits = [1, 2, 3].map((i) => gate.wait(60_000).then(() => released.push(i)));
    await new Promise((r) => setTimeout(r, 15));
    expect(released).toEqual([]);
    busy = false;
    await Promise.all(waits);
    expect(released.sort()).toEqual([1, 2, 3]);
  });

  it('holds a waiter at most its own maxMs, whatever the others wait for', async () => {
    let t = 0;
    const gate = createQuietGate(() => true, { stepMs: 1, now: () => t });
    const released: string[] = [];
    const short = gate.wait(100).then(() => released.push('short'));
    const long = gate.wait(10_000).then(() => released.push('long'));
    await new Promise((r) => setTimeout(r, 10));
    expect(released).toEqual([]);
    t = 100;
    await short;
    expect(released).toEqual(['short']);
    t = 10_000;
    await long;
    expect(released).toEqual(['short', 'long']);
  });
});
