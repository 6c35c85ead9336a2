import type { Deps } from '../deps.js';
import { todayIn } from '../domain/digest.js';
import { filesIssue, type RequestType } from '../domain/request-types.js';
import { type RawValue, validateTypedRequest } from '../domain/typed-request.js';
import { requestScopeFrom } from '../policy.js';
import type { RequestRecord } from '../store/requests-repo.js';
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
  | { kind: 'not_filed'; reason: string };

/** Validates a request of any type (scope, dates, kinds) and saves it for filing, exactly once. */
export function submitIntake(deps: Deps, input: IntakeInput): IntakeResult {
  const result = validateTypedRequest(input.type, input.raw, {
    today: todayIn(deps.config.DIGEST_TIMEZONE ?? 'UTC', deps.clock()),
    scope: requestScopeFrom(deps.config),
    gitlabUrl: deps.config.GITLAB_URL,
  });
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
  // TODO(issue 13): support questions are posted to SUPPORT_CHANNEL and tracked (store/support-repo.ts).
  if (!filesIssue(input.type))
    return { kind: 'not_filed', reason: 'Support questions are not taken from this form yet.' };
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
