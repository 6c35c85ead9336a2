import type { ViewOutput } from '@slack/bolt';

type StateValue = ViewOutput['state']['values'][string][string];

/** Reads `view.state.values[block][action]` into something plain: text, a selected value, or checked values. */
export function readValue(view: ViewOutput, blockId: string, actionId: string): StateValue | undefined {
  return view.state.values[blockId]?.[actionId];
}

export function readText(view: ViewOutput, blockId: string, actionId: string): string {
  const v = readValue(view, blockId, actionId);
  return typeof v?.value === 'string' ? v.value : '';
}

export function readSelected(view: ViewOutput, blockId: string, actionId: string): string | undefined {
  return readValue(view, blockId, actionId)?.selected_option?.value ?? undefined;
}

export function readChecked(view: ViewOutput, blockId: string, actionId: string): string[] {
  return (readValue(view, blockId, actionId)?.selected_options ?? []).map((o) => o.value);
}

export function readMetadata<T>(view: ViewOutput, fallback: T): T {
  try {
    return view.private_metadata ? (JSON.parse(view.private_metadata) as T) : fallback;
  } catch {
    return fallback;
  }
}
