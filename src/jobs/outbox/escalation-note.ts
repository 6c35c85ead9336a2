import type { Deps } from '../../deps.js';
import {
  buildEscalationNote,
  type EscalationNoteFacts,
  escalationNoteMarker,
} from '../../domain/escalation-notes.js';
import { isGitLabError } from '../../gitlab/errors.js';
import type { OutboxJob } from '../../store/outbox-repo.js';
import { PermanentError, RetryableError } from '../outbox-worker.js';

/** Records an escalation step as a note on the linked GitLab issue, once. */
export const ESCALATION_NOTE = 'escalation_note';

export interface EscalationNotePayload extends EscalationNoteFacts {
  escalationId: number;
  project: string;
  iid: number;
}

export function enqueueEscalationNote(
  deps: Pick<Deps, 'store'>,
  p: EscalationNotePayload,
  now: number,
): void {
  deps.store.outbox.enqueue(ESCALATION_NOTE, p, now, {
    dedupeKey: `esc-note:${escalationNoteMarker(p.escalationId, p.event, p.round)}`,
  });
}

export function handleEscalationNote(deps: Pick<Deps, 'gitlab' | 'log'>) {
  return async (job: OutboxJob): Promise<void> => {
    const p = job.payload as EscalationNotePayload;
    try {
      // NOTE: a note is not idempotent in GitLab; a retry looks for its marker before posting.
      await deps.gitlab.addNoteOnce(
        p.project,
        p.iid,
        buildEscalationNote(p),
        escalationNoteMarker(p.escalationId, p.event, p.round),
        { checkFirst: job.attempts > 1 },
      );
    } catch (err) {
      if (!isGitLabError(err)) throw new RetryableError((err as Error).message);
      if (err.retryable || err.isAuth) throw new RetryableError(err.message, err.retryAfterMs);
      deps.log.warn({ project: p.project, iid: p.iid, status: err.status }, 'escalation note not added');
      throw new PermanentError(err.message);
    }
  };
}
