import type { Deps } from '../../deps.js';
import { COMMAND } from '../../slack/ids.js';
import type { Router } from '../route.js';
import { handleProdsecCommand } from './prodsec-command.js';
import { subcommands } from './subcommands.js';

export function register(router: Router, deps: Deps): void {
  router.command(COMMAND, handleProdsecCommand(deps, subcommands));
}
