import type { Deps } from '../../deps.js';
import { describeGitLabFailure } from '../../slack/gitlab-failure.js';
import {
  buildDigestFailedMessage,
  buildDigestUnavailableMessage,
} from '../../slack/messages/digest-message.js';
import { loadDigest } from '../../use-cases/load-digest.js';
import { queueSlotDigest } from '../../use-cases/post-digest.js';
import type { JobFailure } from '../classify-failure.js';
import { defineJob, type JobContext } from '../define-job.js';
import { JOB_KINDS, type PayloadOf } from './kinds.js';

/** A digest this late is no longer worth posting: the next slot is near. */
const TOO_LATE_MS = 12 * 60 * 60_000;

/** Builds a claimed slot's digest from GitLab and queues its post; a GitLab outage is retried. */
export const digestBuildJob = (deps: Deps) => {
  /** The channel hears once per slot, however many retries follow. A rejected token (401) waits for the operator. */
  const tellProblem =
    (final: boolean) =>
    ({ subscriptionId, slot }: PayloadOf<'digest_build'>, failure: JobFailure, { tell }: JobContext) => {
      const sub = deps.store.digests.get(subscriptionId);
      if (!sub) return;
      deps.store.digests.markSlot(sub.id, slot, final ? 'failed' : 'retrying', deps.clock());
      const reason = describeGitLabFailure(failure.cause);
      const message = final ? buildDigestFailedMessage(reason) : buildDigestUnavailableMessage(reason);
      tell({ channel: sub.channelId, ...message, fallbackUser: sub.createdBy }, 'unavailable');
    };
  return defineJob({
    kind: 'digest_build',
    payload: JOB_KINDS.digest_build.payload,
    run: async ({ subscriptionId, slot }) => {
      const sub = deps.store.digests.get(subscriptionId);
      if (!sub) return;
      const now = deps.clock();
      if (now - slot > TOO_LATE_MS) {
        deps.store.digests.markSlot(sub.id, slot, 'failed', now);
        deps.metrics.digestRuns.inc({ outcome: 'too_late' });
        deps.log.warn(
          { subscription: sub.id, slot: new Date(slot).toISOString() },
          'digest given up: too late',
        );
        return;
      }
      let digest: Awaited<ReturnType<typeof loadDigest>>;
      try {
        digest = await loadDigest(
          deps,
          { milestone: sub.milestone, timezone: sub.timezone, since: sub.lastDigestAt ?? sub.createdAt },
          now,
        );
      } catch (err) {
        deps.metrics.digestRuns.inc({ outcome: 'gitlab_failed' });
        throw err;
      }
      deps.metrics.digestRuns.inc({ outcome: 'built' });
      queueSlotDigest(deps, sub, slot, digest, deps.clock());
    },
    onRetrying: tellProblem(false),
    onGaveUp: tellProblem(true),
  });
};
