import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import { registerErrorHandler } from './errors.js';
import * as events from './events/index.js';
import * as functions from './functions/index.js';
import { dedupeDeliveries, ignoreUnownedInteractions } from './middleware.js';
import { createRouter } from './route.js';
import * as shortcuts from './shortcuts/index.js';
import * as views from './views/index.js';

/** Wires every listener kind; each kind's index only registers. */
export function registerListeners(app: App, deps: Deps): void {
  registerErrorHandler(app, deps);
  app.use(dedupeDeliveries(deps));
  app.use(ignoreUnownedInteractions(deps));
  const router = createRouter();
  commands.register(router, deps);
  views.register(router, deps);
  actions.register(router, deps);
  shortcuts.register(router, deps);
  events.register(router, deps);
  app.use(router.middleware());
  // Workflow Builder steps stay Bolt listeners: app.function sets up complete/fail and acknowledges.
  functions.register(app, deps);
}
