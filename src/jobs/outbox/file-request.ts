import type { Deps } from '../../deps.js';
import { buildRequestDescription } from '../../domain/request.js';
import { newRequestLabels } from '../../domain/taxonomy.js';
import { describeGitLabFailure } from '../../slack/gitlab-failure.js';
import {
  buildFiledMessage,
  buildFilingFailedMessage,
  buildSavedWillRetryMessage,
} from '../../slack/messages/request-messages.js';
import { writeTx } from '../../store/db.js';
import { defineJob } from '../define-job.js';
import { writeAsPerson } from './act-as.js';
import { JOB_KINDS } from './kinds.js';

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
        gitlab.createIssue(req.project, {
          title: req.fields.title,
          description: buildRequestDescription(req.fields, {
            ref: req.ref,
            requester: req.requesterId,
            marker: req.marker,
          }),
          labels: newRequestLabels(deps.taxonomy),
          confidential: req.fields.confidential,
        }),
      );
      const filed = issue;
      writeTx(deps.store.db, () => {
        requests.markFiled(req.id, filed.iid, filed.webUrl, deps.clock());
        const updated = requests.get(req.id);
        if (updated) tell({ channel: req.requesterId, ...buildFiledMessage(updated) }, 'filed');
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
    },
  });
