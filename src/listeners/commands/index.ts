import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { COMMAND } from '../../slack/ids.js';
import { handleProdsecCommand } from './prodsec-command.js';
import { subcommands } from './subcommands.js';

export function register(app: App, deps: Deps): void {
  app.command(COMMAND, handleProdsecCommand(deps, subcommands));
}
