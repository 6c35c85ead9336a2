/**
 * Requests being answered on one route, and whether a burst of them is still arriving. Under a
 * burst libuv hands over one new connection per event-loop turn, and a cheap handler finishes
 * before the next arrives, so "none in flight" is true between every two requests of a burst:
 * work deferred only while requests are in flight would run in those gaps, inside the burst.
 * `busy()` stays true for `quietMs` after the last arrival as well.
 */
export interface Activity {
  enter(): void;
  leave(): void;
  inFlight(): number;
  busy(): boolean;
  /** A request arrived within the last `quietMs`: a burst is still coming in. */
  arriving(): boolean;
}

export function createActivity(quietMs = 20, now: () => number = () => performance.now()): Activity {
  let inFlight = 0;
  let lastArrival = Number.NEGATIVE_INFINITY;
  const arriving = () => now() - lastArrival < quietMs;
  return {
    enter() {
      inFlight++;
      lastArrival = now();
    },
    leave() {
      inFlight--;
    },
    inFlight: () => inFlight,
    busy: () => inFlight > 0 || arriving(),
    arriving,
  };
}

/**
 * Holds work back while `busy()` (a burst being acknowledged), each waiter at most its own
 * `maxMs`. One timer serves every waiter, so holding back 500 calls costs one check per step.
 */
export interface QuietGate {
  wait(maxMs: number): Promise<void>;
}

export function createQuietGate(
  busy: () => boolean,
  opts: { stepMs?: number; now?: () => number } = {},
): QuietGate {
  const stepMs = opts.stepMs ?? 5;
  const now = opts.now ?? (() => performance.now());
  let waiters: Array<{ until: number; release: () => void }> = [];
  let ticking = false;
  const tick = () => {
    ticking = true;
    setTimeout(check, stepMs);
  };
  const check = () => {
    ticking = false;
    const quiet = !busy();
    const t = now();
    const still: typeof waiters = [];
    for (const w of waiters)
      if (quiet || t >= w.until) w.release();
      else still.push(w);
    waiters = still;
    if (waiters.length > 0) tick();
  };
  return {
    wait(maxMs) {
      if (maxMs <= 0 || !busy()) return Promise.resolve();
      return new Promise<void>((release) => {
        waiters.push({ until: now() + maxMs, release });
        if (!ticking) tick();
      });
    },
  };
}
