import type { Deps } from '../../deps.js';
import { deliverPost, type PostPayload } from '../../slack/post.js';
import type { OutboxJob } from '../../store/outbox-repo.js';

export const SLACK_POST = 'slack_post';

/** Queues a message that matters (a confirmation, a notification) so it is retried, not dropped. */
export function enqueuePost(
  deps: Pick<Deps, 'store' | 'clock'>,
  payload: PostPayload,
  dedupeKey?: string,
): boolean {
  return deps.store.outbox.enqueue(SLACK_POST, payload, deps.clock(), { dedupeKey });
}

export function handleSlackPost(deps: Pick<Deps, 'slack' | 'store' | 'clock'>) {
  return async (job: OutboxJob): Promise<void> => {
    const payload = job.payload as PostPayload;
    const posted = await deliverPost(deps.slack, payload);
    if (payload.rememberAs) {
      deps.store.issueChanges.rememberPost(payload.rememberAs, posted.channel, posted.ts, deps.clock());
    }
  };
}
