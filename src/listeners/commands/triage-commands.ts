import { metricChoices } from '../../domain/decision.js';
import { formatIssueRef, parseIssueRef } from '../../domain/issue-ref.js';
import { escapeMrkdwn } from '../../slack/escape.js';
import { buildAuditLog } from '../../slack/messages/audit-messages.js';
import { buildTeamOnlyText } from '../../slack/messages/decision-messages.js';
import { buildTriageCard } from '../../slack/messages/triage-card.js';
import { allowTeamOnly } from '../../use-cases/decide.js';
import { loadTriage } from '../../use-cases/triage.js';
import { ownersSubcommand } from './owners-commands.js';
import type { Subcommand, SubcommandContext } from './subcommand.js';

const ephemeral = { response_type: 'ephemeral' as const };
const REF_USAGE = '`#123` (in the product project), `group/project#123` or the issue URL';

function refArg(ctx: SubcommandContext) {
  const { config } = ctx.deps;
  return ctx.args ? parseIssueRef(ctx.args, config.GITLAB_PRODUCT_PROJECT, config.GITLAB_URL) : undefined;
}

const usage = (name: string, args: string) =>
  `${args ? `\`${args.slice(0, 60).replace(/`/g, "'")}\` is not an issue reference. ` : ''}Usage: \`/prodsec ${name} <issue>\` with ${REF_USAGE}.`;

/** `/prodsec triage`, `/prodsec audit` (team only) and `/prodsec owners`. */
export const triageSubcommands: Record<string, Subcommand> = {
  triage: {
    usage: 'triage <issue>',
    summary: 'show an issue with Take on / Decline (team only)',
    async run(ctx) {
      const { deps, command } = ctx;
      const ref = refArg(ctx);
      if (!ref) return ctx.ack({ ...ephemeral, text: usage('triage', ctx.args) });
      const issueRef = formatIssueRef(ref);
      await ctx.ack({ ...ephemeral, text: `:mag: Looking up *${issueRef}* in GitLab…` });
      if (!(await allowTeamOnly(deps, { userId: command.user_id, action: 'triage.view', issueRef }))) {
        await ctx.respond({ ...ephemeral, text: buildTeamOnlyText('triage issues') });
        return;
      }
      const found = await loadTriage(deps, ref);
      if (!found.ok) {
        await ctx.respond({
          ...ephemeral,
          text: `:warning: Could not show *${issueRef}*: ${escapeMrkdwn(found.reason)}.`,
        });
        return;
      }
      const card = buildTriageCard(found.facts, deps.taxonomy, deps.clock(), metricChoices(deps.taxonomy));
      await ctx.respond({ ...ephemeral, ...card });
    },
  },
  audit: {
    usage: 'audit <issue>',
    summary: "an issue's triage decisions and refused attempts (team only)",
    async run(ctx) {
      const { deps, command } = ctx;
      const ref = refArg(ctx);
      if (!ref) return ctx.ack({ ...ephemeral, text: usage('audit', ctx.args) });
      const issueRef = formatIssueRef(ref);
      // NOTE: membership may need a Slack call (the team user group): acknowledge first, answer after.
      await ctx.ack();
      if (!(await allowTeamOnly(deps, { userId: command.user_id, action: 'audit.view', issueRef }))) {
        await ctx.respond({ ...ephemeral, text: buildTeamOnlyText('read the audit log') });
        return;
      }
      await ctx.respond({ ...ephemeral, ...buildAuditLog(issueRef, deps.store.audit.forIssue(issueRef)) });
    },
  },
  owners: ownersSubcommand,
};
