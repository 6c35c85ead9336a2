import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { runWorkflowStep } from '../../use-cases/workflow-step.js';

/**
 * The Workflow Builder step "File a ProdSec request" (`function_executed`). Bolt acknowledges the
 * event before this runs; the use case saves the request and queues the step's completion, which
 * the outbox sends once the issue is filed (or at once, failed, when the inputs are refused).
 * Should the use case itself throw, nothing was queued: the step is failed here, with Bolt's
 * `fail` (the execution's own token), so the workflow does not wait for a completion that never comes.
 */
export function handleFileRequestStep(deps: Deps) {
  return async ({
    event,
    body,
    fail,
    logger,
  }: SlackEventMiddlewareArgs<'function_executed'> & AllMiddlewareArgs): Promise<void> => {
    const executionId = event.function_execution_id;
    try {
      const result = await runWorkflowStep(deps, {
        executionId,
        inputs: event.inputs ?? {},
        teamId: typeof body.team_id === 'string' ? body.team_id : null,
      });
      logger.info({ executionId, outcome: result.kind }, 'workflow step run');
    } catch (err) {
      logger.error({ executionId, error: (err as Error).message }, 'workflow step failed');
      await fail({
        error: 'prodsec-bot could not save the request; please try again or ask the team.',
      }).catch((e: Error) =>
        logger.error({ executionId, error: e.message }, 'workflow step fail call failed'),
      );
    }
  };
}
