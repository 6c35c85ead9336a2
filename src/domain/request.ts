import { z } from 'zod';
import { neutralizeMentions, neutralizeQuickActions } from './gitlab-text.js';
import { isHttpUrl } from './issue-ref.js';

export type RequestKind = 'internal' | 'product';

export const REQUEST_KINDS: Record<RequestKind, string> = {
  internal: 'AppSec automation (internal tooling)',
  product: 'Product security enhancement / paved road',
};

// NOTE: GitLab rejects issue titles longer than 255 characters.
export const TITLE_MAX = 255;
export const LONG_TEXT_MAX = 3000;

const text = (label: string, max = LONG_TEXT_MAX) =>
  z
    .string()
    .trim()
    .min(1, `Please describe the ${label}.`)
    .max(max, `Please keep the ${label} under ${max} characters.`);

export const requestFieldsSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'Please give the request a title.')
      .max(TITLE_MAX, `GitLab titles are at most ${TITLE_MAX} characters; please shorten it.`),
    kind: z.enum(['internal', 'product'], { error: 'Please choose the kind of request.' }),
    problem: text('problem'),
    currentProcess: z
      .string()
      .trim()
      .max(LONG_TEXT_MAX, `Please keep this under ${LONG_TEXT_MAX} characters.`),
    desiredOutcome: text('desired outcome'),
    definitionOfDone: text('definition of done'),
    requestingTeam: text('requesting team', 200),
    links: z
      .string()
      .trim()
      .max(LONG_TEXT_MAX, `Please keep the links under ${LONG_TEXT_MAX} characters.`)
      .transform((s) => s.split(/[\s,]+/).filter((l) => l.length > 0))
      .superRefine((links, ctx) => {
        const bad = links.find((l) => !isHttpUrl(l));
        if (bad)
          ctx.addIssue({
            code: 'custom',
            message: `"${bad.slice(0, 80)}" is not a link (http:// or https://).`,
          });
      }),
    confidential: z.boolean(),
  })
  .superRefine((f, ctx) => {
    // An automation request must show the manual process and its cost (the handbook's criteria).
    if (f.kind === 'internal' && f.currentProcess.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['currentProcess'],
        message:
          'Automation requests need the current manual process and what it costs (how often, how long).',
      });
    }
  });

export type RequestFields = z.output<typeof requestFieldsSchema>;
export type RequestFieldName = keyof RequestFields;

export type FieldErrors = Partial<Record<RequestFieldName, string>>;

/** Validates raw form values; returns the fields or one readable message per bad field. */
export function validateRequestFields(
  raw: Record<string, unknown>,
): { ok: true; fields: RequestFields } | { ok: false; errors: FieldErrors } {
  const result = requestFieldsSchema.safeParse(raw);
  if (result.success) return { ok: true, fields: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path[0] as RequestFieldName | undefined;
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return { ok: false, errors };
}

/** Which GitLab project a kind of request goes to. */
export function projectFor(kind: RequestKind, projects: { internal: string; product: string }): string {
  return kind === 'internal' ? projects.internal : projects.product;
}

/** The GitLab issue description for a request: headed sections, user text unable to run quick actions. */
export function buildRequestDescription(
  fields: RequestFields,
  meta: { ref: string; requester: string; marker: string },
): string {
  // User text: no quick action, no live mention (`@all`, `@group/sub`, `@user` would notify as the bot).
  const section = (heading: string, body: string) =>
    `## ${heading}\n\n${neutralizeQuickActions(neutralizeMentions(body))}\n`;
  const parts = [
    section('Problem', fields.problem),
    section('Current manual process and its cost', fields.currentProcess || '_Not given._'),
    section('Desired outcome', fields.desiredOutcome),
    section('Definition of done', fields.definitionOfDone),
    section('Requesting team', fields.requestingTeam),
  ];
  if (fields.links.length > 0) {
    parts.push(`## Links\n\n${fields.links.map((l) => `- <${l}>`).join('\n')}\n`);
  }
  parts.push(
    `---\n\n_Filed from Slack through prodsec-bot as ${meta.ref} for Slack user ${meta.requester}._\n\n<!-- ${meta.marker} -->\n`,
  );
  return parts.join('\n');
}
