import type { Deps } from '../../deps.js';
import { deliverPost } from '../../slack/post.js';
import { defineJob } from '../define-job.js';
import { JOB_KINDS } from './kinds.js';

/**
 * Posts (or updates) a message that matters (a confirmation, a notification), retried, not dropped.
 * A post with `rememberAs` keeps its channel and ts, so a later change can update it in place.
 */
export const slackPostJob = (deps: Pick<Deps, 'slack' | 'store' | 'clock'>) =>
  defineJob({
    kind: 'slack_post',
    payload: JOB_KINDS.slack_post.payload,
    run: async (post) => {
      const posted = await deliverPost(deps.slack, post);
      if (post.rememberAs) {
        deps.store.issueChanges.rememberPost(post.rememberAs, posted.channel, posted.ts, deps.clock());
      }
    },
  });
