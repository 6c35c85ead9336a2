import { describe, expect, it } from 'vitest';
import type { RequestFields } from '../../src/domain/request.js';
import { openDatabase } from '../../src/store/db.js';
import { blankFields } from '../../src/store/ops-repo.js';
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
    expect(record).toEqual(repo.get(record.id));
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
      typeId: null,
      typed: null,
      supportThreadUrl: null,
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

  it('stores a typed request with its type id and values, and reads it back typed and through the old fields', () => {
    const repo = setup();
    const typed = {
      typeId: 'review',
      title: 'Review the login rewrite',
      confidential: true,
      values: {
        mergeRequests: [{ project: 'g/p', iid: 4, url: 'https://gitlab.example/g/p/-/merge_requests/4' }],
        changes: 'Rewrites sessions.',
        neededBy: '2026-12-31',
      },
    };
    const { record } = repo.insert(
      {
        sourceKey: 't1',
        typed,
        kind: 'product',
        requesterId: 'U1',
        teamId: null,
        channelId: null,
        project: 'g/p',
        marker: 'm',
      },
      1000,
    );
    // The record is built from what was written, not read back: it must be the row as stored.
    expect(record).toEqual(repo.get(record.id));
    expect(record.typeId).toBe('review');
    expect(record.typed).toEqual(typed);
    expect(record.kind).toBe('product');
    expect(record.title).toBe(typed.title);
    expect(record.fields.title).toBe(typed.title);
    expect(record.fields.confidential).toBe(true);
  });

  it('retention blanks the values of a typed request and keeps its skeleton', () => {
    const json = JSON.stringify({
      kind: 'product',
      title: 'secret title',
      confidential: true,
      values: {
        changes: 'secret',
        mergeRequests: [{ project: 'g/p', iid: 1, url: 'u' }],
        neededBy: '2026-12-31',
      },
    });
    const out = JSON.parse(blankFields(json));
    expect(out).toEqual({
      kind: 'product',
      title: '',
      confidential: true,
      values: { changes: '', mergeRequests: [], neededBy: '' },
    });
  });

  it('finds a request by its issue through an index, not a scan of every request', () => {
    const db = openDatabase(':memory:');
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM requests WHERE project = ? AND issue_iid = ?')
      .all('sec/x', 1) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX requests_issue/);
  });

  it('indexes only filed requests by issue, so saving a submission writes no entry there', () => {
    const db = openDatabase(':memory:');
    const indexes = db.pragma('index_list(requests)') as Array<{ name: string; partial: number }>;
    expect(indexes.find((i) => i.name === 'requests_issue')?.partial).toBe(1);
    const repo = createRequestsRepo(db);
    const { record } = repo.insert(newRequest('s1'), 1000);
    const entries = () =>
      (
        db
          .prepare('SELECT count(*) AS n FROM requests INDEXED BY requests_issue WHERE issue_iid IS NOT NULL')
          .get() as { n: number }
      ).n;
    expect(entries()).toBe(0);
    repo.markFiled(record.id, 7, 'https://gitlab.example/sec/internal/-/issues/7', 2000);
    expect(entries()).toBe(1);
    expect(repo.findByIssue('sec/internal', 7)?.id).toBe(record.id);
  });
});
