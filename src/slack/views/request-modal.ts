import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { REQUEST_KINDS, type RequestKind, TITLE_MAX } from '../../domain/request.js';
import { plain, section, textInput } from '../blocks.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';
import { buildTypedRequestModal, type TypedRequestModalInput } from './intake-form.js';

export const requestModalMetadataSchema = z.object({ channelId: z.string().nullable().default(null) });

export interface RequestModalMetadata {
  channelId: string | null;
}

const blockIds = ids.request.blocks;
const actionIdRef = ids.request.action;

/** "New ProdSec request" of one request type: the type picker first, then that type's fields. */
export function buildRequestModal(input: TypedRequestModalInput): ModalView;
/** The single form of before request types (both kinds on one form), until the listeners use types. */
export function buildRequestModal(meta: RequestModalMetadata): ModalView;
export function buildRequestModal(input: TypedRequestModalInput | RequestModalMetadata): ModalView {
  return 'types' in input ? buildTypedRequestModal(input) : buildKindRequestModal(input);
}

function buildKindRequestModal(meta: RequestModalMetadata): ModalView {
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
      textInput(blockIds.title, 'Title', {
        actionId: actionIdRef,
        max: TITLE_MAX,
        placeholder: 'A short summary of the need',
      }),
      {
        type: 'input',
        block_id: blockIds.kind,
        label: plain('Kind of request'),
        element: { type: 'radio_buttons', action_id: actionIdRef, options: kindOptions },
      },
      textInput(blockIds.problem, 'Problem', {
        actionId: actionIdRef,
        multiline: true,
        hint: 'What goes wrong today, and for whom?',
      }),
      textInput(blockIds.currentProcess, 'Current manual process and its cost', {
        actionId: actionIdRef,
        multiline: true,
        optional: true,
        hint: 'How often, how long each time. Required for AppSec automation requests.',
      }),
      textInput(blockIds.desiredOutcome, 'Desired outcome', { actionId: actionIdRef, multiline: true }),
      textInput(blockIds.definitionOfDone, 'Definition of done', {
        actionId: actionIdRef,
        multiline: true,
        hint: 'How will we know it is finished?',
      }),
      textInput(blockIds.requestingTeam, 'Requesting team', { actionId: actionIdRef, max: 200 }),
      textInput(blockIds.links, 'Links', {
        actionId: actionIdRef,
        multiline: true,
        optional: true,
        hint: 'One per line: related issues, docs, threads.',
      }),
      {
        type: 'input',
        block_id: blockIds.confidential,
        optional: true,
        label: plain('Visibility'),
        element: {
          type: 'checkboxes',
          action_id: actionIdRef,
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

/** Shown in place of the form once a support question is saved: it is being posted to the support channel. */
export function buildSupportAskedModal(ref: string): ModalView {
  return {
    type: 'modal',
    title: plain('Question sent', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      section(
        `:speech_balloon: Saved as *${ref}*. The bot is posting it to the team's support channel and will message you the link; you will hear when it is answered.`,
      ),
    ],
  };
}
