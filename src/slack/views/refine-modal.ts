import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import {
  BREAKDOWNS,
  formatMinutes,
  isOverTimebox,
  metricKinds,
  minutesBetween,
  PRIORITY_NONE,
  type RefinementDraft,
  TEXT_MAX,
  WEIGHT_OVER,
} from '../../domain/refinement.js';
import { maxWeight, type Taxonomy } from '../../domain/taxonomy.js';
import type { RefinementRecord } from '../../store/refinements-repo.js';
import { context, plain, section } from '../blocks.js';
import { link, safeText } from '../escape.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';

const blockIds = ids.refine.blocks;
const actionId = ids.refine.action;

export const refineModalMetadataSchema = z.object({
  /** The refinement (draft) row. */
  id: z.number().int().positive(),
  /** Fingerprint of the labels when the checklist was opened. */
  labelsFingerprint: z.string(),
});
export type RefineModalMetadata = z.infer<typeof refineModalMetadataSchema>;

export interface RefineModalInput {
  record: RefinementRecord;
  taxonomy: Taxonomy;
  now: number;
  fingerprint: string;
  /** One line on top, e.g. "Progress saved". */
  notice?: string;
}

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text), value });

/** Every checklist question is an optional input block; what differs is its element. */
function input(blockId: string, label: string, element: Record<string, unknown>, hint?: string): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label, 2000),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: { action_id: actionId, ...element },
  } as KnownBlock;
}

function textInput(blockId: string, label: string, value: string, max: number, hint?: string): KnownBlock {
  return input(
    blockId,
    label,
    {
      type: 'plain_text_input',
      multiline: true,
      max_length: max,
      ...(value ? { initial_value: value.slice(0, max) } : {}),
    },
    hint,
  );
}

function choice(
  blockId: string,
  label: string,
  kind: 'radio_buttons' | 'static_select',
  options: PlainTextOption[],
  selected: string | null,
  hint?: string,
): KnownBlock {
  const initial = options.find((o) => o.value === selected);
  return input(
    blockId,
    label,
    {
      type: kind,
      options,
      ...(kind === 'static_select' ? { placeholder: plain('Choose…') } : {}),
      ...(initial ? { initial_option: initial } : {}),
    },
    hint,
  );
}

export function weightOptions(t: Taxonomy): PlainTextOption[] {
  const max = maxWeight(t);
  return [
    ...t.weights.map((w) => option(`${w.value} · ${w.meaning}`, String(w.value))),
    option(`More than ${max}: too big, needs breaking down`, WEIGHT_OVER),
  ].slice(0, 100);
}

function checklist(d: RefinementDraft, t: Taxonomy): KnownBlock[] {
  const yesNo = [option('Yes: check it with the owning teams', 'yes'), option('No', 'no')];
  const validation = d.needsSolutionValidation === null ? null : d.needsSolutionValidation ? 'yes' : 'no';
  const priorities = [
    ...t.priority.levels.map((l) => option(`${l.value} · ${l.meaning}`, l.value)),
    option('No priority', PRIORITY_NONE),
  ].slice(0, 100);
  const metrics = metricKinds(t)
    .map((k) => option(k, k))
    .slice(0, 100);
  return [
    textInput(
      blockIds.goal,
      '1. Goal understood',
      d.goal,
      TEXT_MAX.goal,
      'Restate in a sentence or two what it tries to accomplish.',
    ),
    textInput(
      blockIds.definitionOfDone,
      '2. Definition of done (required to finish)',
      d.definitionOfDone,
      TEXT_MAX.definitionOfDone,
    ),
    choice(
      blockIds.breakdown,
      '3. Break it down?',
      'radio_buttons',
      Object.entries(BREAKDOWNS).map(([value, text]) => option(text, value)),
      d.breakdown,
    ),
    textInput(
      blockIds.breakdownNote,
      'Break-down note',
      d.breakdownNote,
      TEXT_MAX.breakdownNote,
      'Which issues or epic?',
    ),
    textInput(blockIds.solution, '4. Proposed solution', d.solution, TEXT_MAX.solution),
    choice(
      blockIds.needsSolutionValidation,
      'Needs solution validation with other teams?',
      'radio_buttons',
      yesNo,
      validation,
    ),
    choice(
      blockIds.weight,
      '5. Weight (required to finish)',
      'static_select',
      weightOptions(t),
      d.weight,
      `Effort, used in aggregate. Above ${maxWeight(t)}: break it down into several issues or an epic.`,
    ),
    choice(blockIds.priority, '6. Priority', 'static_select', priorities, d.priority),
    choice(blockIds.metric, '7. Metric label', 'static_select', metrics, d.metric),
  ];
}

function status(input: RefineModalInput): KnownBlock[] {
  const { record: r, taxonomy: t, now } = input;
  const minutes = minutesBetween(r.startedAt, now);
  const lines = [
    `Started by <@${r.startedBy}> ${formatMinutes(minutes)} ago · timebox ${t.refinementTimeboxMinutes} min`,
  ];
  if (r.savedAt && r.savedBy)
    lines.push(`last saved by <@${r.savedBy}> ${formatMinutes(minutesBetween(r.savedAt, now))} ago`);
  const blocks: KnownBlock[] = [context(lines.join(' · '))];
  if (isOverTimebox(r.startedAt, now, t)) {
    blocks.push(
      section(
        `:hourglass: *Over the timebox*: this refinement has been open ${formatMinutes(minutes)}, longer than the ` +
          `handbook's ${t.refinementTimeboxMinutes} minutes. Wrap up, or consider breaking the issue down.`,
      ),
    );
  }
  return blocks;
}

/** The refinement checklist: the issue on top, the handbook's steps, Save progress, and Finish. */
export function buildRefineModal(input: RefineModalInput): ModalView {
  const { record: r } = input;
  const meta: RefineModalMetadata = { id: r.id, labelsFingerprint: input.fingerprint };
  const labels =
    r.labels.length > 0 ? r.labels.map((l) => `\`${safeText(l, 100)}\``).join(' ') : '_no labels_';
  return {
    type: 'modal',
    callback_id: ids.refine.callbackId,
    title: plain('Refine issue', LIMITS.modalTitle),
    submit: plain('Finish', LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta),
    blocks: [
      ...(input.notice ? [section(input.notice)] : []),
      section(`*${link(r.issueUrl, r.issueRef)}*\n${safeText(r.title, 500)}\n${labels}`),
      ...status(input),
      { type: 'divider' },
      ...checklist(r.draft, input.taxonomy),
      {
        type: 'actions',
        block_id: blockIds.save,
        elements: [
          {
            type: 'button',
            action_id: ids.refine.saveButton,
            text: plain('Save progress'),
            value: String(r.id),
          },
        ],
      },
      context(
        '*Finish* checks the definition of ready, then writes weight, labels and a summary note to GitLab.',
      ),
    ],
  };
}
