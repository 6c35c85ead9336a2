import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { publishHome } from '../../use-cases/home.js';

/** `app_home_opened` (Home tab): publishes the tab at once; GitLab data refreshes in the background. */
export function handleAppHomeOpened(deps: Deps) {
  return async ({
    event,
    logger,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(deps, event.user);
    } catch (err) {
      logger.error({ user: event.user, error: (err as Error).message }, 'home tab publish failed');
    }
  };
}
