import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { buildHelp } from '../../slack/messages/help.js';
import type { Subcommand } from './subcommand-context.js';

const help: Subcommand = {
  usage: 'help',
  summary: 'this list',
  async run() {},
};

/** What `/prodsec help` lists: every subcommand of `table`, then help itself. */
export function helpEntries(table: Record<string, Subcommand>) {
  return [...Object.values(table), help].map((s) => ({ usage: s.usage, summary: s.summary }));
}

/** `/prodsec <subcommand> [args]`: routes to a subcommand; anything unknown gets help. */
export function handleProdsecCommand(deps: Deps, table: Record<string, Subcommand>) {
  const entries = helpEntries(table);
  // The plain help is the same for everyone: built once, not per request.
  const plainHelp = buildHelp(entries);
  return async ({
    command,
    ack,
    respond,
    client,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = command.text.trim();
    const word = text.split(/\s+/)[0] ?? '';
    const name = word.toLowerCase();
    const sub = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!sub) {
      const problem =
        name && name !== 'help' ? `\`${word.slice(0, 40)}\` is not a prodsec-bot command.` : undefined;
      await ack(problem ? buildHelp(entries, problem) : plainHelp);
      return;
    }
    await sub.run({ args: text.slice(word.length).trim(), command, ack, respond, client, deps });
  };
}
