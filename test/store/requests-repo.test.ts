import { describe, expect, it } from 'vitest';
import type { RequestFields } from '../../src/domain/request.js';
import { openDatabase } from '../../src/store/db.js';
import { createRequestsRepo } from '../../src/store/requests-repo.js';

const fields: RequestFields = {
  title: 'Scan <!channel> containers',
  kind: 'internal',
  problem: 'p',
  currentProcess: 'by hand, 2h a week',
  desiredOutcome: 'o',
  definitionOfDone: 'd',
  requestingTeam: 'Team A',
  links: ['https://x.example/1'],
  confidential: true,
};

describe('requests repository', () => {
  const setup = () => createRequestsRepo(openDatabase(':memory:'));
  const newRequest = (sourceKey: string) => ({
    sourceKey,
    fields,
    requesterId: 'U1',
    teamId: 'T1',
    channelId: null,
    project: 'sec/internal',
    marker: `m-${sourceKey}`,
  });

  it('reads back every field it stored, as a plain record with its ref', () => {
    const repo = setup();
    const { record, created } = repo.insert(newRequest('s1'), 1000);
    expect(created).toBe(true);
    expect(record).toEqual({
      id: record.id,
      ref: `R-${record.id}`,
      sourceKey: 's1',
      kind: 'internal',
      title: fields.title,
      fields,
      requesterId: 'U1',
      teamId: 'T1',
      channelId: null,
      status: 'saved',
      project: 'sec/internal',
      marker: 'm-s1',
      issueIid: null,
      issueUrl: null,
      attempts: 0,
      lastError: null,
      createdAt: 1000,
      updatedAt: 1000,
      filedAt: null,
    });
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });

  it('returns the first request for a repeated source key, and records filing', () => {
    const repo = setup();
    const first = repo.insert(newRequest('s1'), 1000).record;
    const again = repo.insert({ ...newRequest('s1'), project: 'other' }, 2000);
    expect(again.created).toBe(false);
    expect(again.record.project).toBe('sec/internal');
    repo.markFiled(first.id, 7, 'https://gitlab.example/i/7', 3000);
    expect(repo.findByIssue('sec/internal', 7)).toMatchObject({
      id: first.id,
      status: 'filed',
      issueIid: 7,
      issueUrl: 'https://gitlab.example/i/7',
      filedAt: 3000,
    });
    expect(repo.listByRequester('U1').map((r) => r.id)).toEqual([first.id]);
  });
});
