import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import type { Deps } from '../deps.js';
import type { RequestOutcome } from '../http/process-event.js';
import { enqueue } from '../jobs/outbox/kinds.js';

interface ErrorBody {
  user_id?: unknown;
  user?: { id?: unknown };
  command?: unknown;
  type?: unknown;
  view?: { callback_id?: unknown };
  actions?: Array<{ action_id?: unknown }>;
  callback_id?: unknown;
  event?: { type?: unknown; user?: unknown };
}

/** What a failing request was, for the log: no user text, no tokens. */
export function describeRequest(body: ErrorBody): Record<string, unknown> {
  return {
    type: typeof body.command === 'string' ? 'command' : body.type,
    command: body.command,
    callbackId: body.view?.callback_id ?? body.callback_id,
    actionId: body.actions?.[0]?.action_id,
    event: body.event?.type,
  };
}

function userOf(body: ErrorBody): string | undefined {
  const id = body.user_id ?? body.user?.id ?? body.event?.user;
  return typeof id === 'string' && /^[UW][A-Z0-9]+$/.test(id) ? id : undefined;
}

/**
 * Any listener that throws (sync or async) ends here: logged with context and a reference id,
 * and the user gets a short apology carrying the same id. The process lives on.
 */
export function registerErrorHandler(app: App, deps: Deps): void {
  const handle = async ({ error, body, context }: ExtendedErrorHandlerArgs): Promise<void> => {
    const ref = randomBytes(4).toString('hex');
    const outcome = (context as { outcome?: RequestOutcome } | undefined)?.outcome;
    if (outcome) outcome.failed = true;
    const b = (body ?? {}) as ErrorBody;
    const original = (error as { original?: Error }).original ?? error;
    deps.log.error(
      {
        ref,
        requestId: (context as { requestId?: string } | undefined)?.requestId,
        request: describeRequest(b),
        error: {
          name: original.name,
          message: original.message,
          stack: original.stack?.split('\n').slice(0, 6).join('\n'),
        },
      },
      'listener failed',
    );
    const user = userOf(b);
    if (!user) return;
    try {
      enqueue(deps, 'slack_post', {
        channel: user,
        text: `Sorry, something went wrong on our side and your action may not have completed. Reference: ${ref}. The team can look it up in the logs.`,
      });
    } catch (err) {
      deps.log.error({ ref, error: (err as Error).message }, 'could not queue the apology');
    }
  };
  // NOTE: the App is built with extendedErrorHandler: true, so Bolt passes body and context.
  app.error(handle as never);
}
