import type { Deps } from '../deps.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { describeFieldErrors, readWorkflowStepInputs } from '../slack/workflow-inputs.js';
import { writeTx } from '../store/db.js';
import { submitIntake } from './intake.js';

export interface WorkflowStepInput {
  /** `function_execution_id`: one run of the step in one workflow; the request's source key. */
  executionId: string;
  inputs: Readonly<Record<string, unknown>>;
  teamId: string | null;
}

export type WorkflowStepResult =
  | { kind: 'failed'; error: string }
  | { kind: 'saved'; ref: string; created: boolean }
  | { kind: 'asked'; ref: string; created: boolean };

/**
 * One run of the Workflow Builder step "File a ProdSec request": the inputs go through the same
 * validation and the same save-then-file path as the form. The step is completed through the
 * outbox: with its outputs once the request is filed (or the question posted), or failed with a
 * readable error at once when the inputs are refused. A redelivered execution saves nothing new.
 */
export async function runWorkflowStep(deps: Deps, input: WorkflowStepInput): Promise<WorkflowStepResult> {
  const parsed = readWorkflowStepInputs(input.inputs, deps.taxonomy.requestTypes);
  if (!parsed.ok) return failStep(deps, input.executionId, parsed.error);
  const result = await submitIntake(deps, {
    sourceKey: `workflow:${input.executionId}`,
    type: parsed.type,
    raw: parsed.values,
    requesterId: parsed.requesterId,
    teamId: input.teamId,
    channelId: null,
  });
  switch (result.kind) {
    case 'invalid':
      return failStep(deps, input.executionId, describeFieldErrors(parsed.type, result.errors));
    case 'not_filed':
      return failStep(deps, input.executionId, result.reason);
    case 'denied':
      return failStep(deps, input.executionId, 'This request cannot be filed from a workflow.');
    case 'saved':
      writeTx(deps.store.db, () => {
        deps.store.workflowSteps.insert(
          { executionId: input.executionId, requestId: result.record.id },
          deps.clock(),
        );
        // Filed already (a redelivery after the filing job ran): complete now, not never.
        if (deps.store.requests.get(result.record.id)?.status === 'filed')
          completeWorkflowStepsForRequest(deps, result.record.id);
      });
      return { kind: 'saved', ref: result.record.ref, created: result.created };
    case 'asked':
      writeTx(deps.store.db, () => {
        deps.store.workflowSteps.insert(
          { executionId: input.executionId, questionId: result.record.id },
          deps.clock(),
        );
        if (deps.store.support.get(result.record.id)?.messageTs)
          completeWorkflowStepsForQuestion(deps, result.record.id);
      });
      return { kind: 'asked', ref: result.record.ref, created: result.created };
  }
}

function failStep(deps: Deps, executionId: string, error: string): WorkflowStepResult {
  writeTx(deps.store.db, () => {
    deps.store.workflowSteps.insert({ executionId }, deps.clock());
    enqueue(deps, 'workflow_step_complete', { executionId, error });
  });
  return { kind: 'failed', error };
}

/** The request was filed: complete the workflow steps that saved it (none for a form request). */
export function completeWorkflowStepsForRequest(deps: Deps, requestId: number): void {
  for (const run of deps.store.workflowSteps.forRequest(requestId))
    if (run.state === 'open') enqueue(deps, 'workflow_step_complete', { executionId: run.executionId });
}

/** Filing gave up for good: fail the workflow steps that saved the request, with `error`. */
export function failWorkflowStepsForRequest(deps: Deps, requestId: number, error: string): void {
  for (const run of deps.store.workflowSteps.forRequest(requestId))
    if (run.state === 'open')
      enqueue(deps, 'workflow_step_complete', { executionId: run.executionId, error });
}

/** The support question was posted to its channel: complete the steps that asked it. */
export function completeWorkflowStepsForQuestion(deps: Deps, questionId: number): void {
  for (const run of deps.store.workflowSteps.forQuestion(questionId))
    if (run.state === 'open') enqueue(deps, 'workflow_step_complete', { executionId: run.executionId });
}
