import { z } from 'zod';
import { DEFAULT_REQUEST_TYPE_INPUTS } from './default-request-types.js';
import { requestTypesSchema } from './request-types.js';

/**
 * The team's taxonomy: label names and scales. Defaults are the handbook's values
 * (shared/DOMAIN.md); a policy file may override any of them, because teams rename
 * labels and change scales over time.
 */
const scaleEntry = z.object({ value: z.number().int().positive(), meaning: z.string().min(1) });
const priorityEntry = z.object({ value: z.string().min(1), meaning: z.string().min(1) });

export const taxonomySchema = z.strictObject({
  labels: z
    .strictObject({
      candidate: z.string().min(1).default('ProdSecEng Candidate'),
      team: z.string().min(1).default('team::Product Security Engineering'),
      seekingCommunity: z.string().min(1).default('Seeking community contributions'),
      appsec: z.string().min(1).optional(),
    })
    .prefault({}),
  workflow: z
    .strictObject({
      prefix: z.string().min(1).default('workflow::'),
      validationBacklog: z.string().min(1).default('validation backlog'),
      solutionValidation: z.string().min(1).default('solution validation'),
      readyForDevelopment: z.string().min(1).default('ready for development'),
      inDev: z.string().min(1).default('in dev'),
      inReview: z.string().min(1).default('in review'),
      blocked: z.string().min(1).default('blocked'),
      complete: z.string().min(1).default('complete'),
    })
    .prefault({}),
  weights: z
    .array(scaleEntry)
    .min(1)
    .default([
      { value: 1, meaning: 'Trivial, does not need any testing' },
      { value: 2, meaning: 'Small, needs some testing but nothing involved' },
      { value: 3, meaning: 'Medium, will take some time and collaboration' },
      { value: 4, meaning: 'Substantial, will take significant time and collaboration to finish' },
      { value: 5, meaning: 'Large, will take a major portion of the milestone to finish' },
    ]),
  priority: z
    .strictObject({
      prefix: z.string().min(1).default('ProdSecEngPriority::'),
      levels: z
        .array(priorityEntry)
        .min(1)
        .default([
          {
            value: '1',
            meaning: 'Needs immediate attention: next milestone, or the current one if there is capacity',
          },
          { value: '2', meaning: 'Essential, can wait a few milestones' },
          { value: '3', meaning: 'Nice to have, no committed timeline' },
        ]),
    })
    .prefault({}),
  metric: z
    .strictObject({
      prefix: z.string().min(1).default('ProdSecEngMetric::'),
      kinds: z
        .array(z.string().min(1))
        .min(1)
        .default([
          'ProdSecRequirement',
          'Defense in Depth',
          'Paved Road',
          'Tooling Integration',
          'Custom Tooling',
          'Sunsetting',
        ]),
      pending: z.string().min(1).default('Pending'),
    })
    .prefault({}),
  groupPrefix: z.string().min(1).default('group::'),
  refinementTimeboxMinutes: z.number().int().positive().default(60),
  /** What people can ask for (domain/request-types.ts); replaces the four defaults when given. */
  requestTypes: requestTypesSchema.prefault([...DEFAULT_REQUEST_TYPE_INPUTS]),
});

export type Taxonomy = z.infer<typeof taxonomySchema>;

export const defaultTaxonomy: Taxonomy = taxonomySchema.parse({});

export function workflowLabel(t: Taxonomy, state: keyof Omit<Taxonomy['workflow'], 'prefix'>): string {
  return `${t.workflow.prefix}${t.workflow[state]}`;
}

export function metricLabel(t: Taxonomy, kind: string): string {
  return `${t.metric.prefix}${kind}`;
}

export function priorityLabel(t: Taxonomy, value: string): string {
  return `${t.priority.prefix}${value}`;
}

/** Labels every new request carries. */
export function newRequestLabels(t: Taxonomy): string[] {
  return [t.labels.candidate, workflowLabel(t, 'validationBacklog'), metricLabel(t, t.metric.pending)];
}

export function maxWeight(t: Taxonomy): number {
  return Math.max(...t.weights.map((w) => w.value));
}

/** The scope of a scoped label (`a::b::c` → `a::b`), or undefined for a plain label. */
export function labelScope(label: string): string | undefined {
  const i = label.lastIndexOf('::');
  return i > 0 ? label.slice(0, i) : undefined;
}

export function findScoped(labels: readonly string[], prefix: string): string | undefined {
  return labels.find((l) => l.startsWith(prefix));
}
