import type { Deps } from '../../deps.js';
import { buildCandidateDescription, buildFlagNote } from '../../domain/candidate.js';
import { issueKeyOf, metricChoices } from '../../domain/decision.js';
import type { Issue } from '../../domain/issue.js';
import { formatIssueRef } from '../../domain/issue-ref.js';
import { newRequestLabels } from '../../domain/taxonomy.js';
import { isGitLabError } from '../../gitlab/errors.js';
import { gitlabProblem } from '../../gitlab/problem.js';
import {
  buildCandidateReply,
  buildFlagFailedMessage,
  buildFlagWillRetryMessage,
} from '../../slack/messages/candidate-messages.js';
import { classifySlackError } from '../../slack/post.js';
import { writeTx } from '../../store/db.js';
import type { FlagRecord } from '../../store/flags-repo.js';
import { candidateReplyKey } from '../../store/issue-changes-repo.js';
import type { OutboxJob } from '../../store/outbox-repo.js';
import { PermanentError, RetryableError } from '../outbox-worker.js';
import { enqueuePost } from './slack-post.js';

export const FLAG_CANDIDATE = 'flag_candidate';

async function permalinkOf(deps: Deps, flag: FlagRecord, attempt: number): Promise<string | null> {
  if (flag.permalink) return flag.permalink;
  try {
    const r = await deps.slack.chat.getPermalink({ channel: flag.channelId, message_ts: flag.messageTs });
    if (!r.permalink) return null;
    deps.store.flags.setPermalink(flag.id, r.permalink, deps.clock());
    return r.permalink;
  } catch (err) {
    // A passing Slack failure is retried once; a channel the bot cannot see files the issue without the link.
    const problem = classifySlackError(err);
    if (problem instanceof RetryableError && attempt < 2) throw problem;
    deps.log.info({ flag: flag.id, error: problem.message }, 'no permalink for a flagged message');
    return null;
  }
}

async function fileNew(
  deps: Deps,
  flag: FlagRecord,
  permalink: string | null,
  retry: boolean,
): Promise<Issue> {
  const f = flag.fields;
  if (f.mode !== 'new') throw new Error('not a new-issue flag');
  const found = retry ? await deps.gitlab.findIssueByMarker(flag.project, flag.marker) : undefined;
  return (
    found ??
    deps.gitlab.createIssue(flag.project, {
      title: f.title,
      description: buildCandidateDescription(f, { permalink, flagger: flag.flaggerId, marker: flag.marker }),
      labels: newRequestLabels(deps.taxonomy),
      confidential: f.confidential,
    })
  );
}

async function linkExisting(
  deps: Deps,
  flag: FlagRecord,
  permalink: string | null,
  retry: boolean,
  done: string[],
): Promise<Issue> {
  const f = flag.fields;
  if (f.mode !== 'existing') throw new Error('not an existing-issue flag');
  let issue = await deps.gitlab.getIssue(f.ref.project, f.ref.iid);
  const candidate = deps.taxonomy.labels.candidate;
  if (!issue.labels.includes(candidate)) {
    issue = await deps.gitlab.updateIssue(f.ref.project, f.ref.iid, { addLabels: [candidate] });
    done.push(`added the ${candidate} label`);
  }
  // NOTE: a note is not idempotent in GitLab; a retry looks for the flag's marker first.
  await deps.gitlab.addNoteOnce(
    f.ref.project,
    f.ref.iid,
    buildFlagNote(f.notes, { permalink, flagger: flag.flaggerId }),
    flag.marker,
    { checkFirst: retry },
  );
  return issue;
}

/** Files a flagged message as a new candidate issue, or links it to an existing one; then replies in its thread. */
export function handleFlagCandidate(deps: Deps) {
  return async (job: OutboxJob): Promise<void> => {
    const { flagId } = job.payload as { flagId: number };
    const flag = deps.store.flags.get(flagId);
    if (flag?.status !== 'saved') return;
    deps.store.flags.recordAttempt(flag.id, deps.clock());
    const retry = flag.attempts > 0 || job.attempts > 1;
    const permalink = await permalinkOf(deps, flag, job.attempts);
    const done: string[] = [];
    let issue: Issue;
    try {
      issue =
        flag.fields.mode === 'new'
          ? await fileNew(deps, flag, permalink, retry)
          : await linkExisting(deps, flag, permalink, retry, done);
    } catch (err) {
      fail(deps, flag, permalink, done, err);
    }
    const ref = flag.fields.mode === 'existing' ? flag.fields.ref : { project: flag.project, iid: issue.iid };
    writeTx(deps.store.db, () => {
      deps.store.flags.markLinked(
        flag.id,
        { iid: issue.iid, issueKey: issueKeyOf(ref), url: issue.webUrl },
        deps.clock(),
      );
      const reply = buildCandidateReply({
        flaggerId: flag.flaggerId,
        mode: flag.fields.mode,
        issueRef: formatIssueRef(ref),
        issueUrl: issue.webUrl,
        title: issue.title,
        metricKinds: metricChoices(deps.taxonomy),
      });
      enqueuePost(
        deps,
        {
          channel: flag.channelId,
          thread_ts: flag.threadTs,
          fallbackUser: flag.flaggerId,
          rememberAs: candidateReplyKey(flag.id),
          ...reply,
        },
        `flag-reply:${flag.id}`,
      );
    });
    void deps.outbox.kick();
  };
}

function fail(deps: Deps, flag: FlagRecord, permalink: string | null, done: string[], err: unknown): never {
  const what = flag.fields.mode === 'existing' ? formatIssueRef(flag.fields.ref) : flag.project;
  const problem = gitlabProblem(err, what);
  if (problem.permanent) {
    writeTx(deps.store.db, () => {
      deps.store.flags.markProblem(flag.id, 'failed', problem.message, deps.clock());
      enqueuePost(
        deps,
        { channel: flag.flaggerId, ...buildFlagFailedMessage(problem.reason, permalink, done) },
        `flag-failed:${flag.id}`,
      );
    });
    void deps.outbox.kick();
    throw new PermanentError(problem.message);
  }
  writeTx(deps.store.db, () => {
    deps.store.flags.markProblem(flag.id, 'saved', problem.message, deps.clock());
    // Told once: the dedupe key makes later failures of the same flag silent.
    enqueuePost(
      deps,
      { channel: flag.flaggerId, ...buildFlagWillRetryMessage() },
      `flag-retrying:${flag.id}`,
    );
  });
  void deps.outbox.kick();
  throw new RetryableError(problem.message, isGitLabError(err) ? err.retryAfterMs : undefined);
}
