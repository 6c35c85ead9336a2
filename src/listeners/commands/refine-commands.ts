import { parseIssueRef } from '../../domain/issue-ref.js';
import { buildRefinementQueueMessage } from '../../slack/messages/refinement-queue.js';
import { NOT_A_MEMBER } from '../../slack/views/refine-problems.js';
import { describeGitLabFailure, requireMember } from '../../use-cases/refine.js';
import { loadRefinementQueue } from '../../use-cases/refinement-queue.js';
import { openRefineModal } from '../actions/open-refine-modal.js';
import type { Subcommand } from './subcommand.js';

const REFINE_USAGE =
  'Usage: `/prodsec refine <issue>`, where the issue is `#123` (product project), `group/project#123` or an issue URL.';
/** How many issues `/prodsec queue` lists. */
const QUEUE_LIMIT = 25;

export const refineSubcommands: Record<string, Subcommand> = {
  refine: {
    usage: 'refine <issue>',
    summary:
      'refine an issue with the handbook checklist; Finish writes weight, labels and a note to GitLab (team only)',
    async run({ ack, args, command, client, deps }) {
      const ref = parseIssueRef(args, deps.config.GITLAB_PRODUCT_PROJECT, deps.config.GITLAB_URL);
      if (!ref) {
        await ack({ response_type: 'ephemeral', text: REFINE_USAGE });
        return;
      }
      await ack();
      await openRefineModal(deps, client, command.trigger_id, command.user_id, ref);
    },
  },
  queue: {
    usage: 'queue',
    summary: 'list the issues waiting for refinement, oldest first, each with a Refine button (team only)',
    async run({ ack, respond, command, deps }) {
      await ack();
      if (!(await requireMember(deps, command.user_id, 'refine.queue', null))) {
        await respond({ response_type: 'ephemeral', text: NOT_A_MEMBER });
        return;
      }
      try {
        const queue = await loadRefinementQueue(deps, QUEUE_LIMIT);
        await respond({ response_type: 'ephemeral', ...buildRefinementQueueMessage(queue, deps.clock()) });
      } catch (err) {
        deps.log.warn({ error: describeGitLabFailure(err) }, 'refinement queue not loaded');
        await respond({
          response_type: 'ephemeral',
          text: `:warning: The refinement queue could not be loaded: ${describeGitLabFailure(err)}. Try again in a moment.`,
        });
      }
    },
  },
};
