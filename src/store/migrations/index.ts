import { m001Core } from './001-core.js';
import { m002Candidates } from './002-candidates.js';
import { m003Refinement } from './003-refinement.js';
import { m004Digests } from './004-digests.js';
import { m005Escalations } from './005-escalations.js';
import { m006Ops } from './006-ops.js';
import { m007Identity } from './007-identity.js';
import { m008Webhooks } from './008-webhooks.js';
import { m009RequestTypes } from './009-request-types.js';
import { m010RequestsByIssue } from './010-requests-by-issue.js';
import { m011WorkflowSteps } from './011-workflow-steps.js';
import { m012RequestsByIssuePartial } from './012-requests-by-issue-partial.js';

export interface Migration {
  version: number;
  sql: string;
}

/** Numbered migrations, applied in order at start-up. Add a file per change; never edit an applied one. */
export const migrations: Migration[] = [
  m001Core,
  m002Candidates,
  m003Refinement,
  m004Digests,
  m005Escalations,
  m006Ops,
  m007Identity,
  m008Webhooks,
  m009RequestTypes,
  m010RequestsByIssue,
  m011WorkflowSteps,
  m012RequestsByIssuePartial,
];
