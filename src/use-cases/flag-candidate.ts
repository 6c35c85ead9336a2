import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import { issueKeyOf } from '../domain/decision.js';
import { formatIssueRef } from '../domain/issue-ref.js';
import { projectFor } from '../domain/request.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { writeTx } from '../store/db.js';
import type { FlagRecord } from '../store/flags-repo.js';

/** What a flag form submission carries; `sourceKey` is the Slack view id, so a second submission saves nothing new. */
export type FlagSubmission = Pick<
  FlagRecord,
  'sourceKey' | 'channelId' | 'messageTs' | 'threadTs' | 'permalink' | 'flaggerId' | 'fields'
>;

/**
 * Saves the flag and queues its filing (or linking) in one transaction. A message that already
 * has a live flag is not flagged twice: the existing flag comes back with created=false.
 */
export function flagCandidate(deps: Deps, s: FlagSubmission): { record: FlagRecord; created: boolean } {
  const project =
    s.fields.mode === 'new'
      ? projectFor(s.fields.kind, {
          internal: deps.config.GITLAB_INTERNAL_PROJECT,
          product: deps.config.GITLAB_PRODUCT_PROJECT,
        })
      : s.fields.ref.project;
  const iid = s.fields.mode === 'existing' ? s.fields.ref.iid : null;
  const result = writeTx(deps.store.db, () => {
    const now = deps.clock();
    const saved = deps.store.flags.insert(
      {
        ...s,
        project,
        iid,
        issueKey: iid === null ? null : issueKeyOf({ project, iid }),
        // The marker lets a retry find an issue GitLab created although its answer never arrived.
        marker: `prodsec-bot-flag-${randomBytes(8).toString('hex')}`,
      },
      now,
    );
    if (saved.created) enqueue(deps, 'flag_candidate', { flagId: saved.record.id });
    return saved;
  });
  return result;
}

/** The issue a flag points at, as `group/project#12`, once known. */
export function flagIssueRef(flag: FlagRecord): string | null {
  if (flag.fields.mode === 'existing') return formatIssueRef(flag.fields.ref);
  return flag.iid === null ? null : formatIssueRef({ project: flag.project, iid: flag.iid });
}
