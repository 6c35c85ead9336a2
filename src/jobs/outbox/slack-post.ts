import type { Deps } from '../../deps.js';
import { deliverPost } from '../../slack/post.js';
import { defineJob } from '../define-job.js';
import { JOB_KINDS } from './kinds.js';

/** Posts (or updates) a message that matters (a confirmation, a notification), retried, not dropped. */
export const slackPostJob = (deps: Pick<Deps, 'slack'>) =>
  defineJob({
    kind: 'slack_post',
    payload: JOB_KINDS.slack_post.payload,
    run: async (post) => {
      await deliverPost(deps.slack, post);
    },
  });
