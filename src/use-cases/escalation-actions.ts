import type { Deps } from '../deps.js';
import type { EscalationNoteEvent } from '../domain/escalation-notes.js';
import { formatIssueRef } from '../domain/issue-ref.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import {
  buildAcknowledgedNotice,
  buildResolvedNotice,
  buildUnacknowledgedNotice,
} from '../slack/messages/escalation-messages.js';
import type { SlackMessage } from '../slack/messages/request-messages.js';
import { writeTx } from '../store/db.js';
import type { EscalationRecord } from '../store/escalations-repo.js';
import { authorize, type Denied, permits } from './authorize.js';

export type EscalationActionResult =
  | { ok: true; record: EscalationRecord }
  /** `conflict`: someone else changed it first (the record says who); `not_found`: no such escalation. */
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; record: EscalationRecord }
  /** Not one of the responders: nothing changed, the refusal is audited. */
  | { ok: false; reason: 'denied'; denial: Denied };

type Action = 'acknowledge' | 'unacknowledge' | 'resolve';

interface Step {
  action: Action;
  user: string;
  /** The conditional UPDATE: true when this caller changed the row. */
  apply: (now: number) => boolean;
  notice?: (e: EscalationRecord) => SlackMessage | undefined;
  note?: EscalationNoteEvent;
  reason?: string | null;
}

/**
 * One state change of an escalation, in one transaction: the conditional UPDATE decides who
 * wins; the winner's side effects (post re-render, escalator notice, GitLab note, audit) are
 * queued with it. The loser gets the current record to say who got there first.
 */
function change(deps: Deps, id: number, step: Step): EscalationActionResult {
  const { escalations, audit } = deps.store;
  const result = writeTx(deps.store.db, (): EscalationActionResult => {
    const now = deps.clock();
    const before = escalations.get(id);
    if (!before) return { ok: false, reason: 'not_found' };
    const won = step.apply(now);
    const e = escalations.get(id) as EscalationRecord;
    audit.record({
      at: now,
      actor: step.user,
      action: `escalation.${step.action}`,
      issueRef: e.issue ? formatIssueRef(e.issue) : null,
      reason: step.reason ?? null,
      outcome: won ? 'ok' : 'conflict',
      details: { escalation: e.ref, state: e.state, timeToAckMs: e.timeToAckMs, round: e.round },
    });
    if (!won) return { ok: false, reason: 'conflict', record: e };
    enqueue(deps, 'escalation_update', { escalationId: id }, `esc-update:${id}:${e.version}`);
    const notice = step.notice?.(e);
    if (notice && e.escalator !== step.user)
      enqueue(
        deps,
        'slack_post',
        { channel: e.escalator, ...notice },
        `esc-notice:${id}:${step.action}:${e.version}`,
      );
    if (step.note && e.issue)
      enqueue(deps, 'escalation_note', {
        escalationId: id,
        project: e.issue.project,
        iid: e.issue.iid,
        event: step.note,
        ref: e.ref,
        at: now,
        round: before.round,
        timeToAckMs: e.timeToAckMs,
      });
    return { ok: true, record: e };
  });
  return result;
}

/**
 * Acting on an escalation is for the support group, the team and the leads (ESCALATION_USERGROUP,
 * TEAM_*, ESCALATION_LEAD_USER_IDS); anyone else is refused before anything is read or written.
 */
export async function mayActOnEscalation(
  deps: Deps,
  id: number,
  user: string,
  action: Action,
): Promise<
  { ok: true } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'denied'; denial: Denied }
> {
  const e = deps.store.escalations.get(id);
  if (!e) return { ok: false, reason: 'not_found' };
  const decision = await authorize(deps, {
    userId: user,
    action: `escalation.${action}`,
    target: { kind: 'escalation', ref: e.ref, escalatorId: e.escalator },
    details: { escalation: e.ref },
  });
  return decision.kind === 'allowed' ? { ok: true } : { ok: false, reason: 'denied', denial: decision };
}

async function guarded(
  deps: Deps,
  id: number,
  user: string,
  action: Action,
  run: () => EscalationActionResult,
): Promise<EscalationActionResult> {
  const gate = await mayActOnEscalation(deps, id, user, action);
  return gate.ok ? run() : gate;
}

export function acknowledgeEscalation(deps: Deps, id: number, user: string): Promise<EscalationActionResult> {
  return guarded(deps, id, user, 'acknowledge', () =>
    change(deps, id, {
      action: 'acknowledge',
      user,
      apply: (now) => deps.store.escalations.acknowledge(id, user, now),
      notice: buildAcknowledgedNotice,
      note: 'acknowledged',
    }),
  );
}

/** Un-acknowledging restarts the clock and the chain, from the first repeat. */
export function unacknowledgeEscalation(
  deps: Deps,
  id: number,
  user: string,
): Promise<EscalationActionResult> {
  const repeatMs = deps.config.ESCALATION_REPEAT_MINUTES * 60_000;
  return guarded(deps, id, user, 'unacknowledge', () =>
    change(deps, id, {
      action: 'unacknowledge',
      user,
      apply: (now) =>
        deps.store.escalations.unacknowledge(
          id,
          now,
          deps.config.ESCALATION_MAX_REPEATS > 0 ? now + repeatMs : null,
        ),
      notice: (e) => buildUnacknowledgedNotice(e, user),
    }),
  );
}

export function resolveEscalation(
  deps: Deps,
  id: number,
  user: string,
  note: string | null,
): Promise<EscalationActionResult> {
  return guarded(deps, id, user, 'resolve', () =>
    change(deps, id, {
      action: 'resolve',
      user,
      apply: (now) => deps.store.escalations.resolve(id, user, note, now),
      notice: buildResolvedNotice,
      note: 'resolved',
      reason: note,
    }),
  );
}

/**
 * `/prodsec escalations`: every open one, explanation included, for the responders; anyone
 * else sees only the escalations they raised.
 */
export async function listOpenEscalations(
  deps: Deps,
  user: string,
): Promise<{ scope: 'all' | 'own'; list: EscalationRecord[] }> {
  const open = deps.store.escalations.listOpen();
  const all = await permits(deps, { userId: user, action: 'escalation.list_all', target: { kind: 'none' } });
  return all
    ? { scope: 'all', list: open }
    : { scope: 'own', list: open.filter((e) => e.escalator === user) };
}
