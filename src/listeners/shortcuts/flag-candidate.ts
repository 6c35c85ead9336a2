import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { suggestTitle } from '../../domain/candidate.js';
import { mrkdwnToPlain } from '../../slack/mrkdwn-plain.js';
import {
  buildAlreadyFlaggedModal,
  buildFlagModal,
  type FlagModalInput,
  type Suggestions,
} from '../../slack/views/flag-modal.js';
import { flagIssueRef } from '../../use-cases/flag-candidate.js';
import { similarIssuesFor } from '../../use-cases/similar-issues.js';
import { ephemeral } from '../shared/replies.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Flag as ProdSec candidate" on a message: the form opens at once with what is local (the
 * trigger_id expires in 3 s); the permalink and GitLab's duplicate suggestions follow by views.update.
 * A message already flagged shows where it went instead.
 */
export function handleFlagShortcut(deps: Deps) {
  return async ({ ack, shortcut, client, respond, logger }: Args): Promise<void> => {
    await ack();
    const channelId = shortcut.channel.id;
    const messageTs = shortcut.message.ts ?? shortcut.message_ts;
    const existing = deps.store.flags.forMessage(channelId, messageTs);
    const message = mrkdwnToPlain(shortcut.message.text ?? '');
    const threadTs = typeof shortcut.message.thread_ts === 'string' ? shortcut.message.thread_ts : messageTs;
    const input: FlagModalInput = {
      meta: { channelId, messageTs, threadTs, permalink: null },
      message,
      title: suggestTitle(message),
      suggestions: { state: 'loading' },
    };
    let opened: { id: string; hash: string } | undefined;
    try {
      const view =
        existing && existing.status !== 'failed'
          ? buildAlreadyFlaggedModal({ ...existing, issueRef: flagIssueRef(existing) })
          : buildFlagModal(input);
      const res = await deps.slackFast.openView({ trigger_id: shortcut.trigger_id, view });
      if (!existing || existing.status === 'failed')
        opened = { id: String(res.view?.id), hash: String(res.view?.hash) };
    } catch (err) {
      logger.warn({ error: (err as Error).message }, 'could not open the flag form');
      await respond(ephemeral('Sorry, the flag form did not open. Please try the shortcut again.'));
      return;
    }
    if (opened) await fillFlagModal(deps, client, opened, input, shortcut.user.id);
  };
}

/** Adds the permalink and the duplicate suggestions to the open form; a form already submitted is left alone. */
async function fillFlagModal(
  deps: Deps,
  client: WebClient,
  view: { id: string; hash: string },
  input: FlagModalInput,
  userId: string,
): Promise<void> {
  const [permalink, similar] = await Promise.all([
    client.chat
      .getPermalink({ channel: input.meta.channelId, message_ts: input.meta.messageTs })
      .then((r) => r.permalink ?? null)
      .catch(() => null),
    similarIssuesFor(deps, userId, `${input.title}\n${input.message}`),
  ]);
  const suggestions: Suggestions = similar.ok
    ? { state: 'done', issues: similar.issues }
    : { state: 'failed', reason: similar.reason };
  try {
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: buildFlagModal({ ...input, meta: { ...input.meta, permalink }, suggestions }),
    });
  } catch (err) {
    deps.log.info({ error: (err as Error).message }, 'flag form not updated (closed or submitted)');
  }
}
