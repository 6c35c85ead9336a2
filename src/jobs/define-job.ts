import type { z } from 'zod';
import type { JobFailure } from './classify-failure.js';
import type { JobKind, PayloadOf, PostPayload } from './outbox/kinds.js';

/** What the worker tells a job about the attempt in progress. */
export interface JobContext {
  jobId: number;
  /** 1 on the first attempt. */
  attempt: number;
  /** The worker will not try again: a failure now is final (the job's onGaveUp runs). */
  finalAttempt: boolean;
  /**
   * Queues a Slack message that matters (retried, not dropped), sent once per job: `once` names
   * it among the job's messages, so a later attempt that tells the same thing is silent.
   */
  tell(post: PostPayload, once: string): void;
}

/**
 * One outbox job kind. The worker parses the payload with the kind's schema (a payload that
 * does not parse is a permanent failure), runs `run`, classifies what it throws (see
 * classifyFailure), then marks the row and runs the matching notice in the same transaction.
 */
export interface JobDefinition<P> {
  kind: JobKind;
  payload: z.ZodType<P>;
  run(payload: P, ctx: JobContext): Promise<void>;
  /** The attempt failed and the job will be retried. Runs inside the row's transaction. */
  onRetrying?(payload: P, failure: JobFailure, ctx: JobContext): void;
  /** The job failed for good (a permanent failure, or any failure on the final attempt). Same transaction. */
  onGaveUp?(payload: P, failure: JobFailure, ctx: JobContext): void;
}

/** Defines the job of `kind`; its payload schema must be the kind's own (see kinds.ts). */
export function defineJob<K extends JobKind>(
  def: JobDefinition<PayloadOf<K>> & { kind: K },
): JobDefinition<PayloadOf<K>> {
  return def;
}
