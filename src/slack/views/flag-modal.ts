import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { CHOICE_DUPLICATE_PREFIX, CHOICE_NEW, CHOICE_OTHER, REF_HELP } from '../../domain/candidate.js';
import type { Issue } from '../../domain/issue.js';
import { REQUEST_KINDS, type RequestKind, TITLE_MAX } from '../../domain/request.js';
import { context, plain, section, textInput } from '../blocks.js';
import { escapeMrkdwn, link, safeText } from '../escape.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';

const candidateIds = ids.candidates;
const blockIds = candidateIds.flagBlocks;
const actionIdRef = candidateIds.action;

/** Where the flagged message is; carried by the modal to its submission. */
export const flagModalMetadataSchema = z.object({
  channelId: z.string().min(1),
  messageTs: z.string().min(1),
  threadTs: z.string().min(1),
  permalink: z.string().nullable(),
});
export type FlagModalMetadata = z.infer<typeof flagModalMetadataSchema>;

/** Duplicate suggestions: still being searched, found (maybe none), or the search failed. */
export type Suggestions =
  | { state: 'loading' }
  | { state: 'done'; issues: Issue[] }
  | { state: 'failed'; reason: string };

export interface FlagModalInput {
  meta: FlagModalMetadata;
  message: string;
  title: string;
  suggestions: Suggestions;
}

const duplicateValue = (i: Issue) => `${CHOICE_DUPLICATE_PREFIX}${i.ref}`;
const usable = (i: Issue) => duplicateValue(i).length <= LIMITS.optionValue;

function choiceOptions(s: Suggestions): PlainTextOption[] {
  const dups = s.state === 'done' ? s.issues.filter(usable) : [];
  return [
    { text: plain('File a new issue'), value: CHOICE_NEW },
    ...dups.map((i) => ({
      text: plain(`Use #${i.iid}: ${i.title}`),
      description: plain(i.ref),
      value: duplicateValue(i),
    })),
    { text: plain('Another existing issue (reference below)'), value: CHOICE_OTHER },
  ];
}

function suggestionsBlock(s: Suggestions): KnownBlock {
  const block = (text: string): KnownBlock => ({ ...context(text), block_id: blockIds.suggestions });
  if (s.state === 'loading') return block(':mag: Looking for similar open issues in GitLab…');
  if (s.state === 'failed')
    return block(`:warning: Could not search GitLab for similar issues (${escapeMrkdwn(s.reason)}).`);
  if (s.issues.length === 0) return block('No similar open issues found in GitLab.');
  const lines = s.issues.map((i) => `• ${link(i.webUrl, i.ref)} ${safeText(i.title, 200)}`);
  return {
    ...section(
      `*Possible duplicates* (choose one above instead of filing a new issue):\n${lines.join('\n')}`,
    ),
    block_id: blockIds.suggestions,
  };
}

/** "Flag as ProdSec candidate": the message, a new issue or an existing one, and duplicate suggestions. */
export function buildFlagModal(input: FlagModalInput): ModalView {
  const options = choiceOptions(input.suggestions);
  const kindOptions = (Object.keys(REQUEST_KINDS) as RequestKind[]).map((k) => ({
    text: plain(REQUEST_KINDS[k]),
    value: k,
  }));
  const confidential = { text: plain('Confidential (recommended)'), value: candidateIds.confidentialOption };
  const where = input.meta.permalink ? link(input.meta.permalink, 'this message') : 'this message';
  return {
    type: 'modal',
    callback_id: candidateIds.flagCallbackId,
    title: plain('Flag as candidate', LIMITS.modalTitle),
    submit: plain('Flag', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(input.meta).slice(0, LIMITS.privateMetadata),
    blocks: [
      section(`Flag ${where} as possible work for the Product Security Engineering team.`),
      textInput(blockIds.message, 'Message (quoted in a new issue)', {
        actionId: actionIdRef,
        optional: true,
        multiline: true,
        max: LIMITS.inputMaxLength,
        initial: input.message,
      }),
      {
        type: 'input',
        block_id: blockIds.choice,
        label: plain('Where should it go?'),
        element: { type: 'radio_buttons', action_id: actionIdRef, options, initial_option: options[0] },
      },
      suggestionsBlock(input.suggestions),
      textInput(blockIds.title, 'Title of the new issue', {
        actionId: actionIdRef,
        optional: true,
        max: TITLE_MAX,
        initial: input.title,
      }),
      {
        type: 'input',
        block_id: blockIds.kind,
        optional: true,
        label: plain('Board of the new issue'),
        element: { type: 'radio_buttons', action_id: actionIdRef, options: kindOptions },
      },
      {
        type: 'input',
        block_id: blockIds.confidential,
        optional: true,
        label: plain('Visibility of the new issue'),
        element: {
          type: 'checkboxes',
          action_id: actionIdRef,
          options: [confidential],
          initial_options: [confidential],
        },
      },
      textInput(blockIds.existing, 'Existing issue', {
        actionId: actionIdRef,
        optional: true,
        max: 500,
        hint: REF_HELP,
        placeholder: '#123',
      }),
      textInput(blockIds.notes, 'Notes for the team', {
        actionId: actionIdRef,
        optional: true,
        multiline: true,
        max: LIMITS.inputMaxLength,
      }),
    ],
  };
}

/** Shown once the flag is saved: where the bot will answer. */
export function buildFlagSavedModal(mode: 'new' | 'existing', ref?: string): ModalView {
  const what =
    mode === 'new'
      ? 'The bot is filing a new issue now'
      : `The bot is adding the candidate label and a note to *${safeText(ref ?? 'the issue', 200)}* now`;
  return {
    type: 'modal',
    title: plain('Flagged', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      section(
        `:white_check_mark: ${what} and will reply in the message's thread with the link ` +
          '(or message you, if it cannot post there).',
      ),
    ],
  };
}

/** Shown when the message already went somewhere: the issue it points at, or that it is on its way. */
export function buildAlreadyFlaggedModal(f: {
  flaggerId: string;
  issueUrl: string | null;
  issueRef: string | null;
}): ModalView {
  const where =
    f.issueUrl && f.issueRef
      ? `to ${link(f.issueUrl, f.issueRef)}`
      : 'and the bot is still filing it (it will reply in the thread)';
  return {
    type: 'modal',
    title: plain('Already flagged', LIMITS.modalTitle),
    close: plain('OK', LIMITS.modalTitle),
    blocks: [
      section(`:information_source: <@${f.flaggerId}> already flagged this message ${where}.`),
      context('Flagging it again would file a duplicate, so nothing new was filed.'),
    ],
  };
}

/**
 * The field error when a message cannot be linked to the issue named: why, and what to do. Field
 * errors are plain text. The same words for "missing" and "not visible to the bot".
 */
export function flagLinkFieldError(
  problem: 'out_of_scope' | 'may_not_see' | 'unavailable' | 'gitlab_down',
  opts: { scope?: string; linkingEnabled: boolean },
): string {
  const ask = opts.linkingEnabled
    ? 'Ask in the team channel, or connect your GitLab account with /prodsec connect.'
    : 'Ask in the team channel.';
  switch (problem) {
    case 'out_of_scope':
      return `That issue is outside the projects the bot works on${opts.scope ? ` (${opts.scope})` : ''}. Pick an issue in one of those, or file a new one.`;
    case 'may_not_see':
      return `You can only link a message to an issue you may see, and this one is not visible to you. ${ask}`;
    case 'unavailable':
      return `That issue cannot be found or is not available to the bot. Check the reference. ${ask}`;
    case 'gitlab_down':
      return 'GitLab is not answering right now, so the issue could not be checked. Nothing was saved; please submit again in a moment.';
  }
}
