import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { createSupportRepo, type NewSupportQuestion } from '../../src/store/support-repo.js';

const question = (key: string): NewSupportQuestion => ({
  sourceKey: key,
  askerId: 'U1',
  teamId: 'T1',
  question: 'Can we store tokens in localStorage?',
  context: 'SPA',
  channelId: 'CSUP',
});

const withRequest = () => {
  const db = openDatabase(':memory:');
  db.prepare(
    `INSERT INTO requests (source_key, kind, title, fields_json, requester_id, status, project, marker, created_at, updated_at)
     VALUES ('view:V1', 'product', 't', '{}', 'U1', 'saved', 'org/product', 'm', 1, 1)`,
  ).run();
  return { db, repo: createSupportRepo(db) };
};

describe('support repository (real migrations on :memory:)', () => {
  it('saves a question once per source key, as a plain open record with a Q- ref', () => {
    const repo = createSupportRepo(openDatabase(':memory:'));
    const a = repo.insertQuestion(question('view:V1'), 1_000);
    const again = repo.insertQuestion({ ...question('view:V1'), question: 'other' }, 2_000);
    expect(a.created).toBe(true);
    expect(again).toEqual({ record: a.record, created: false });
    expect(a.record).toMatchObject({
      ref: 'Q-1',
      state: 'open',
      askerId: 'U1',
      question: 'Can we store tokens in localStorage?',
      context: 'SPA',
      channelId: 'CSUP',
      messageTs: null,
      createdAt: 1_000,
    });
  });

  it('records the thread post, then the first Answered wins and later presses change nothing', () => {
    const repo = createSupportRepo(openDatabase(':memory:'));
    const { record } = repo.insertQuestion(question('k'), 1_000);
    repo.setPosted(record.id, '111.222', 'https://slack.test/p111', 1_500);
    const first = repo.markAnswered(record.id, 'U7', 'https://slack.test/p111?thread', 2_000);
    expect(first).toMatchObject({
      changed: true,
      record: {
        state: 'answered',
        answeredBy: 'U7',
        answerUrl: 'https://slack.test/p111?thread',
        answeredAt: 2_000,
        messageTs: '111.222',
        permalink: 'https://slack.test/p111',
      },
    });
    const second = repo.markAnswered(record.id, 'U8', 'https://x', 3_000);
    expect(second).toMatchObject({ changed: false, record: { answeredBy: 'U7' } });
    expect(repo.markConverted(record.id, 'U8', 'R-1', 3_000).changed).toBe(false);
    expect(repo.markAnswered(999, 'U7', 'https://x', 1)).toEqual({ changed: false, record: undefined });
  });

  it('converts an open question once, keeping the request ref', () => {
    const repo = createSupportRepo(openDatabase(':memory:'));
    const { record } = repo.insertQuestion(question('k'), 1_000);
    expect(repo.markConverted(record.id, 'U7', 'R-4', 2_000)).toMatchObject({
      changed: true,
      record: { state: 'converted', convertedBy: 'U7', convertedRequestRef: 'R-4' },
    });
    expect(repo.markAnswered(record.id, 'U7', 'https://x', 3_000).changed).toBe(false);
  });

  it('lists open questions asked at or before the cutoff, oldest first', () => {
    const repo = createSupportRepo(openDatabase(':memory:'));
    const old = repo.insertQuestion(question('a'), 1_000).record;
    const answered = repo.insertQuestion(question('b'), 500).record;
    repo.insertQuestion(question('c'), 5_000);
    const older = repo.insertQuestion(question('d'), 200).record;
    repo.markAnswered(answered.id, 'U7', 'https://x', 600);
    expect(repo.listStale(1_000).map((q) => q.ref)).toEqual([older.ref, old.ref]);
  });
});

describe('request announcements and claims', () => {
  it('records where a request is announced, once, and its message ts', () => {
    const { repo } = withRequest();
    expect(repo.recordAnnouncement(1, 'review', 'CREV', 1_000)).toEqual({
      requestId: 1,
      typeId: 'review',
      channelId: 'CREV',
      messageTs: null,
      claimedBy: null,
      claimedAt: null,
    });
    repo.recordAnnouncement(1, 'review', 'COTHER', 2_000);
    repo.setAnnouncementPosted(1, '9.9', 2_000);
    expect(repo.announcement(1)).toMatchObject({ channelId: 'CREV', messageTs: '9.9' });
  });

  it('the first claim wins; a second claimer is told who holds it', () => {
    const { repo } = withRequest();
    repo.recordAnnouncement(1, 'review', 'CREV', 1_000);
    expect(repo.claim(1, 'U7', 2_000)).toEqual({
      changed: true,
      record: expect.objectContaining({ claimedBy: 'U7', claimedAt: 2_000 }),
    });
    expect(repo.claim(1, 'U8', 3_000)).toEqual({
      changed: false,
      record: expect.objectContaining({ claimedBy: 'U7' }),
    });
    expect(repo.claim(2, 'U8', 3_000)).toEqual({ changed: false, record: undefined });
  });

  it('remembers the type of a request; older requests have none', () => {
    const { repo } = withRequest();
    expect(repo.requestType(1)).toBeNull();
    repo.setRequestType(1, 'review');
    expect(repo.requestType(1)).toBe('review');
  });
});
