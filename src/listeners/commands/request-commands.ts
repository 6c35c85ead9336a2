import { parseRequestRef } from '../../domain/request-ref.js';
import { buildRequestList, buildRequestStatus } from '../../slack/messages/request-messages.js';
import { buildRequestModal } from '../../slack/views/request-modal.js';
import { ephemeral } from '../shared/replies.js';
import type { Subcommand } from './subcommand.js';

export const requestSubcommands: Record<string, Subcommand> = {
  request: {
    usage: 'request',
    summary: 'file an automation or product-security request (opens a form)',
    async run({ ack, client, command }) {
      await ack();
      // NOTE: the trigger_id expires 3 s after Slack issued it: open the modal right after ack.
      await client.views.open({
        trigger_id: command.trigger_id,
        view: buildRequestModal({ channelId: command.channel_id }),
      });
    },
  },
  mine: {
    usage: 'mine',
    summary: 'list your requests and where they are',
    async run({ ack, deps, command }) {
      await ack(ephemeral(buildRequestList(deps.store.requests.listByRequester(command.user_id))));
    },
  },
  status: {
    usage: 'status R-12',
    summary: 'show one request',
    async run({ ack, deps, args, command }) {
      const id = parseRequestRef(args);
      const req = id === undefined ? undefined : deps.store.requests.get(id);
      if (!req || req.requesterId !== command.user_id) {
        await ack(
          ephemeral(
            id === undefined
              ? 'Usage: `/prodsec status R-12`'
              : `No request of yours is called R-${id}. See \`/prodsec mine\`.`,
          ),
        );
        return;
      }
      await ack(ephemeral(buildRequestStatus(req)));
    },
  },
};
