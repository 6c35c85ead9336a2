import type { Issue } from './issue.js';
import { type Taxonomy, workflowLabel } from './taxonomy.js';

/** The changes a requester is told about: closed, refined (ready for development), or in development. */
export type Progress = 'closed' | 'readyForDevelopment' | 'inDev';

/** Where a filed issue stands, in the terms a requester is told about; undefined when none applies. */
export function progressOf(issue: Issue, t: Taxonomy): Progress | undefined {
  if (issue.state === 'closed') return 'closed';
  if (issue.labels.includes(workflowLabel(t, 'inDev'))) return 'inDev';
  if (issue.labels.includes(workflowLabel(t, 'readyForDevelopment'))) return 'readyForDevelopment';
  return undefined;
}
