import { parseRequestRef } from '../../domain/request-ref.js';
import { findRequestType } from '../../domain/request-types.js';
import { buildUnknownRequestTypeMessage } from '../../slack/messages/intake-messages.js';
import { buildRequestList, buildRequestStatus } from '../../slack/messages/request-messages.js';
import { openRequestModal } from '../shared/open-request-modal.js';
import { ephemeral } from '../shared/replies.js';
import type { Subcommand } from './subcommand-context.js';

export const requestSubcommands: Record<string, Subcommand> = {
  request: {
    usage: 'request [type]',
    summary:
      'ask the team for something: automation, product security, a code review, a question (opens a form)',
    async run({ ack, command, args, deps }) {
      const wanted = args.trim().split(/\s+/)[0] ?? '';
      const type = wanted ? findRequestType(deps.taxonomy.requestTypes, wanted) : undefined;
      if (wanted && !type) {
        await ack(ephemeral(buildUnknownRequestTypeMessage(wanted, deps.taxonomy.requestTypes)));
        return;
      }
      await ack();
      await openRequestModal(deps, {
        triggerId: command.trigger_id,
        ...(type ? { typeId: type.id } : {}),
        metadata: { channelId: command.channel_id, source: 'command' },
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
