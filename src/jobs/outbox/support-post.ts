import type { Deps } from '../../deps.js';
import { buildSupportAskedNotice, buildSupportQuestionPost } from '../../slack/messages/intake-messages.js';
import { deliverPost } from '../../slack/post.js';
import { writeTx } from '../../store/db.js';
import { completeWorkflowStepsForQuestion } from '../../use-cases/workflow-step.js';
import { defineJob } from '../define-job.js';
import { JOB_KINDS } from './kinds.js';

/**
 * Posts a support question to SUPPORT_CHANNEL as the root of its thread, once, remembers where, and
 * tells the asker. A retry after the post landed (ts saved) only tells the asker.
 */
export const supportPostJob = (deps: Deps) =>
  defineJob({
    kind: 'support_post',
    payload: JOB_KINDS.support_post.payload,
    run: async ({ questionId }, { tell }) => {
      const { support } = deps.store;
      const q = support.get(questionId);
      if (!q) return;
      let { messageTs, permalink } = q;
      if (!messageTs) {
        const posted = await deliverPost(deps.slack, {
          channel: q.channelId,
          ...buildSupportQuestionPost(q),
        });
        messageTs = posted.ts;
        try {
          const r = await deps.slack.chat.getPermalink({ channel: posted.channel, message_ts: posted.ts });
          permalink = typeof r.permalink === 'string' ? r.permalink : null;
        } catch {
          permalink = null;
        }
        support.setPosted(q.id, messageTs, permalink, deps.clock());
      }
      writeTx(deps.store.db, () => {
        tell(
          {
            channel: q.askerId,
            ...buildSupportAskedNotice({ ref: q.ref, channelId: q.channelId, permalink }),
          },
          'asked',
        );
        completeWorkflowStepsForQuestion(deps, q.id);
      });
    },
  });
