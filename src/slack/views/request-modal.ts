import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { REQUEST_KINDS, type RequestKind, TITLE_MAX } from '../../domain/request.js';
import { plain, section, textInput } from '../blocks.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';

/** Where the form was opened (null from the App Home), to answer in that channel. */
export const requestModalMetadataSchema = z.object({ channelId: z.string().nullable().default(null) });
export type RequestModalMetadata = z.infer<typeof requestModalMetadataSchema>;

const B = ids.request.blocks;
const A = ids.request.action;

/** "New ProdSec request": every field the handbook's intake asks for. */
export function buildRequestModal(meta: RequestModalMetadata): ModalView {
  const kindOptions = (Object.keys(REQUEST_KINDS) as RequestKind[]).map((k) => ({
    text: plain(REQUEST_KINDS[k]),
    value: k,
  }));
  const confidentialOption = {
    text: plain('Confidential (recommended for security work)'),
    value: ids.request.confidentialOption,
  };
  return {
    type: 'modal',
    callback_id: ids.request.callbackId,
    title: plain('New ProdSec request', LIMITS.modalTitle),
    submit: plain('File request', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta).slice(0, LIMITS.privateMetadata),
    blocks: [
      section('Requests become GitLab issues that the Product Security Engineering team refines and plans.'),
      textInput(B.title, 'Title', {
        actionId: A,
        max: TITLE_MAX,
        placeholder: 'A short summary of the need',
      }),
      {
        type: 'input',
        block_id: B.kind,
        label: plain('Kind of request'),
        element: { type: 'radio_buttons', action_id: A, options: kindOptions },
      },
      textInput(B.problem, 'Problem', {
        actionId: A,
        multiline: true,
        hint: 'What goes wrong today, and for whom?',
      }),
      textInput(B.currentProcess, 'Current manual process and its cost', {
        actionId: A,
        multiline: true,
        optional: true,
        hint: 'How often, how long each time. Required for AppSec automation requests.',
      }),
      textInput(B.desiredOutcome, 'Desired outcome', { actionId: A, multiline: true }),
      textInput(B.definitionOfDone, 'Definition of done', {
        actionId: A,
        multiline: true,
        hint: 'How will we know it is finished?',
      }),
      textInput(B.requestingTeam, 'Requesting team', { actionId: A, max: 200 }),
      textInput(B.links, 'Links', {
        actionId: A,
        multiline: true,
        optional: true,
        hint: 'One per line: related issues, docs, threads.',
      }),
      {
        type: 'input',
        block_id: B.confidential,
        optional: true,
        label: plain('Visibility'),
        element: {
          type: 'checkboxes',
          action_id: A,
          options: [confidentialOption],
          initial_options: [confidentialOption],
        },
      },
    ],
  };
}

/** Shown in place of the form once the request is saved: the modal closes the loop at once. */
export function buildRequestSavedModal(ref: string): ModalView {
  return {
    type: 'modal',
    title: plain('Request saved', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      section(
        `:white_check_mark: Saved as *${ref}*. The bot is filing it in GitLab now and will message you the link. ` +
          `Check on it any time with \`/prodsec status ${ref}\`.`,
      ),
    ],
  };
}
