import { metricChoices } from '../../domain/decision.js';
import { formatIssueRef, type IssueRef, parseIssueRef } from '../../domain/issue-ref.js';
import { escapeMrkdwn } from '../../slack/escape.js';
import { buildAuditLog } from '../../slack/messages/audit-messages.js';
import { buildRefusal } from '../../slack/messages/refusal.js';
import { buildTriageCard } from '../../slack/messages/triage-card.js';
import { loadTriage, readAuditLog } from '../../use-cases/triage.js';
import { ephemeral } from '../shared/replies.js';
import { ownersSubcommand } from './owners-commands.js';
import type { Subcommand, SubcommandContext } from './subcommand-context.js';

const REF_USAGE = '`#123` (in the product project), `group/project#123` or the issue URL';

const usage = (name: string, args: string) =>
  `${args ? `\`${args.slice(0, 60).replace(/`/g, "'")}\` is not an issue reference. ` : ''}Usage: \`/prodsec ${name} <issue>\` with ${REF_USAGE}.`;

/** A subcommand about one issue: its argument is parsed first, and a wrong one is answered with the usage. */
function aboutIssue(
  name: string,
  run: (ctx: SubcommandContext, ref: IssueRef, issueRef: string) => Promise<void>,
): Subcommand['run'] {
  return async (ctx) => {
    const { config } = ctx.deps;
    const ref = ctx.args
      ? parseIssueRef(ctx.args, config.GITLAB_PRODUCT_PROJECT, config.GITLAB_URL)
      : undefined;
    if (!ref) return ctx.ack(ephemeral(usage(name, ctx.args)));
    return run(ctx, ref, formatIssueRef(ref));
  };
}

/** `/prodsec triage`, `/prodsec audit` (team only) and `/prodsec owners`. */
export const triageSubcommands: Record<string, Subcommand> = {
  triage: {
    usage: 'triage <issue>',
    summary: 'show an issue with Take on / Decline (team only)',
    run: aboutIssue('triage', async (ctx, ref, issueRef) => {
      const { deps, command } = ctx;
      await ctx.ack(ephemeral(`:mag: Looking up *${issueRef}* in GitLab…`));
      const found = await loadTriage(deps, command.user_id, ref);
      await ctx.respond(
        ephemeral(
          found.kind === 'denied'
            ? buildRefusal(found)
            : found.kind === 'unavailable'
              ? `:warning: Could not show *${issueRef}*: ${escapeMrkdwn(found.reason)}.`
              : buildTriageCard(found.facts, deps.taxonomy, deps.clock(), metricChoices(deps.taxonomy)),
        ),
      );
    }),
  },
  audit: {
    usage: 'audit <issue>',
    summary: "an issue's triage decisions and refused attempts (team only)",
    run: aboutIssue('audit', async (ctx, _ref, issueRef) => {
      const { deps, command } = ctx;
      // NOTE: membership may need a Slack call (the team user group): acknowledge first, answer after.
      await ctx.ack();
      const log = await readAuditLog(deps, command.user_id, issueRef);
      await ctx.respond(
        ephemeral(log.kind === 'denied' ? buildRefusal(log) : buildAuditLog(issueRef, log.entries)),
      );
    }),
  },
  owners: ownersSubcommand,
};
