import type { Deps } from '../../deps.js';
import { buildRequestDescription } from '../../domain/request.js';
import { DEFAULT_REQUEST_TYPES, findRequestType } from '../../domain/request-types.js';
import { newRequestLabels } from '../../domain/taxonomy.js';
import { buildTypedRequestDescription, dueDateFor, labelsForType } from '../../domain/typed-request-issue.js';
import { describeGitLabFailure } from '../../slack/gitlab-failure.js';
import {
  buildFiledMessage,
  buildFilingFailedMessage,
  buildSavedWillRetryMessage,
} from '../../slack/messages/request-messages.js';
import { writeTx } from '../../store/db.js';
import type { RequestRecord } from '../../store/requests-repo.js';
import {
  completeWorkflowStepsForRequest,
  failWorkflowStepsForRequest,
} from '../../use-cases/workflow-step.js';
import { defineJob } from '../define-job.js';
import { writeAsPerson } from './act-as.js';
import { enqueue, JOB_KINDS } from './kinds.js';
import { enqueueAnnouncement } from './request-announce.js';

/** The issue a request becomes: by its type's layout, labels and due date, or as before types. */
function issueFor(deps: Deps, req: RequestRecord) {
  const meta = { ref: req.ref, requester: req.requesterId, marker: req.marker };
  if (req.typed && req.typeId) {
    // NOTE: a type removed from the policy after the request was saved files with the default of that id.
    const type =
      findRequestType(deps.taxonomy.requestTypes, req.typeId) ??
      findRequestType(DEFAULT_REQUEST_TYPES, req.typeId);
    if (!type) throw new Error(`request type ${req.typeId} is no longer in the policy`);
    const dueDate = dueDateFor(type, req.typed);
    return {
      title: req.typed.title,
      description: buildTypedRequestDescription(type, req.typed, {
        ...meta,
        ...(req.supportThreadUrl ? { supportThreadUrl: req.supportThreadUrl } : {}),
      }),
      labels: labelsForType(type, deps.taxonomy),
      confidential: req.typed.confidential,
      ...(dueDate ? { dueDate } : {}),
    };
  }
  return {
    title: req.fields.title,
    description: buildRequestDescription(req.fields, meta),
    labels: newRequestLabels(deps.taxonomy),
    confidential: req.fields.confidential,
  };
}

/**
 * Files a saved request as a GitLab issue, exactly once.
 * A retry first searches for the request's marker: GitLab may have created the issue on an
 * earlier attempt whose answer never arrived (timeout, 502, crash before the row was updated).
 * The issue is created as the requester when they are linked and GitLab lets them create issues
 * in the project (they are its author and can open it, confidential or not); otherwise as the
 * bot, crediting them in the description. The marker search uses the bot's token, which sees
 * every issue in scope, so it finds an issue made with either token.
 * NOTE: a rejected token (401) is the operator's to fix; the request waits for it instead of failing.
 */
export const fileRequestJob = (deps: Deps) =>
  defineJob({
    kind: 'file_request',
    payload: JOB_KINDS.file_request.payload,
    run: async ({ requestId }, { attempt, tell }) => {
      const { requests } = deps.store;
      const req = requests.get(requestId);
      if (!req || req.status === 'filed') return;
      requests.recordAttempt(req.id, deps.clock());
      let issue =
        req.attempts > 0 || attempt > 1
          ? await deps.gitlab.findIssueByMarker(req.project, req.marker)
          : undefined;
      issue ??= await writeAsPerson(deps, req.requesterId, (gitlab) =>
        gitlab.createIssue(req.project, issueFor(deps, req)),
      );
      const filed = issue;
      writeTx(deps.store.db, () => {
        requests.markFiled(req.id, filed.iid, filed.webUrl, deps.clock());
        completeWorkflowStepsForRequest(deps, req.id);
        const updated = requests.get(req.id);
        if (updated) tell({ channel: req.requesterId, ...buildFiledMessage(updated) }, 'filed');
        if (updated) enqueueAnnouncement(deps, updated);
      });
    },
    onRetrying: ({ requestId }, failure, { tell }) => {
      const req = deps.store.requests.get(requestId);
      if (!req) return;
      deps.store.requests.markProblem(req.id, 'retrying', failure.message, deps.clock());
      // Told once, however many retries follow.
      tell({ channel: req.requesterId, ...buildSavedWillRetryMessage(req) }, 'retrying');
    },
    onGaveUp: ({ requestId }, failure, { tell }) => {
      const req = deps.store.requests.get(requestId);
      if (!req) return;
      deps.store.requests.markProblem(req.id, 'failed', failure.message, deps.clock());
      tell(
        { channel: req.requesterId, ...buildFilingFailedMessage(req, describeGitLabFailure(failure.cause)) },
        'failed',
      );
      failWorkflowStepsForRequest(
        deps,
        req.id,
        `${req.ref} could not be filed in GitLab (${describeGitLabFailure(failure.cause)}). It is kept; the ProdSec team has the details.`,
      );
    },
  });

/**
 * Saved requests become filing jobs: a submission saves only the request (one row, written before
 * its acknowledgement), and the outbox adopts it at the start of its next pass, after the burst.
 * The first pass after start-up looks from the first request, so one saved but not yet queued when
 * the bot stopped (a crash, a restored backup) is filed too; one queued already is a no-op (the
 * job's dedupe key is `file:<id>`), so each request is filed exactly once.
 * NOTE: the job row and its indexes are half the pages of the commit that saved a request with its
 * job (~50 µs a submission on ext4, bench/notes.md).
 */
export function createRequestAdopter(deps: Pick<Deps, 'store' | 'clock'>): () => void {
  let through = 0;
  // The pass that adopts is already running: no kick.
  const quiet = { ...deps, outbox: { kick: () => Promise.resolve() } };
  return () => {
    const { ids, lastId } = deps.store.requests.savedSince(through);
    if (ids.length > 0)
      writeTx(deps.store.db, () => {
        for (const requestId of ids) enqueue(quiet, 'file_request', { requestId });
      });
    through = lastId;
  };
}
