import type { Issue } from '../../src/domain/issue.js';
import { emptyDraft } from '../../src/domain/refinement.js';
import type { RefinementRecord } from '../../src/store/refinements-repo.js';
import type { RequestRecord } from '../../src/store/requests-repo.js';

/** Text people typed that would ping everyone or disguise a link if it reached Slack unescaped. */
export const HOSTILE = '<!channel> <@U999> <https://evil.test|innocent>';

export function anIssue(over: Partial<Issue> = {}): Issue {
  return {
    projectId: 1,
    iid: 12,
    ref: 'group/product#12',
    title: 'Mask secrets',
    description: '',
    state: 'opened',
    labels: [],
    confidential: false,
    weight: null,
    assignees: [],
    author: 'alice',
    milestone: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    closedAt: null,
    webUrl: 'https://gitlab.test/group/product/-/issues/12',
    ...over,
  };
}

export function aRequest(over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 3,
    ref: 'R-3',
    sourceKey: 's',
    kind: 'internal',
    title: 'Scan containers',
    typeId: null,
    typed: null,
    supportThreadUrl: null,
    fields: {
      title: 'Scan containers',
      kind: 'internal',
      problem: 'p',
      currentProcess: 'c',
      desiredOutcome: 'o',
      definitionOfDone: 'd',
      requestingTeam: 't',
      links: [],
      confidential: true,
    },
    requesterId: 'U1',
    teamId: 'T1',
    channelId: null,
    status: 'filed',
    project: 'sec/internal',
    marker: 'm',
    issueIid: 5,
    issueUrl: 'https://gitlab.test/sec/internal/-/issues/5',
    attempts: 1,
    lastError: null,
    createdAt: 0,
    updatedAt: 0,
    filedAt: 0,
    ...over,
  };
}

export function aRefinement(over: Partial<RefinementRecord> = {}): RefinementRecord {
  return {
    id: 9,
    issueRef: 'group/product#12',
    project: 'group/product',
    iid: 12,
    issueUrl: 'https://gitlab.test/group/product/-/issues/12',
    title: 'Mask secrets',
    labels: ['ProdSecEng Candidate'],
    state: 'draft',
    draft: emptyDraft(),
    startedBy: 'U1',
    startedAt: 0,
    savedBy: null,
    savedAt: null,
    finishedBy: null,
    finishedByName: null,
    finishedAt: null,
    appliedAt: null,
    steps: {},
    failedStep: null,
    lastError: null,
    ...over,
  };
}
