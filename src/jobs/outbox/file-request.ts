import type { Deps } from '../../deps.js';
import { buildRequestDescription } from '../../domain/request.js';
import { newRequestLabels } from '../../domain/taxonomy.js';
import { isGitLabError } from '../../gitlab/errors.js';
import {
  buildFiledMessage,
  buildFilingFailedMessage,
  buildSavedWillRetryMessage,
} from '../../slack/messages/request-messages.js';
import type { OutboxJob } from '../../store/outbox-repo.js';
import { isFinalAttempt } from '../job-context.js';
import { PermanentError, RetryableError } from '../outbox-worker.js';
import { enqueuePost } from './slack-post.js';

export const FILE_REQUEST = 'file_request';

/**
 * Files a saved request as a GitLab issue, exactly once.
 * A retry first searches for the request's marker: GitLab may have created the issue on an
 * earlier attempt whose answer never arrived (timeout, 502, crash before the row was updated).
 */
export function handleFileRequest(deps: Deps) {
  return async (job: OutboxJob): Promise<void> => {
    const { requestId } = job.payload as { requestId: number };
    const { requests } = deps.store;
    const req = requests.get(requestId);
    if (!req || req.status === 'filed') return;
    requests.recordAttempt(req.id, deps.clock());
    try {
      let issue =
        req.attempts > 0 || job.attempts > 1
          ? await deps.gitlab.findIssueByMarker(req.project, req.marker)
          : undefined;
      issue ??= await deps.gitlab.createIssue(req.project, {
        title: req.fields.title,
        description: buildRequestDescription(req.fields, {
          ref: req.ref,
          requester: req.requesterId,
          marker: req.marker,
        }),
        labels: newRequestLabels(deps.taxonomy),
        confidential: req.fields.confidential,
      });
      const filed = issue;
      deps.store.db
        .transaction(() => {
          requests.markFiled(req.id, filed.iid, filed.webUrl, deps.clock());
          const updated = requests.get(req.id);
          if (updated)
            enqueuePost(
              deps,
              { channel: req.requesterId, ...buildFiledMessage(updated) },
              `filed:${req.ref}`,
            );
        })
        .immediate();
    } catch (err) {
      const message = isGitLabError(err) ? err.message : (err as Error).message;
      // NOTE: a rejected token (401) is the operator's to fix; the request waits for it instead of failing.
      if ((isGitLabError(err) && !err.retryable && !err.isAuth) || isFinalAttempt()) {
        deps.store.db
          .transaction(() => {
            requests.markProblem(req.id, 'failed', message, deps.clock());
            enqueuePost(
              deps,
              {
                channel: req.requesterId,
                ...buildFilingFailedMessage(
                  req,
                  isGitLabError(err) ? `GitLab answered ${err.status ?? err.kind}` : 'an unexpected error',
                ),
              },
              `failed:${req.ref}`,
            );
          })
          .immediate();
        throw new PermanentError(message);
      }
      deps.store.db
        .transaction(() => {
          requests.markProblem(req.id, 'retrying', message, deps.clock());
          // Told once: the dedupe key makes later failures of the same request silent.
          enqueuePost(
            deps,
            { channel: req.requesterId, ...buildSavedWillRetryMessage(req) },
            `retrying:${req.ref}`,
          );
        })
        .immediate();
      throw new RetryableError(message, isGitLabError(err) ? err.retryAfterMs : undefined);
    }
  };
}
