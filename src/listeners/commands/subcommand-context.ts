import type { AckFn, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';

export interface SubcommandContext {
  /** The text after the subcommand word. */
  args: string;
  command: SlashCommand;
  /** Must be called exactly once; put a quick answer in it (ephemeral by default). */
  ack: AckFn<string | RespondArguments>;
  respond: RespondFn;
  client: WebClient;
  deps: Deps;
}

export interface Subcommand {
  /** Shown in help: usage and one line of what it does. */
  usage: string;
  summary: string;
  run(ctx: SubcommandContext): Promise<void>;
}
