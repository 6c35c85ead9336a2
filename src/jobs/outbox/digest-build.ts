import type { Deps } from '../../deps.js';
import { isGitLabError } from '../../gitlab/errors.js';
import { buildDigestFailedMessage, buildDigestUnavailableMessage } from '../../slack/messages/digest.js';
import { writeTx } from '../../store/db.js';
import type { DigestSubscription } from '../../store/digests-repo.js';
import type { OutboxJob } from '../../store/outbox-repo.js';
import { loadDigest } from '../../use-cases/load-digest.js';
import { queueSlotDigest } from '../../use-cases/post-digest.js';
import { PermanentError, RetryableError } from '../outbox-worker.js';
import { enqueuePost } from './slack-post.js';

export { DIGEST_BUILD } from '../digest.js';

/** A digest this late is no longer worth posting: the next slot is near. */
const TOO_LATE_MS = 12 * 60 * 60_000;

function fail(deps: Deps, sub: DigestSubscription, slot: number, err: unknown): never {
  const gitlab = isGitLabError(err);
  // A rejected token (401) is the operator's to fix: keep retrying, as intake does.
  const retryable = !gitlab || err.retryable || err.isAuth;
  const reason = gitlab ? `GitLab answered ${err.status ?? err.kind}` : 'an unexpected error';
  const message = retryable ? buildDigestUnavailableMessage(reason) : buildDigestFailedMessage(reason);
  writeTx(deps.store.db, () => {
    deps.store.digests.markSlot(sub.id, slot, retryable ? 'retrying' : 'failed', deps.clock());
    // The dedupe key makes the notice once per slot, however many retries follow.
    enqueuePost(
      deps,
      { channel: sub.channelId, ...message, fallbackUser: sub.createdBy },
      `digest-unavailable:${sub.id}:${slot}`,
    );
  });
  void deps.outbox.kick();
  const text = err instanceof Error ? err.message : String(err);
  if (!retryable) throw new PermanentError(text);
  throw new RetryableError(text, gitlab ? err.retryAfterMs : undefined);
}

/** Builds a claimed slot's digest from GitLab and queues its post; a GitLab outage is retried. */
export function handleDigestBuild(deps: Deps) {
  return async (job: OutboxJob): Promise<void> => {
    const { subscriptionId, slot } = job.payload as { subscriptionId: number; slot: number };
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
      fail(deps, sub, slot, err);
    }
    deps.metrics.digestRuns.inc({ outcome: 'built' });
    queueSlotDigest(deps, sub, slot, digest, deps.clock());
    void deps.outbox.kick();
  };
}
