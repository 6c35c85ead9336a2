import { normalizeGroupLabel, parseOwnersSet } from '../../domain/owners.js';
import {
  buildOwnersList,
  buildOwnersRemoved,
  buildOwnersSet,
  buildOwnersUsage,
} from '../../slack/messages/owners-messages.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import { removeOwners, setOwners } from '../../use-cases/owners.js';
import { ephemeral } from '../shared/replies.js';
import type { Subcommand, SubcommandContext } from './subcommand-context.js';

async function edit(ctx: SubcommandContext, verb: 'set' | 'remove', rest: string): Promise<void> {
  const { deps, command } = ctx;
  const prefix = deps.taxonomy.groupPrefix;
  const parsed =
    verb === 'set'
      ? parseOwnersSet(rest, prefix)
      : ((label) => (label ? { ok: true as const, label } : { ok: false as const, error: 'Which group?' }))(
          normalizeGroupLabel(rest, prefix),
        );
  if (!parsed.ok) {
    await ctx.ack(ephemeral(buildOwnersUsage(parsed.error)));
    return;
  }
  // NOTE: membership may need a Slack call (the team user group): acknowledge first, answer after.
  await ctx.ack();
  const group = 'owners' in parsed ? parsed.owners.groupLabel : parsed.label;
  if ('owners' in parsed) {
    const result = await setOwners(deps, parsed.owners, command.user_id);
    await ctx.respond(
      ephemeral(
        result.kind === 'denied' ? buildRefusal(result) : buildOwnersSet(group, parsed.owners.usernames),
      ),
    );
  } else {
    const result = await removeOwners(deps, group, command.user_id);
    await ctx.respond(
      ephemeral(result.kind === 'denied' ? buildRefusal(result) : buildOwnersRemoved(group, result.removed)),
    );
  }
}

/** `/prodsec owners set|list|remove`: each product group's PM/EM, pinged on decisions. */
export const ownersSubcommand: Subcommand = {
  usage: 'owners set group::<name> @pm @em | list | remove group::<name>',
  summary: 'who the bot pings for a product group (set/remove: team only)',
  async run(ctx) {
    const [verb = '', ...rest] = ctx.args.split(/\s+/);
    const args = rest.join(' ');
    switch (verb.toLowerCase()) {
      case 'set':
        return edit(ctx, 'set', args);
      case 'remove':
        return edit(ctx, 'remove', args);
      case 'list':
        return ctx.ack(ephemeral(buildOwnersList(ctx.deps.store.owners.list())));
      default:
        return ctx.ack(
          ephemeral(buildOwnersUsage(verb ? `"${verb.slice(0, 30)}" is not an owners command.` : undefined)),
        );
    }
  },
};
