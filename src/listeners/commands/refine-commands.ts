import { parseIssueRef } from '../../domain/issue-ref.js';
import { describeGitLabFailure } from '../../slack/gitlab-failure.js';
import { buildRefinementQueueMessage } from '../../slack/messages/queue-message.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import { showRefinementQueue } from '../../use-cases/refinement-queue.js';
import { openRefineModal } from '../shared/open-refine-modal.js';
import { ephemeral } from '../shared/replies.js';
import type { Subcommand } from './subcommand-context.js';

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
        await ack(ephemeral(REFINE_USAGE));
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
      try {
        const queue = await showRefinementQueue(deps, command.user_id, QUEUE_LIMIT);
        await respond(
          ephemeral(
            queue.kind === 'denied' ? buildRefusal(queue) : buildRefinementQueueMessage(queue, deps.clock()),
          ),
        );
      } catch (err) {
        deps.log.warn({ error: describeGitLabFailure(err) }, 'refinement queue not loaded');
        await respond(
          ephemeral(
            `:warning: The refinement queue could not be loaded: ${describeGitLabFailure(err)}. Try again in a moment.`,
          ),
        );
      }
    },
  },
};
