import type { Deps } from '../../deps.js';
import { buildCandidateDescription, buildFlagNote } from '../../domain/candidate.js';
import { issueKeyOf, metricChoices } from '../../domain/decision.js';
import type { Issue } from '../../domain/issue.js';
import { formatIssueRef } from '../../domain/issue-ref.js';
import { newRequestLabels } from '../../domain/taxonomy.js';
import { disclosureFor } from '../../domain/visibility.js';
import { RetryableError, StepError } from '../../errors.js';
import { gitlabProblem } from '../../slack/gitlab-failure.js';
import {
  buildCandidateReply,
  buildFlagFailedMessage,
  buildFlagWillRetryMessage,
} from '../../slack/messages/candidate-messages.js';
import { classifySlackError } from '../../slack/post.js';
import { writeTx } from '../../store/db.js';
import type { FlagRecord } from '../../store/flags-repo.js';
import { candidateReplyKey } from '../../store/issue-changes-repo.js';
import { defineJob } from '../define-job.js';
import { JOB_KINDS } from './kinds.js';

/** A GitLab failure while filing or linking, with what the flagger is told about it. */
class FlagProblem extends StepError<'gitlab'> {
  constructor(
    readonly permalink: string | null,
    readonly done: string[],
    cause: unknown,
  ) {
    super('gitlab', cause);
  }
}

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

/**
 * Files a flagged message as a new candidate issue, or links it to an existing one; then replies
 * in its thread. A failure tells the flagger (once while retrying, once when it stops).
 */
export const flagCandidateJob = (deps: Deps) =>
  defineJob({
    kind: 'flag_candidate',
    payload: JOB_KINDS.flag_candidate.payload,
    run: async ({ flagId }, { attempt, tell }) => {
      const flag = deps.store.flags.get(flagId);
      if (flag?.status !== 'saved') return;
      deps.store.flags.recordAttempt(flag.id, deps.clock());
      const retry = flag.attempts > 0 || attempt > 1;
      const permalink = await permalinkOf(deps, flag, attempt);
      const done: string[] = [];
      let issue: Issue;
      try {
        issue =
          flag.fields.mode === 'new'
            ? await fileNew(deps, flag, permalink, retry)
            : await linkExisting(deps, flag, permalink, retry, done);
      } catch (err) {
        throw new FlagProblem(permalink, done, err);
      }
      const ref =
        flag.fields.mode === 'existing' ? flag.fields.ref : { project: flag.project, iid: issue.iid };
      // The thread is a channel audience: a confidential issue, or one of a private project (or one
      // whose project GitLab does not describe), shows its reference and link only.
      const projectVisibility = await deps.gitlab
        .getProject(ref.project)
        .then((p) => p.visibility)
        .catch(() => 'unknown' as const);
      const shown = disclosureFor(
        { kind: 'channel', teamData: false },
        { confidential: issue.confidential, projectVisibility, inScope: true },
      );
      const disclosure = shown === 'content' ? 'content' : 'reference';
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
          disclosure,
        });
        tell(
          {
            channel: flag.channelId,
            thread_ts: flag.threadTs,
            fallbackUser: flag.flaggerId,
            rememberAs: candidateReplyKey(flag.id),
            ...reply,
          },
          'reply',
        );
      });
    },
    onRetrying: ({ flagId }, failure, { tell }) => {
      const flag = deps.store.flags.get(flagId);
      // Only GitLab's failures are told: a passing Slack failure fetching the permalink is retried quietly.
      if (!flag || !(failure.error instanceof FlagProblem)) return;
      deps.store.flags.markProblem(flag.id, 'saved', failure.message, deps.clock());
      tell({ channel: flag.flaggerId, ...buildFlagWillRetryMessage() }, 'retrying');
    },
    onGaveUp: ({ flagId }, failure, { tell }) => {
      const flag = deps.store.flags.get(flagId);
      if (!flag) return;
      const what = flag.fields.mode === 'existing' ? formatIssueRef(flag.fields.ref) : flag.project;
      const { permalink = null, done = [] } = failure.error instanceof FlagProblem ? failure.error : {};
      deps.store.flags.markProblem(flag.id, 'failed', failure.message, deps.clock());
      tell(
        {
          channel: flag.flaggerId,
          ...buildFlagFailedMessage(gitlabProblem(failure.cause, what).reason, permalink, done),
        },
        'failed',
      );
    },
  });
