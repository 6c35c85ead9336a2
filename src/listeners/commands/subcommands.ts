import { digestSubcommands } from './digest-commands.js';
import { escalationSubcommands } from './escalation-commands.js';
import { identitySubcommands } from './identity-commands.js';
import { refineSubcommands } from './refine-commands.js';
import { requestSubcommands } from './request-commands.js';
import type { Subcommand } from './subcommand-context.js';
import { triageSubcommands } from './triage-commands.js';

/** Every `/prodsec` subcommand, by its first word. Features add their table here. */
export const subcommands: Record<string, Subcommand> = {
  ...requestSubcommands,
  ...digestSubcommands,
  ...escalationSubcommands,
  ...refineSubcommands,
  ...triageSubcommands,
  ...identitySubcommands,
};
