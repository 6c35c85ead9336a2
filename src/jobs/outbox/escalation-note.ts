import type { Deps } from '../../deps.js';
import { buildEscalationNote, escalationNoteMarker } from '../../domain/escalation-notes.js';
import { isGitLabError } from '../../gitlab/errors.js';
import { refInScope } from '../../use-cases/project-scope.js';
import { defineJob } from '../define-job.js';
import { JOB_KINDS } from './kinds.js';

/** Records an escalation step as a note on the linked GitLab issue, once. */
export const escalationNoteJob = (deps: Pick<Deps, 'gitlab' | 'log' | 'config'>) =>
  defineJob({
    kind: 'escalation_note',
    payload: JOB_KINDS.escalation_note.payload,
    run: async (p, { attempt }) => {
      // NOTE: a row queued for an issue outside the scope (or before the scope existed) writes nothing.
      if (!refInScope(deps, { project: p.project })) {
        deps.log.info({ escalation: p.escalationId }, 'escalation note skipped: issue out of scope');
        return;
      }
      // NOTE: a note is not idempotent in GitLab; a retry looks for its marker before posting.
      await deps.gitlab.addNoteOnce(
        p.project,
        p.iid,
        buildEscalationNote(p),
        escalationNoteMarker(p.escalationId, p.event, p.round),
        { checkFirst: attempt > 1 },
      );
    },
    onGaveUp: (p, failure) => {
      const status = isGitLabError(failure.cause) ? failure.cause.status : undefined;
      deps.log.warn({ project: p.project, iid: p.iid, status }, 'escalation note not added');
    },
  });
