import { findRequestType, type RequestType } from '../domain/request-types.js';
import type { RawValue } from '../domain/typed-request.js';

/** A field id as a Workflow Builder input name: `mergeRequests` → `merge_requests`. */
export function workflowInputName(fieldId: string): string {
  return fieldId.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export type WorkflowStepRequest =
  | { ok: true; type: RequestType; requesterId: string; values: Record<string, RawValue> }
  | { ok: false; error: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The inputs of the custom step `file_prodsec_request` (manifest.yml) as the raw values the form
 * would send: the type, the requester, then each field from its own input (the default types) or
 * from `fields_json` (a policy type's fields, keyed by field id). Failures read as the step's error.
 */
export function readWorkflowStepInputs(
  inputs: Readonly<Record<string, unknown>>,
  types: readonly RequestType[],
): WorkflowStepRequest {
  const typeId = str(inputs.request_type)?.trim() ?? '';
  const type = findRequestType(types, typeId);
  if (!type)
    return {
      ok: false,
      error: `Unknown request type "${typeId.slice(0, 40)}". The types are: ${types.map((t) => t.id).join(', ')}.`,
    };
  const requesterId = str(inputs.requester)?.trim() ?? '';
  if (!/^[UW][A-Z0-9]{2,30}$/.test(requesterId))
    return { ok: false, error: 'The requester must be a Slack user.' };
  let extra: Record<string, unknown> = {};
  const json = str(inputs.fields_json)?.trim();
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      extra = parsed as Record<string, unknown>;
    } catch {
      return { ok: false, error: 'Other fields (fields_json) must be a JSON object keyed by field id.' };
    }
  }
  const values: Record<string, RawValue> = {};
  const title = str(inputs.title) ?? str(extra.title);
  if (title !== undefined) values.title = title;
  for (const field of type.fields) {
    const v = inputs[workflowInputName(field.id)] ?? extra[field.id];
    if (typeof v === 'string') values[field.id] = v;
    else if (Array.isArray(v)) values[field.id] = v.filter((x): x is string => typeof x === 'string');
  }
  const confidential = (str(inputs.confidential) ?? '').trim().toLowerCase();
  if (confidential === 'true' || confidential === 'yes') values.confidential = true;
  else if (confidential === 'false' || confidential === 'no') values.confidential = false;
  else if (confidential !== '')
    return { ok: false, error: 'Confidential must be true or false (or empty for the type default).' };
  return { ok: true, type, requesterId, values };
}

/** Field errors as one line for `functions.completeError`: `Needed by: … · Title: …`. */
export function describeFieldErrors(type: RequestType, errors: Readonly<Record<string, string>>): string {
  const label = (key: string) =>
    key === 'title' ? 'Title' : (type.fields.find((f) => f.id === key)?.label ?? key);
  return Object.entries(errors)
    .map(([key, message]) => `${label(key)}: ${message}`)
    .join(' · ');
}
