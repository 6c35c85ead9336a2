import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { escalationNoteMarker } from '../../domain/escalation-notes.js';
import type { OutboxJob } from '../../store/outbox-repo.js';

const id = z.number().int().positive();

const postPayload = z.object({
  channel: z.string().min(1),
  text: z.string(),
  // Built by our own Block Kit builders; Slack validates the blocks themselves.
  blocks: z.array(z.custom<KnownBlock>((b) => typeof b === 'object' && b !== null)).optional(),
  thread_ts: z.string().optional(),
  /** Update this message instead of posting a new one. */
  updateTs: z.string().optional(),
  /** When the bot is not in `channel`, send to this user's DM instead. */
  fallbackUser: z.string().optional(),
  /** Keep the posted message's channel and ts under this key, so it can be updated in place later. */
  rememberAs: z.string().optional(),
});

const escalationNotePayload = z.object({
  escalationId: id,
  project: z.string().min(1),
  iid: id,
  event: z.enum(['escalated', 'acknowledged', 'resolved']),
  ref: z.string(),
  at: z.number(),
  round: z.number().int().nonnegative(),
  timeToAckMs: z.number().nullable().optional(),
});

const escalationPostPayload = z.object({
  escalationId: id,
  round: z.number().int().nonnegative(),
  level: z.number().int().nonnegative(),
  /** How long it had waited when the level was claimed (the clock of the tick, not of delivery). */
  waitedMs: z.number().optional(),
});

interface KindSpec<P> {
  payload: z.ZodType<P>;
  dedupeKey?: (payload: P) => string;
}

const kind = <S extends z.ZodType>(payload: S, dedupeKey?: (p: z.output<S>) => string) => ({
  payload,
  dedupeKey,
});

/**
 * Every outbox job kind: its payload schema and, when the payload names the work, the dedupe key
 * that makes enqueueing the same work twice a no-op. Features add their kinds here.
 */
export const JOB_KINDS = {
  /** Files a saved request as a GitLab issue, exactly once. */
  file_request: kind(z.object({ requestId: id }), (p) => `file:${p.requestId}`),
  /** Posts a support question to SUPPORT_CHANNEL as its thread root, once, and tells the asker. */
  support_post: kind(z.object({ questionId: id }), (p) => `support-post:${p.questionId}`),
  /** Posts (or updates) one Slack message that matters, so it is retried, not dropped. */
  slack_post: kind(postPayload),
  /** Builds a claimed digest slot from GitLab and queues its post. */
  digest_build: kind(
    z.object({ subscriptionId: id, slot: z.number() }),
    (p) => `digest-build:${p.subscriptionId}:${p.slot}`,
  ),
  /** Posts one chain level: the escalation itself (level 0) or a repeat in its thread. */
  escalation_post: kind(escalationPostPayload, (p) => `esc-post:${p.escalationId}:${p.round}:${p.level}`),
  /** Re-renders the escalation post in place from its current state. */
  escalation_update: kind(z.object({ escalationId: id })),
  /** Tells the escalator where the post is, with its permalink. */
  escalation_confirm: kind(z.object({ escalationId: id }), (p) => `esc-confirm:${p.escalationId}`),
  /** Records an escalation step as a note on the linked GitLab issue, once. */
  escalation_note: kind(
    escalationNotePayload,
    (p) => `esc-note:${escalationNoteMarker(p.escalationId, p.event, p.round)}`,
  ),
  /** Writes a finished refinement to GitLab: weight, then labels, then the summary note. */
  refinement_apply: kind(z.object({ refinementId: id })),
  /** Files a flagged message as a candidate issue, or links it to an existing one. */
  flag_candidate: kind(z.object({ flagId: id }), (p) => `flag:${p.flagId}`),
  /** Applies a recorded triage decision to GitLab step by step, then closes the loop in Slack. */
  apply_decision: kind(z.object({ decisionId: id }), (p) => `decision:${p.decisionId}`),
  /** Announces a filed request in its type's notifyChannel, once. */
  request_announce: kind(z.object({ requestId: id }), (p) => `announce:${p.requestId}`),
  /** Assigns a claimed request's issue to the claimer, re-renders the announcement, tells the requester. */
  request_claim: kind(z.object({ requestId: id }), (p) => `claim:${p.requestId}`),
  /** Processes one accepted GitLab webhook delivery through the change record. */
  webhook_delivery: kind(z.object({ deliveryId: id }), (p) => `webhook:${p.deliveryId}`),
  /** Completes (or fails, with `error`) one run of the Workflow Builder step, once per execution. */
  workflow_step_complete: kind(
    z.object({ executionId: z.string().min(1), error: z.string().min(1).optional() }),
    (p) => `workflow-step:${p.executionId}`,
  ),
};

export type JobKind = keyof typeof JOB_KINDS;
export type PayloadOf<K extends JobKind> = z.output<(typeof JOB_KINDS)[K]['payload']>;
const SPECS: { [K in JobKind]: KindSpec<PayloadOf<K>> } = JOB_KINDS;

/** The payload schema of `kind`. */
export const payloadSchema = <K extends JobKind>(kind: K): z.ZodType<PayloadOf<K>> => SPECS[kind].payload;
export type PostPayload = PayloadOf<'slack_post'>;
export type EscalationPostPayload = PayloadOf<'escalation_post'>;

/**
 * Queues a side effect of `kind`, in the caller's transaction when there is one, and wakes the
 * worker (which waits a moment, so the transaction commits first). `dedupeKey` overrides the
 * kind's own. Returns false when the same work was already queued.
 */
export function enqueue<K extends JobKind>(
  deps: Pick<Deps, 'store' | 'clock'> & { outbox: Pick<Deps['outbox'], 'kick'> },
  jobKind: K,
  payload: PayloadOf<K>,
  dedupeKey?: string,
): boolean {
  const spec: KindSpec<PayloadOf<K>> = SPECS[jobKind];
  const key = dedupeKey ?? spec.dedupeKey?.(payload);
  const queued = deps.store.outbox.enqueue(jobKind, payload, deps.clock(), { dedupeKey: key });
  if (queued) void deps.outbox.kick();
  return queued;
}

/** The channel a Slack post job was meant for, if `job` is one. */
export function postChannelOf(job: Pick<OutboxJob, 'kind' | 'payload'>): string | undefined {
  if (job.kind !== 'slack_post') return undefined;
  const post = payloadSchema('slack_post').safeParse(job.payload);
  return post.success ? post.data.channel : undefined;
}
