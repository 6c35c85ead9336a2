import type { Deps } from '../deps.js';
import type { AccessAction, DenialReason } from '../domain/access.js';
import { todayIn } from '../domain/digest.js';
import { filesIssue, type RequestType } from '../domain/request-types.js';
import { parseSupportRef } from '../domain/support-question.js';
import { type RawValue, type TypedRequest, validateTypedRequest } from '../domain/typed-request.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { requestScopeFrom } from '../policy.js';
import { buildSupportConvertedNotice, buildSupportQuestionPost } from '../slack/messages/intake-messages.js';
import type { RequestRecord } from '../store/requests-repo.js';
import type { SupportQuestionRecord } from '../store/support-repo.js';
import { authorize } from './authorize.js';
import { checkMergeRequests } from './check-merge-requests.js';
import { submitTypedRequest } from './submit-request.js';

export interface IntakeInput {
  sourceKey: string;
  type: RequestType;
  /** Raw values by field id (plus `title` and `confidential`), from the form or a workflow step. */
  raw: Readonly<Record<string, RawValue>>;
  requesterId: string;
  teamId: string | null;
  channelId: string | null;
  /** A support question (`Q-12`) a team member is converting into this request. */
  supportRef?: string;
}

export type IntakeResult =
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'saved'; record: RequestRecord; created: boolean }
  | { kind: 'asked'; record: SupportQuestionRecord; created: boolean }
  | { kind: 'not_filed'; reason: string }
  | { kind: 'denied'; reason: DenialReason; action: AccessAction };

/** Validates a request of any type (scope, dates, kinds) and saves it for filing, exactly once. */
export async function submitIntake(deps: Deps, input: IntakeInput): Promise<IntakeResult> {
  const result = validateTypedRequest(input.type, input.raw, {
    today: todayIn(deps.config.DIGEST_TIMEZONE ?? 'UTC', deps.clock()),
    scope: requestScopeFrom(deps.config),
    gitlabUrl: deps.config.GITLAB_URL,
  });
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
  const missing = await checkMergeRequests(deps, input.requesterId, input.type, result.request);
  if (Object.keys(missing).length > 0) return { kind: 'invalid', errors: missing };
  if (input.supportRef) return convertSupport(deps, input, input.supportRef, result.request);
  if (!filesIssue(input.type)) return askSupport(deps, input, result.request);
  const saved = submitTypedRequest(deps, {
    sourceKey: input.sourceKey,
    type: input.type,
    request: result.request,
    requesterId: input.requesterId,
    teamId: input.teamId,
    channelId: input.channelId,
  });
  return { kind: 'saved', ...saved };
}

const textOf = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * A support question is not filed: it is saved (open) and posted to SUPPORT_CHANNEL as a thread, in
 * one transaction with its post, so it is asked once however often the form is submitted.
 * NOTE: the question is the type's first field and the context its second (the default `support` type).
 */
function askSupport(deps: Deps, input: IntakeInput, request: TypedRequest): IntakeResult {
  const channelId = deps.config.SUPPORT_CHANNEL;
  if (!channelId)
    return {
      kind: 'not_filed',
      reason: 'Support questions are not set up here (no SUPPORT_CHANNEL); please ask the team directly.',
    };
  const [questionField, contextField] = input.type.fields;
  return deps.store.db
    .transaction((): IntakeResult => {
      const saved = deps.store.support.insertQuestion(
        {
          sourceKey: input.sourceKey,
          askerId: input.requesterId,
          teamId: input.teamId,
          question: textOf(questionField ? request.values[questionField.id] : ''),
          context: textOf(contextField ? request.values[contextField.id] : ''),
          channelId,
        },
        deps.clock(),
      );
      if (saved.created) enqueue(deps, 'support_post', { questionId: saved.record.id });
      return { kind: 'asked', ...saved };
    })
    .immediate();
}

/**
 * A team member files a support question as a request of another type: the asker becomes the
 * requester (they hear when it is filed), the issue links the question thread, the post shows the
 * conversion and the asker is told. The first conversion wins.
 */
async function convertSupport(
  deps: Deps,
  input: IntakeInput,
  ref: string,
  request: TypedRequest,
): Promise<IntakeResult> {
  const access = await authorize(deps, {
    userId: input.requesterId,
    action: 'support.convert',
    target: { kind: 'none' },
  });
  if (access.kind === 'denied') return access;
  const id = parseSupportRef(ref);
  const q = id === undefined ? undefined : deps.store.support.get(id);
  if (q?.state !== 'open')
    return { kind: 'not_filed', reason: `${ref} is no longer open: it was answered or converted already.` };
  if (!filesIssue(input.type))
    return { kind: 'not_filed', reason: 'Please choose a type that files an issue.' };
  return deps.store.db
    .transaction((): IntakeResult => {
      const saved = submitTypedRequest(deps, {
        sourceKey: input.sourceKey,
        type: input.type,
        request,
        requesterId: q.askerId,
        teamId: q.teamId,
        channelId: null,
        supportThreadUrl: q.permalink,
      });
      const t = deps.store.support.markConverted(q.id, input.requesterId, saved.record.ref, deps.clock());
      if (t.changed) {
        if (t.record.messageTs)
          enqueue(deps, 'slack_post', {
            channel: t.record.channelId,
            updateTs: t.record.messageTs,
            ...buildSupportQuestionPost(t.record),
          });
        enqueue(
          deps,
          'slack_post',
          {
            channel: q.askerId,
            ...buildSupportConvertedNotice({
              ref: q.ref,
              question: q.question,
              convertedBy: input.requesterId,
              requestRef: saved.record.ref,
              issueUrl: null,
            }),
          },
          `support-converted:${q.id}`,
        );
      }
      return { kind: 'saved', ...saved };
    })
    .immediate();
}
