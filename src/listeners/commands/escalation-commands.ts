import { splitUrgentArgs, validateEscalation } from '../../domain/escalation.js';
import {
  buildEscalationList,
  buildUrgentUsage,
  ESCALATIONS_NOT_CONFIGURED,
} from '../../slack/messages/escalation-messages.js';
import { buildEscalationModal } from '../../slack/views/escalation-modal.js';
import { escalate } from '../../use-cases/escalate.js';
import { listOpenEscalations } from '../../use-cases/escalation-actions.js';
import { ephemeral } from '../shared/replies.js';
import type { Subcommand } from './subcommand-context.js';

export const escalationSubcommands: Record<string, Subcommand> = {
  urgent: {
    usage: 'urgent <link> <why it is urgent>',
    summary: 'escalate something urgent to the security support group (no text opens a form)',
    async run({ ack, command, args, deps, respond }) {
      const channel = deps.config.ESCALATION_CHANNEL;
      if (!channel) {
        await ack(ephemeral(ESCALATIONS_NOT_CONFIGURED));
        return;
      }
      if (!args) {
        await ack();
        try {
          // NOTE: the trigger_id expires 3 s after Slack issued it: open the modal right after ack.
          await deps.slackFast.openView({
            trigger_id: command.trigger_id,
            view: buildEscalationModal({ channelLabel: `<#${channel}>` }),
          });
        } catch (err) {
          deps.log.warn({ error: (err as Error).message }, 'could not open the escalation form');
          await respond(ephemeral(buildUrgentUsage('The form did not open.')));
        }
        return;
      }
      const { link, explanation } = splitUrgentArgs(args);
      const checked = validateEscalation(link, explanation);
      if (!checked.ok) {
        const problem = checked.errors.link ?? checked.errors.explanation;
        await ack(ephemeral(buildUrgentUsage(problem)));
        return;
      }
      const result = escalate(deps, {
        ...checked.input,
        sourceKey: `command:${command.trigger_id}`,
        escalator: command.user_id,
        requestRef: null,
      });
      await ack(
        ephemeral(
          result.ok
            ? `:rotating_light: Escalating *${result.record.ref}* in <#${channel}> now; the bot will message you the link to the post.`
            : ESCALATIONS_NOT_CONFIGURED,
        ),
      );
    },
  },
  escalations: {
    usage: 'escalations',
    summary: 'list open urgent escalations with their age and state',
    async run({ ack, command, deps, respond }) {
      await ack();
      const { scope, list } = await listOpenEscalations(deps, command.user_id);
      await respond(ephemeral(buildEscalationList(list, deps.clock(), scope)));
    },
  },
};
