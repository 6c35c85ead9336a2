import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { handleAppHomeOpened } from './app-home-opened.js';

export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', handleAppHomeOpened(deps));
}
