import type { Deps } from '../deps.js';
import { todayIn } from '../domain/digest.js';
import { filesIssue, type RequestType } from '../domain/request-types.js';
import { type RawValue, type TypedRequest, validateTypedRequest } from '../domain/typed-request.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { requestScopeFrom } from '../policy.js';
import type { RequestRecord } from '../store/requests-repo.js';
import type { SupportQuestionRecord } from '../store/support-repo.js';
import { submitTypedRequest } from './submit-request.js';

export interface IntakeInput {
  sourceKey: string;
  type: RequestType;
  /** Raw values by field id (plus `title` and `confidential`), from the form or a workflow step. */
  raw: Readonly<Record<string, RawValue>>;
  requesterId: string;
  teamId: string | null;
  channelId: string | null;
}

export type IntakeResult =
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'saved'; record: RequestRecord; created: boolean }
  | { kind: 'asked'; record: SupportQuestionRecord; created: boolean }
  | { kind: 'not_filed'; reason: string };

/** Validates a request of any type (scope, dates, kinds) and saves it for filing, exactly once. */
export function submitIntake(deps: Deps, input: IntakeInput): IntakeResult {
  const result = validateTypedRequest(input.type, input.raw, {
    today: todayIn(deps.config.DIGEST_TIMEZONE ?? 'UTC', deps.clock()),
    scope: requestScopeFrom(deps.config),
    gitlabUrl: deps.config.GITLAB_URL,
  });
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
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
