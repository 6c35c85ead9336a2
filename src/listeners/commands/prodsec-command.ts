import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { buildHelp } from '../../slack/messages/help.js';
import type { Subcommand } from './subcommand-context.js';

const help: Subcommand = {
  usage: 'help',
  summary: 'this list',
  async run() {},
};

/** `/prodsec <subcommand> [args]`: routes to a subcommand; anything unknown gets help. */
export function handleProdsecCommand(deps: Deps, table: Record<string, Subcommand>) {
  const entries = () => [...Object.values(table), help].map((s) => ({ usage: s.usage, summary: s.summary }));
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
      await ack(buildHelp(entries(), problem));
      return;
    }
    await sub.run({ args: text.slice(word.length).trim(), command, ack, respond, client, deps });
  };
}
