import type { Deps } from '../../deps.js';
import type { Router } from '../route.js';
import { handleAppHomeOpened } from './app-home-opened.js';

export function register(router: Router, deps: Deps): void {
  router.event('app_home_opened', handleAppHomeOpened(deps));
}
