import type { Deps } from '../deps.js';
import type { AccessAction, DenialReason } from '../domain/access.js';
import { filesIssue, type RequestType } from '../domain/request-types.js';
import { parseSupportRef } from '../domain/support-question.js';
import { supportConversionValues } from '../domain/typed-request.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { buildSupportAnsweredNotice, buildSupportQuestionPost } from '../slack/messages/intake-messages.js';
import type { SupportQuestionRecord } from '../store/support-repo.js';
import { authorize } from './authorize.js';

export type SupportLookup =
  | { kind: 'found'; question: SupportQuestionRecord }
  | { kind: 'not_found' }
  | { kind: 'denied'; reason: DenialReason; action: AccessAction };

/** A team member about to mark a question answered: the question, if they may. */
export async function openSupportAnswer(
  deps: Deps,
  input: { userId: string; ref: string },
): Promise<SupportLookup> {
  const id = parseSupportRef(input.ref);
  const question = id === undefined ? undefined : deps.store.support.get(id);
  const access = await authorize(deps, {
    userId: input.userId,
    action: 'support.answer',
    target: { kind: 'none' },
  });
  if (access.kind === 'denied') return access;
  return question ? { kind: 'found', question } : { kind: 'not_found' };
}

export type AnswerResult =
  | { kind: 'answered'; question: SupportQuestionRecord }
  | { kind: 'already'; question: SupportQuestionRecord | undefined }
  | { kind: 'not_found' }
  | { kind: 'denied'; reason: DenialReason; action: AccessAction };

/**
 * Marks a question answered (the first Answered wins), re-renders its post in place and tells the
 * asker, with the link to the answer; the post and the notice go through the outbox.
 */
export async function answerSupportQuestion(
  deps: Deps,
  input: { userId: string; ref: string; answerUrl: string },
): Promise<AnswerResult> {
  const access = await authorize(deps, {
    userId: input.userId,
    action: 'support.answer',
    target: { kind: 'none' },
  });
  if (access.kind === 'denied') return access;
  const id = parseSupportRef(input.ref);
  if (id === undefined || !deps.store.support.get(id)) return { kind: 'not_found' };
  return deps.store.db
    .transaction((): AnswerResult => {
      const t = deps.store.support.markAnswered(id, input.userId, input.answerUrl, deps.clock());
      if (!t.changed) return { kind: 'already', question: t.record };
      const q = t.record;
      if (q.messageTs)
        enqueue(deps, 'slack_post', {
          channel: q.channelId,
          updateTs: q.messageTs,
          ...buildSupportQuestionPost(q),
        });
      enqueue(
        deps,
        'slack_post',
        {
          channel: q.askerId,
          ...buildSupportAnsweredNotice({
            ref: q.ref,
            question: q.question,
            answeredBy: input.userId,
            answerUrl: input.answerUrl,
          }),
        },
        `support-answered:${q.id}`,
      );
      return { kind: 'answered', question: q };
    })
    .immediate();
}

export type ConversionLookup =
  | {
      kind: 'found';
      question: SupportQuestionRecord;
      type: RequestType | undefined;
      values: Record<string, string>;
    }
  | { kind: 'not_found' }
  | { kind: 'denied'; reason: DenialReason; action: AccessAction };

/** A team member about to convert an open question: the form's type (the first that files an issue) and values. */
export async function openSupportConversion(
  deps: Deps,
  input: { userId: string; ref: string },
): Promise<ConversionLookup> {
  const access = await authorize(deps, {
    userId: input.userId,
    action: 'support.convert',
    target: { kind: 'none' },
  });
  if (access.kind === 'denied') return access;
  const id = parseSupportRef(input.ref);
  const question = id === undefined ? undefined : deps.store.support.get(id);
  if (question?.state !== 'open') return { kind: 'not_found' };
  const type = deps.taxonomy.requestTypes.find(filesIssue);
  const values = type ? supportConversionValues(question.question, question.context, type) : {};
  return { kind: 'found', question, type, values };
}
