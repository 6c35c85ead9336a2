import type { Deps } from '../deps.js';
import { audienceAt } from '../domain/escalation.js';
import { writeTx } from '../store/db.js';
import { enqueue } from './outbox/kinds.js';

/**
 * Fires the next chain level of every unacknowledged escalation whose repeat is due at `now`.
 * Each (escalation, round, level) row is claimed in the same transaction that advances the
 * escalation and queues the post, so a double tick, a second instance or a restart can neither
 * skip nor repeat a level. A bot that was down fires one level on return, not a burst.
 */
export function runEscalationRepeats(deps: Deps, now: number): number {
  const { escalations, audit } = deps.store;
  const max = deps.config.ESCALATION_MAX_REPEATS;
  const repeatMs = deps.config.ESCALATION_REPEAT_MINUTES * 60_000;
  let fired = 0;
  for (const due of escalations.listDue(now)) {
    writeTx(deps.store.db, () => {
      const e = escalations.get(due.id);
      if (e?.state !== 'open' || e.nextRepeatAt === null || e.nextRepeatAt > now) return;
      const level = e.level + 1;
      if (level > max) {
        escalations.advance(e.id, e.round, e.level, null, now);
        return;
      }
      const audience = audienceAt(deps.config.ESCALATION_CHAIN, level).join('+');
      const claimed = escalations.claimLevel(e.id, e.round, level, audience, now);
      escalations.advance(e.id, e.round, level, level < max ? now + repeatMs : null, now);
      if (!claimed) return;
      // Queued on the worker's clock: `now` is the tick's time, which a test (or a late tick) may set apart.
      enqueue(deps, 'escalation_post', {
        escalationId: e.id,
        round: e.round,
        level,
        waitedMs: now - e.clockStartedAt,
      });
      audit.record({
        at: now,
        actor: 'prodsec-bot',
        action: 'escalation.repeat',
        issueRef: null,
        reason: null,
        outcome: 'ok',
        details: { escalation: e.ref, round: e.round, level, audience },
      });
      fired += 1;
    });
  }
  return fired;
}
