import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { ids } from '../../slack/ids.js';
import { answerSupportQuestion } from '../../use-cases/support.js';
import { onSubmission } from '../shared/submission.js';
import { readMetadata, readText } from '../shared/view-values.js';

const supportIds = ids.support;
const isHttpUrl = (s: string) => /^https?:\/\/[^\s]+$/i.test(s);

/** The "Answered" modal: the link (default the question's thread) is checked, then the asker is told. */
export function handleSupportAnswerSubmission(deps: Deps) {
  return onSubmission(async ({ view, body }, reply) => {
    const meta = readMetadata(view, z.object({ ref: z.string() }));
    const typed = readText(view, supportIds.blocks.answerLink, supportIds.action).trim();
    const ref = meta?.ref ?? '';
    const fallback = ref ? deps.store.support.get(Number(ref.replace(/^Q-/, '')))?.permalink : undefined;
    const answerUrl = typed || fallback || '';
    if (!isHttpUrl(answerUrl))
      return reply.error(
        supportIds.blocks.answerLink,
        'Please give the link to the answer (http:// or https://).',
      );
    const result = await answerSupportQuestion(deps, { userId: body.user.id, ref, answerUrl });
    if (result.kind === 'denied' || result.kind === 'not_found')
      return reply.error(
        supportIds.blocks.answerLink,
        result.kind === 'denied'
          ? 'Only the team can mark questions answered.'
          : 'That question is no longer tracked.',
      );
    await reply.close();
  });
}
