import { z } from 'zod';
import { DEFAULT_REQUEST_TYPE_INPUTS, SUPPORT_TARGET } from './default-request-types.js';

/**
 * Request types as policy: what people can ask the team for, where each kind lands and which form
 * it takes. The four defaults follow the handbook (shared/DOMAIN.md, "Kinds of request"); a policy
 * file's `requestTypes` replaces them, and an entry that names a default id (`{ id: review, ... }`)
 * keeps that default and overrides only the keys it gives.
 */
export const FIELD_KINDS = [
  'short_text',
  'long_text',
  'url',
  'urls',
  'select',
  'date',
  'users',
  'merge_request',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Kinds typed as free text in the form (a plain_text_input). */
export const TEXT_KINDS: readonly FieldKind[] = ['short_text', 'long_text', 'url', 'urls', 'merge_request'];

/** Every form also has a title (for types that file an issue) and a visibility box: their ids are taken. */
export const RESERVED_FIELD_IDS = ['title', 'confidential', 'type'] as const;

const optionSchema = z
  .union([
    z.string().trim().min(1),
    z.strictObject({ value: z.string().trim().min(1), label: z.string().trim().min(1) }),
  ])
  .transform((o) => (typeof o === 'string' ? { value: o, label: o } : o));

export const requestFieldSchema = z
  .strictObject({
    id: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9_]{0,39}$/,
        'must start with a letter and hold only letters, digits and _ (at most 40)',
      )
      .refine((id) => !(RESERVED_FIELD_IDS as readonly string[]).includes(id), {
        message: `is reserved (${RESERVED_FIELD_IDS.join(', ')} are part of every form)`,
      }),
    kind: z.enum(FIELD_KINDS, { error: `must be one of ${FIELD_KINDS.join(', ')}` }),
    label: z.string().trim().min(1),
    required: z.boolean().default(false),
    hint: z.string().trim().min(1).optional(),
    placeholder: z.string().trim().min(1).optional(),
    /** The message shown when a required field is left empty. */
    requiredMessage: z.string().trim().min(1).optional(),
    /** Longest accepted text (text kinds); longer input is cut with a marker. */
    max: z.number().int().positive().optional(),
    options: z.array(optionSchema).min(1).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.kind === 'select' && !f.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs options' });
    if (f.kind !== 'select' && f.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'only select fields take options' });
    if (f.max !== undefined && !TEXT_KINDS.includes(f.kind))
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'only text fields take a max' });
    if (f.options) {
      const seen = new Set<string>();
      for (const [i, o] of f.options.entries()) {
        if (seen.has(o.value))
          ctx.addIssue({ code: 'custom', path: ['options', i], message: `duplicate option "${o.value}"` });
        seen.add(o.value);
      }
    }
  });

export type RequestField = z.output<typeof requestFieldSchema>;

/** `internal`, `product`, `support`, or a `group/project` path (checked against the scope at start-up). */
const PROJECT_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)+$/;

export const requestTypeSchema = z
  .strictObject({
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,39}$/,
        'must be lower-case letters, digits and -, starting with a letter (at most 40)',
      ),
    name: z.string().trim().min(1),
    description: z.string().trim().min(1),
    target: z
      .string()
      .trim()
      .refine((t) => t === 'internal' || t === 'product' || t === SUPPORT_TARGET || PROJECT_PATH.test(t), {
        message: 'must be internal, product, support or a group/project path',
      }),
    labels: z.array(z.string().trim().min(1)).default([]),
    confidential: z.boolean().default(true),
    notifyChannel: z
      .string()
      .regex(/^[CG][A-Z0-9]{2,30}$/, 'must be a Slack channel id such as C0123ABCD')
      .optional(),
    /** Team members may Claim a request of this type from its announcement. */
    claimable: z.boolean().default(false),
    /** The date field that sets the issue's due date (so it may not be in the past). */
    dueDateField: z.string().optional(),
    fields: z.array(requestFieldSchema).min(1),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    for (const [i, f] of t.fields.entries()) {
      if (seen.has(f.id))
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'id'], message: `duplicate field id "${f.id}"` });
      seen.add(f.id);
    }
    if (t.dueDateField !== undefined && !t.fields.some((f) => f.id === t.dueDateField && f.kind === 'date'))
      ctx.addIssue({
        code: 'custom',
        path: ['dueDateField'],
        message: 'must name a date field of this type',
      });
    if (t.claimable && t.target === SUPPORT_TARGET)
      ctx.addIssue({
        code: 'custom',
        path: ['claimable'],
        message: 'support questions are answered, not claimed',
      });
  });

export type RequestType = z.output<typeof requestTypeSchema>;
export type RequestTypeInput = z.input<typeof requestTypeSchema>;

export type FieldInput = z.input<typeof requestFieldSchema>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `requestTypes` in the policy file: replaces the defaults; an entry with a default's id is merged
 * over that default (keys given replace the default's, `fields` as a whole). Every bad value is
 * reported with its path (`requestTypes.2.fields.0.kind`).
 */
export const requestTypesSchema = z
  .array(z.unknown())
  .min(1, 'must list at least one request type')
  .max(100, 'at most 100 request types fit the type picker')
  .transform((entries, ctx) => {
    const types: RequestType[] = [];
    const ids = new Set<string>();
    for (const [i, entry] of entries.entries()) {
      const base = isObject(entry) ? DEFAULT_REQUEST_TYPE_INPUTS.find((d) => d.id === entry.id) : undefined;
      const result = requestTypeSchema.safeParse(base && isObject(entry) ? { ...base, ...entry } : entry);
      if (!result.success) {
        for (const issue of result.error.issues)
          ctx.addIssue({ code: 'custom', message: issue.message, path: [i, ...issue.path] });
        continue;
      }
      if (ids.has(result.data.id))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate request type id "${result.data.id}"`,
          path: [i, 'id'],
        });
      ids.add(result.data.id);
      types.push(result.data);
    }
    return types;
  });

export const DEFAULT_REQUEST_TYPES: readonly RequestType[] = requestTypesSchema.parse([
  ...DEFAULT_REQUEST_TYPE_INPUTS,
]);

export function findRequestType(types: readonly RequestType[], id: string): RequestType | undefined {
  const wanted = id.trim().toLowerCase();
  return types.find((t) => t.id === wanted);
}

/** Support questions are posted to SUPPORT_CHANNEL and tracked; every other type files an issue. */
export function filesIssue(type: RequestType): boolean {
  return type.target !== SUPPORT_TARGET;
}

/** The date field that sets the issue's due date, if the type has one. */
export function dueDateFieldOf(type: RequestType): RequestField | undefined {
  return type.dueDateField ? type.fields.find((f) => f.id === type.dueDateField) : undefined;
}

/** The projects the bot covers: the two configured projects and every project under GITLAB_GROUPS. */
export interface RequestScope {
  internalProject: string;
  productProject: string;
  groups: readonly string[];
}

// NOTE: GitLab paths are case-insensitive, so scope checks compare lower-cased paths.
const canonical = (path: string) =>
  path
    .trim()
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase();

export function isProjectInScope(project: string, scope: RequestScope): boolean {
  const p = canonical(project);
  if (p.length === 0) return false;
  if (p === canonical(scope.internalProject) || p === canonical(scope.productProject)) return true;
  return scope.groups.some((g) => canonical(g).length > 0 && p.startsWith(`${canonical(g)}/`));
}

export function describeRequestScope(scope: RequestScope): string {
  const parts = [scope.internalProject, scope.productProject];
  if (scope.groups.length > 0) parts.push(`projects under ${scope.groups.join(', ')}`);
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The GitLab project a type files into, or undefined for support questions. */
export function projectForType(
  type: RequestType,
  projects: { internal: string; product: string },
): string | undefined {
  if (type.target === SUPPORT_TARGET) return undefined;
  if (type.target === 'internal') return projects.internal;
  if (type.target === 'product') return projects.product;
  return type.target;
}

/** Problems (`requestTypes.<i>.target: …`) with targets outside the scope; checked at start-up. */
export function checkRequestTypeTargets(types: readonly RequestType[], scope: RequestScope): string[] {
  const problems: string[] = [];
  for (const [i, t] of types.entries()) {
    const project = projectForType(t, { internal: scope.internalProject, product: scope.productProject });
    if (project !== undefined && !isProjectInScope(project, scope))
      problems.push(
        `requestTypes.${i}.target: ${t.target} is outside the projects the bot covers (${describeRequestScope(scope)})`,
      );
  }
  return problems;
}
