import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { buildConnectModal } from '../../slack/views/connect-modal.js';
import { publishHome } from '../../use-cases/home.js';
import { openRequestModal } from '../shared/open-request-modal.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Home tab "New request": the same typed form as `/prodsec request` (the type picker first). */
export function handleHomeNewRequest(deps: Deps) {
  return async ({ ack, body, logger }: Args): Promise<void> => {
    await ack();
    try {
      await openRequestModal(deps, {
        triggerId: body.trigger_id,
        metadata: { channelId: null, source: 'home' },
      });
    } catch (err) {
      logger.error({ user: body.user.id, error: (err as Error).message }, 'could not open the request form');
    }
  };
}

/** Home tab "Refresh": re-publishes at once and reloads the team's GitLab data in the background. */
export function handleHomeRefresh(deps: Deps) {
  return async ({ ack, body, logger }: Args): Promise<void> => {
    await ack();
    try {
      await publishHome(deps, body.user.id, { force: true });
    } catch (err) {
      logger.error({ user: body.user.id, error: (err as Error).message }, 'home tab refresh failed');
    }
  };
}

/** Home tab "Connect GitLab": a modal holding a fresh, single-use link to GitLab's consent page. */
export function handleHomeConnectGitlab(deps: Deps) {
  return async ({ ack, body, logger }: Args): Promise<void> => {
    await ack();
    try {
      const { identity } = deps;
      const start = identity.enabled
        ? identity.startConnect(body.user.id, body.team?.id ?? body.user.team_id ?? '')
        : { ok: false as const, reason: identity.disabledReason ?? 'linking is off' };
      // NOTE: the trigger_id expires 3 s after Slack issued it: the link is made locally, at once.
      await deps.slackFast.openView({ trigger_id: body.trigger_id, view: buildConnectModal(start) });
    } catch (err) {
      logger.error({ user: body.user.id, error: (err as Error).message }, 'could not open the connect modal');
    }
  };
}
