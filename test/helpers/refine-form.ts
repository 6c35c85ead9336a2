import { ids } from '../../src/slack/ids.js';
import type { Harness } from './harness.js';
import { viewSubmissionPayload, waitFor } from './slack-request.js';

const blockIds = ids.refine.blocks;
const actionIdRef = ids.refine.action;

export interface RefineInput {
  goal?: string;
  definitionOfDone?: string;
  breakdown?: 'no' | 'split' | 'epic' | null;
  breakdownNote?: string;
  solution?: string;
  validation?: 'yes' | 'no' | null;
  weight?: string | null;
  priority?: string | null;
  metric?: string | null;
}

/** `view.state.values` of the refinement checklist as Slack would send it. */
export function refineValues(input: RefineInput = {}) {
  const f = {
    goal: 'Stop secrets leaking through CI logs.',
    definitionOfDone: 'Masked variables cannot be printed by any job.',
    breakdown: 'no' as const,
    breakdownNote: '',
    solution: 'Mask at the runner level.',
    validation: 'no' as const,
    weight: '3',
    priority: '1',
    metric: 'Paved Road',
    ...input,
  };
  const text = (value: string) => ({ [actionIdRef]: { type: 'plain_text_input', value } });
  const pick = (type: string, value: string | null) => ({
    [actionIdRef]: { type, selected_option: value === null ? null : { value } },
  });
  return {
    [blockIds.goal]: text(f.goal),
    [blockIds.definitionOfDone]: text(f.definitionOfDone),
    [blockIds.breakdown]: pick('radio_buttons', f.breakdown),
    [blockIds.breakdownNote]: text(f.breakdownNote),
    [blockIds.solution]: text(f.solution),
    [blockIds.needsSolutionValidation]: pick('radio_buttons', f.validation),
    [blockIds.weight]: pick('static_select', f.weight),
    [blockIds.priority]: pick('static_select', f.priority),
    [blockIds.metric]: pick('static_select', f.metric),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of views
export type AnyView = any;

/** Runs `/prodsec refine <ref>` and waits for the checklist (or a notice) to replace the loading view. */
export async function openChecklist(h: Harness, ref: string, user = 'UTEAM'): Promise<AnyView> {
  const before = h.slack.views.length;
  const res = await h.command(`refine ${ref}`, { user });
  if (res.status !== 200) throw new Error(`command answered ${res.status}`);
  const update = await waitFor(
    () => h.slack.views.slice(before).find((v) => v.kind === 'update'),
    5000,
    'the checklist',
  );
  return update.view;
}

export function finishPayload(view: AnyView, input: RefineInput = {}, user = 'UTEAM') {
  return viewSubmissionPayload({
    callbackId: ids.refine.callbackId,
    viewId: view.id,
    values: refineValues(input),
    privateMetadata: view.private_metadata,
    userId: user,
  });
}

export async function saveProgress(h: Harness, view: AnyView, input: RefineInput = {}, user = 'UTEAM') {
  return h.action({
    actionId: ids.refine.saveButton,
    blockId: blockIds.save,
    value: String(JSON.parse(view.private_metadata).id),
    userId: user,
    view: { ...view, state: { values: refineValues(input) } },
  });
}

/** Texts of the sections and contexts of a view or message. */
export function textOf(blocks: AnyView[]): string {
  return JSON.stringify(blocks);
}

/** The last views.update of `viewId` after index `from`. */
export async function nextUpdate(
  h: Harness,
  viewId: string,
  from: number,
  label = 'views.update',
): Promise<AnyView> {
  const v = await waitFor(
    () => h.slack.views.slice(from).find((x) => x.kind === 'update' && x.id === viewId),
    5000,
    label,
  );
  return v.view;
}
