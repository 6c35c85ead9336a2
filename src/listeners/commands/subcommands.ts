import { requestSubcommands } from './request-commands.js';
import type { Subcommand } from './subcommand.js';

/** Every `/prodsec` subcommand, by its first word. Features add their table here. */
export const subcommands: Record<string, Subcommand> = {
  ...requestSubcommands,
};
