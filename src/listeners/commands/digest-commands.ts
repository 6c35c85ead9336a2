import { parseDigestSchedule, SCHEDULE_USAGE } from '../../domain/digest-schedule.js';
import { escapeMrkdwn } from '../../slack/escape.js';
import { describeGitLabFailure } from '../../slack/gitlab-failure.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import {
  buildDigestUsage,
  buildSubscribedMessage,
  buildSubscriptionList,
  buildUnsubscribedMessage,
} from '../../slack/messages/subscription-messages.js';
import {
  listChannelSubscriptions,
  subscribeChannel,
  unsubscribeChannel,
} from '../../use-cases/digest-subscriptions.js';
import { postDigestNow } from '../../use-cases/post-digest.js';
import { ephemeral } from '../shared/replies.js';
import type { Subcommand, SubcommandContext } from './subcommand-context.js';

async function subscribe(ctx: SubcommandContext, args: string): Promise<void> {
  const { deps, command } = ctx;
  const parsed = parseDigestSchedule(args, deps.config.DIGEST_TIMEZONE, deps.clock());
  if (!parsed.ok) {
    await ctx.ack(ephemeral(buildDigestUsage(`${parsed.error} ${SCHEDULE_USAGE}`)));
    return;
  }
  // NOTE: membership may need a Slack call (the team user group): acknowledge first, answer after.
  await ctx.ack();
  try {
    const result = await subscribeChannel(
      deps,
      { channelId: command.channel_id, userId: command.user_id, schedule: parsed.value },
      deps.clock(),
    );
    await ctx.respond(
      ephemeral(result.kind === 'denied' ? buildRefusal(result) : buildSubscribedMessage(result)),
    );
  } catch (err) {
    await ctx.respond(ephemeral(buildDigestUsage(`Nothing changed: ${(err as Error).message}.`)));
  }
}

async function unsubscribe(ctx: SubcommandContext): Promise<void> {
  const { deps, command } = ctx;
  await ctx.ack();
  const result = await unsubscribeChannel(deps, command.channel_id, command.user_id);
  await ctx.respond(
    ephemeral(
      result.kind === 'denied'
        ? buildRefusal(result)
        : buildUnsubscribedMessage(command.channel_id, result.removed !== undefined),
    ),
  );
}

async function now(ctx: SubcommandContext): Promise<void> {
  const { deps, command } = ctx;
  // NOTE: membership may need a Slack call (the team user group): acknowledge first, answer after.
  await ctx.ack();
  try {
    const result = await postDigestNow(
      deps,
      { channelId: command.channel_id, userId: command.user_id, key: command.trigger_id },
      async () => {
        await ctx.respond(ephemeral(':hourglass_flowing_sand: Building the milestone digest from GitLab…'));
      },
    );
    if (result.kind === 'denied') {
      await ctx.respond(ephemeral(buildRefusal(result)));
      return;
    }
    deps.metrics.digestRuns.inc({ outcome: 'built' });
    await deps.outbox.kick();
  } catch (err) {
    deps.metrics.digestRuns.inc({ outcome: 'gitlab_failed' });
    const reason = describeGitLabFailure(err);
    deps.log.warn({ error: (err as Error).message }, 'digest now failed');
    await ctx.respond(
      ephemeral(
        `:warning: The digest could not be built (${escapeMrkdwn(reason)}). Nothing was posted; try again in a few minutes.`,
      ),
    );
  }
}

async function list(ctx: SubcommandContext): Promise<void> {
  const { deps, command } = ctx;
  await ctx.ack();
  const result = await listChannelSubscriptions(
    deps,
    { channelId: command.channel_id, userId: command.user_id },
    deps.clock(),
  );
  await ctx.respond(
    ephemeral(
      result.kind === 'denied'
        ? buildRefusal(result)
        : buildSubscriptionList(result.subscriptions, command.channel_id),
    ),
  );
}

/** `/prodsec digest subscribe|list|unsubscribe|now`. */
export const digestSubcommands: Record<string, Subcommand> = {
  digest: {
    usage: 'digest subscribe [schedule] [tz] | list | unsubscribe | now',
    summary: 'milestone digests for this channel (team only)',
    async run(ctx) {
      const [verb = '', ...rest] = ctx.args.split(/\s+/);
      switch (verb.toLowerCase()) {
        case 'subscribe':
          return subscribe(ctx, rest.join(' '));
        case 'unsubscribe':
          return unsubscribe(ctx);
        case 'list':
          return list(ctx);
        case 'now':
          return now(ctx);
        default:
          return ctx.ack(
            ephemeral(buildDigestUsage(verb ? `"${verb.slice(0, 30)}" is not a digest command.` : undefined)),
          );
      }
    },
  },
};
