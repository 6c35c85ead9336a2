import { normalizeNewlines, truncate } from './gitlab-text.js';
import { gitlabPathOf, isHttpUrl, PROJECT_PATH } from './issue-ref.js';
import { LONG_TEXT_MAX, TITLE_MAX } from './request.js';
import {
  describeRequestScope,
  dueDateFieldOf,
  filesIssue,
  isProjectInScope,
  type RequestField,
  type RequestScope,
  type RequestType,
} from './request-types.js';

/** One GitLab merge request named in a request. */
export interface MergeRequestLink {
  project: string;
  iid: number;
  url: string;
}

/**
 * A validated field value: text kinds, `url`, `select` (the option value) and `date` (YYYY-MM-DD)
 * are strings ('' or null when left empty); `urls` and `users` are lists; `merge_request` is a list
 * of parsed links.
 */
export type FieldValue = string | null | string[] | MergeRequestLink[];

export interface TypedRequest {
  typeId: string;
  /** The issue title; '' for a type that files no issue. */
  title: string;
  confidential: boolean;
  values: Record<string, FieldValue>;
}

/** What the form (or a workflow step) sent: text, a selected value, a list, or the visibility box. */
export type RawValue = string | string[] | boolean | null | undefined;

export interface TypedValidationContext {
  /** Today as YYYY-MM-DD in the team's time zone (injected, so tests pick the day). */
  today: string;
  scope: RequestScope;
  gitlabUrl: string;
}

export type TypedValidation =
  | { ok: true; request: TypedRequest }
  | { ok: false; errors: Record<string, string> };

/** A cut text carries this marker, so the reader knows something was left out. */
export const CUT_MARKER = '… (cut)';
export const SHORT_TEXT_MAX = 255;
const MAX_LIST_ITEMS = 20;

const PATH = PROJECT_PATH;

/**
 * Parses a merge request link (`https://gitlab.example.com/group/project/-/merge_requests/12`,
 * also with `/diffs`, a query or an anchor) or a short reference (`group/project!12`). A URL must be
 * on the configured GitLab.
 */
export function parseMergeRequestLink(input: string, gitlabUrl: string): MergeRequestLink | undefined {
  const text = input.trim().replace(/^<|>$/g, '').split('|')[0]?.trim() ?? '';
  const base = new URL(gitlabUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const canonicalUrl = (project: string, iid: number) =>
    `${base.origin}${basePath}/${project}/-/merge_requests/${iid}`;
  const short = new RegExp(`^(${PATH})!(\\d{1,9})$`).exec(text);
  if (short?.[1] && short[2]) {
    const iid = Number(short[2]);
    return { project: short[1], iid, url: canonicalUrl(short[1], iid) };
  }
  const path = gitlabPathOf(text, gitlabUrl);
  if (path === undefined) return undefined;
  const m = new RegExp(`^/(${PATH})/-/merge_requests/(\\d{1,9})(?:/[a-z_]*)?/?$`).exec(path);
  if (!m?.[1] || !m[2]) return undefined;
  const iid = Number(m[2]);
  return { project: m[1], iid, url: canonicalUrl(m[1], iid) };
}

const lowerFirst = (label: string) =>
  /^[A-Z][a-z]/.test(label) ? label[0]?.toLowerCase() + label.slice(1) : label;

const asText = (raw: RawValue): string => {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.join('\n');
  return '';
};

const splitList = (raw: RawValue): string[] =>
  (Array.isArray(raw) ? raw : asText(raw).split(/[\s,]+/)).map((s) => s.trim()).filter((s) => s.length > 0);

const isIsoDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

type FieldResult = { value: FieldValue } | { error: string };

function emptyMessage(field: RequestField): string {
  if (field.requiredMessage) return field.requiredMessage;
  switch (field.kind) {
    case 'select':
    case 'date':
    case 'users':
      return `Please choose the ${lowerFirst(field.label)}.`;
    case 'url':
    case 'urls':
      return `Please add a link for the ${lowerFirst(field.label)}.`;
    case 'merge_request':
      return 'Please link at least one merge request.';
    default:
      return `Please describe the ${lowerFirst(field.label)}.`;
  }
}

function validateField(
  field: RequestField,
  raw: RawValue,
  ctx: TypedValidationContext,
  isDueDate: boolean,
): FieldResult {
  const empty = (value: FieldValue): FieldResult =>
    field.required ? { error: emptyMessage(field) } : { value };
  switch (field.kind) {
    case 'short_text':
    case 'long_text': {
      const text = normalizeNewlines(asText(raw)).trim();
      if (text.length === 0) return empty('');
      const max = field.max ?? (field.kind === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX);
      return { value: truncate(text, max, CUT_MARKER) };
    }
    case 'url': {
      const text = asText(raw).trim();
      if (text.length === 0) return empty('');
      if (!isHttpUrl(text)) return { error: `"${text.slice(0, 80)}" is not a link (http:// or https://).` };
      return { value: text };
    }
    case 'urls': {
      const links = splitList(raw);
      if (links.length === 0) return empty([]);
      const bad = links.find((l) => !isHttpUrl(l));
      if (bad) return { error: `"${bad.slice(0, 80)}" is not a link (http:// or https://).` };
      if (links.length > MAX_LIST_ITEMS) return { error: `Please give at most ${MAX_LIST_ITEMS} links.` };
      return { value: links };
    }
    case 'merge_request': {
      const items = splitList(raw);
      if (items.length === 0) return empty([]);
      if (items.length > MAX_LIST_ITEMS)
        return { error: `Please give at most ${MAX_LIST_ITEMS} merge requests.` };
      const links: MergeRequestLink[] = [];
      for (const item of items) {
        const mr = parseMergeRequestLink(item, ctx.gitlabUrl);
        if (!mr)
          return {
            error: `"${item.slice(0, 80)}" is not a merge request link on ${ctx.gitlabUrl} (…/group/project/-/merge_requests/12 or group/project!12).`,
          };
        if (!isProjectInScope(mr.project, ctx.scope))
          return {
            error: `${mr.project}!${mr.iid} is outside the projects the team covers (${describeRequestScope(ctx.scope)}).`,
          };
        if (!links.some((l) => l.url === mr.url)) links.push(mr);
      }
      return { value: links };
    }
    case 'select': {
      const value = asText(raw).trim();
      if (value.length === 0) return empty(null);
      if (!field.options?.some((o) => o.value === value))
        return { error: 'Please choose one of the options.' };
      return { value };
    }
    case 'date': {
      const value = asText(raw).trim();
      if (value.length === 0) return empty(null);
      if (!isIsoDate(value)) return { error: 'Please pick a date (YYYY-MM-DD).' };
      // NOTE: YYYY-MM-DD strings compare in date order.
      if (isDueDate && value < ctx.today)
        return { error: `${field.label} cannot be in the past; please pick today or later.` };
      return { value };
    }
    case 'users': {
      const users = splitList(raw);
      if (users.length === 0) return empty([]);
      if (users.some((u) => !/^[UW][A-Z0-9]{2,30}$/.test(u)))
        return { error: 'Please pick people from Slack.' };
      if (users.length > MAX_LIST_ITEMS) return { error: `Please pick at most ${MAX_LIST_ITEMS} people.` };
      return { value: [...new Set(users)] };
    }
  }
}

/**
 * Validates a request of any type from raw values keyed by field id (plus `title` and
 * `confidential`). Returns the typed request, or one readable message per bad field, keyed by field id.
 * Long text is cut with a marker instead of refused: a workflow step has no length limit.
 */
export function validateTypedRequest(
  type: RequestType,
  raw: Readonly<Record<string, RawValue>>,
  ctx: TypedValidationContext,
): TypedValidation {
  const errors: Record<string, string> = {};
  const values: Record<string, FieldValue> = {};
  let title = '';
  if (filesIssue(type)) {
    title = normalizeNewlines(asText(raw.title)).replace(/\n+/g, ' ').trim();
    if (title.length === 0) errors.title = 'Please give the request a title.';
    else title = truncate(title, TITLE_MAX, CUT_MARKER);
  }
  const dueField = dueDateFieldOf(type);
  for (const field of type.fields) {
    const result = validateField(field, raw[field.id], ctx, field === dueField);
    if ('error' in result) errors[field.id] = result.error;
    else values[field.id] = result.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const confidential = typeof raw.confidential === 'boolean' ? raw.confidential : type.confidential;
  return { ok: true, request: { typeId: type.id, title, confidential, values } };
}

/**
 * Starting values of the form when a support question is converted into another type: the title
 * from the question's first line, the question and its context in the target's first two long-text
 * fields (the whole question in the first if there is only one).
 */
export function supportConversionValues(
  question: string,
  context: string,
  target: RequestType,
): Record<string, string> {
  const firstLine = normalizeNewlines(question).split('\n')[0]?.trim() ?? '';
  const values: Record<string, string> = { title: truncate(firstLine, 120, '…') };
  const longFields = target.fields.filter((f) => f.kind === 'long_text');
  const [first, second] = longFields;
  if (first) values[first.id] = second || !context ? question : `${question}\n\n${context}`;
  if (second && context) values[second.id] = context;
  return values;
}
