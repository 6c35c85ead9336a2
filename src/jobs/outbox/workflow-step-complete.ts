import type { Deps } from '../../deps.js';
import { classifySlackError } from '../../slack/post.js';
import { defineJob } from '../define-job.js';
import { JOB_KINDS } from './kinds.js';

/** The step's outputs (manifest.yml `output_parameters`), from what the run saved. */
function outputsOf(deps: Deps, run: { requestId: number | null; questionId: number | null }) {
  if (run.requestId !== null) {
    const req = deps.store.requests.get(run.requestId);
    if (req?.status !== 'filed' || !req.issueUrl) throw new Error('the request is not filed yet');
    return { request_id: req.ref, issue_url: req.issueUrl };
  }
  if (run.questionId !== null) {
    const q = deps.store.support.get(run.questionId);
    if (!q?.messageTs) throw new Error('the support question is not posted yet');
    // A support question files no issue: its "issue URL" is the thread it was posted as.
    return { request_id: q.ref, issue_url: q.permalink ?? '' };
  }
  return undefined;
}

/**
 * Completes one run of the Workflow Builder step in Slack, once: `functions.completeSuccess` with
 * the request id and issue URL, or `functions.completeError` with the readable `error`.
 * NOTE: this runs after the event's request is long answered (filing may wait for GitLab), so it
 * calls with the app's bot token, which Slack accepts for these methods; the per-execution
 * workflow token (`bot_access_token`) is a secret and is never stored.
 */
export const workflowStepCompleteJob = (deps: Deps) =>
  defineJob({
    kind: 'workflow_step_complete',
    payload: JOB_KINDS.workflow_step_complete.payload,
    run: async ({ executionId, error }) => {
      const run = deps.store.workflowSteps.get(executionId);
      if (run?.state !== 'open') return;
      const outputs = error === undefined ? outputsOf(deps, run) : undefined;
      try {
        if (outputs)
          await deps.slack.functions.completeSuccess({ function_execution_id: executionId, outputs });
        else
          await deps.slack.functions.completeError({
            function_execution_id: executionId,
            error: error ?? 'The step saved nothing to file.',
          });
      } catch (err) {
        throw classifySlackError(err);
      }
      deps.store.workflowSteps.finish(executionId, outputs ? 'completed' : 'failed', deps.clock());
    },
    onGaveUp: ({ executionId }, failure) => {
      // Slack no longer runs the execution (timed out, cancelled): nothing is left to complete.
      deps.store.workflowSteps.finish(executionId, 'failed', deps.clock());
      deps.log.warn({ executionId, error: failure.message }, 'workflow step could not be completed');
    },
  });
