import { type SupportState, supportRef } from '../domain/support-question.js';
import { type Db, writeTx } from './db.js';

export interface SupportQuestionRecord {
  id: number;
  ref: string;
  sourceKey: string;
  askerId: string;
  teamId: string | null;
  question: string;
  context: string;
  /** SUPPORT_CHANNEL at the time it was asked. */
  channelId: string;
  /** ts of the thread root, once posted. */
  messageTs: string | null;
  permalink: string | null;
  state: SupportState;
  answeredBy: string | null;
  answeredAt: number | null;
  answerUrl: string | null;
  convertedBy: string | null;
  convertedAt: number | null;
  convertedRequestRef: string | null;
  createdAt: number;
  updatedAt: number;
}

export type NewSupportQuestion = Pick<
  SupportQuestionRecord,
  'sourceKey' | 'askerId' | 'teamId' | 'question' | 'context' | 'channelId'
>;

export interface AnnouncementRecord {
  requestId: number;
  typeId: string;
  channelId: string;
  messageTs: string | null;
  claimedBy: string | null;
  claimedAt: number | null;
}

interface QuestionRow {
  id: number;
  source_key: string;
  asker_id: string;
  team_id: string | null;
  question: string;
  context: string;
  channel_id: string;
  message_ts: string | null;
  permalink: string | null;
  state: SupportState;
  answered_by: string | null;
  answered_at: number | null;
  answer_url: string | null;
  converted_by: string | null;
  converted_at: number | null;
  converted_request_ref: string | null;
  created_at: number;
  updated_at: number;
}

interface AnnouncementRow {
  request_id: number;
  type_id: string;
  channel_id: string;
  message_ts: string | null;
  claimed_by: string | null;
  claimed_at: number | null;
}

const toQuestion = (r: QuestionRow): SupportQuestionRecord => ({
  id: r.id,
  ref: supportRef(r.id),
  sourceKey: r.source_key,
  askerId: r.asker_id,
  teamId: r.team_id,
  question: r.question,
  context: r.context,
  channelId: r.channel_id,
  messageTs: r.message_ts,
  permalink: r.permalink,
  state: r.state,
  answeredBy: r.answered_by,
  answeredAt: r.answered_at,
  answerUrl: r.answer_url,
  convertedBy: r.converted_by,
  convertedAt: r.converted_at,
  convertedRequestRef: r.converted_request_ref,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toAnnouncement = (r: AnnouncementRow): AnnouncementRecord => ({
  requestId: r.request_id,
  typeId: r.type_id,
  channelId: r.channel_id,
  messageTs: r.message_ts,
  claimedBy: r.claimed_by,
  claimedAt: r.claimed_at,
});

/** A state change that only the first press wins: `changed` false when it was no longer open. */
export type Transition<T> = { changed: true; record: T } | { changed: false; record: T | undefined };

/** Support questions and request announcements (with their claims). */
export function createSupportRepo(db: Db) {
  const byId = db.prepare<[number], QuestionRow>('SELECT * FROM support_questions WHERE id = ?');
  const byKey = db.prepare<[string], QuestionRow>('SELECT * FROM support_questions WHERE source_key = ?');
  const insert = db.prepare(
    `INSERT INTO support_questions (source_key, asker_id, team_id, question, context, channel_id, state, created_at, updated_at)
     VALUES (@sourceKey, @askerId, @teamId, @question, @context, @channelId, 'open', @now, @now)
     ON CONFLICT (source_key) DO NOTHING`,
  );
  const posted = db.prepare(
    'UPDATE support_questions SET message_ts = ?, permalink = ?, updated_at = ? WHERE id = ?',
  );
  const answer = db.prepare(
    `UPDATE support_questions SET state = 'answered', answered_by = ?, answer_url = ?, answered_at = ?, updated_at = ?
     WHERE id = ? AND state = 'open'`,
  );
  const convert = db.prepare(
    `UPDATE support_questions SET state = 'converted', converted_by = ?, converted_request_ref = ?, converted_at = ?, updated_at = ?
     WHERE id = ? AND state = 'open'`,
  );
  const stale = db.prepare<[number, number], QuestionRow>(
    `SELECT * FROM support_questions WHERE state = 'open' AND created_at <= ? ORDER BY created_at, id LIMIT ?`,
  );
  const announcementOf = db.prepare<[number], AnnouncementRow>(
    'SELECT * FROM request_announcements WHERE request_id = ?',
  );
  const announce = db.prepare(
    `INSERT INTO request_announcements (request_id, type_id, channel_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING`,
  );
  const announced = db.prepare(
    'UPDATE request_announcements SET message_ts = ?, updated_at = ? WHERE request_id = ?',
  );
  const claim = db.prepare(
    `UPDATE request_announcements SET claimed_by = ?, claimed_at = ?, updated_at = ?
     WHERE request_id = ? AND claimed_by IS NULL`,
  );
  const setType = db.prepare('UPDATE requests SET type_id = ? WHERE id = ?');
  const typeOf = db.prepare<[number], { type_id: string | null }>(
    'SELECT type_id FROM requests WHERE id = ?',
  );

  const get = (id: number) => {
    const row = byId.get(id);
    return row ? toQuestion(row) : undefined;
  };

  const transition = (run: () => number, id: number): Transition<SupportQuestionRecord> =>
    writeTx(db, () => {
      const changed = run() === 1;
      const record = get(id);
      return changed && record ? { changed: true, record } : { changed: false, record };
    });

  return {
    /** Saves a question once per source key (a view id, a workflow execution). */
    insertQuestion(q: NewSupportQuestion, now: number): { record: SupportQuestionRecord; created: boolean } {
      return writeTx(db, () => {
        const created = insert.run({ ...q, now }).changes === 1;
        const row = byKey.get(q.sourceKey);
        if (!row) throw new Error(`support question ${q.sourceKey} was not saved`);
        return { record: toQuestion(row), created };
      });
    },
    get,
    setPosted(id: number, messageTs: string, permalink: string | null, now: number): void {
      posted.run(messageTs, permalink, now, id);
    },
    /** The first Answered wins; a second press (or one after a conversion) changes nothing. */
    markAnswered(id: number, by: string, answerUrl: string, now: number): Transition<SupportQuestionRecord> {
      return transition(() => answer.run(by, answerUrl, now, now, id).changes, id);
    },
    markConverted(
      id: number,
      by: string,
      requestRef: string,
      now: number,
    ): Transition<SupportQuestionRecord> {
      return transition(() => convert.run(by, requestRef, now, now, id).changes, id);
    },
    /** Open questions asked at or before `cutoff`, oldest first (for the digest). */
    listStale(cutoff: number, limit = 100): SupportQuestionRecord[] {
      return stale.all(cutoff, limit).map(toQuestion);
    },

    /** Records the request's type (requests filed before types keep null and their `kind`). */
    setRequestType(requestId: number, typeId: string): void {
      setType.run(typeId, requestId);
    },
    requestType(requestId: number): string | null {
      return typeOf.get(requestId)?.type_id ?? null;
    },
    /** Once per request: where its announcement goes. */
    recordAnnouncement(
      requestId: number,
      typeId: string,
      channelId: string,
      now: number,
    ): AnnouncementRecord {
      return writeTx(db, () => {
        announce.run(requestId, typeId, channelId, now, now);
        const row = announcementOf.get(requestId);
        if (!row) throw new Error(`announcement of request ${requestId} was not saved`);
        return toAnnouncement(row);
      });
    },
    setAnnouncementPosted(requestId: number, messageTs: string, now: number): void {
      announced.run(messageTs, now, requestId);
    },
    announcement(requestId: number): AnnouncementRecord | undefined {
      const row = announcementOf.get(requestId);
      return row ? toAnnouncement(row) : undefined;
    },
    /** The first claim wins; later ones get the record with who holds it. */
    claim(requestId: number, userId: string, now: number): Transition<AnnouncementRecord> {
      return writeTx(db, () => {
        const changed = claim.run(userId, now, now, requestId).changes === 1;
        const row = announcementOf.get(requestId);
        const record = row ? toAnnouncement(row) : undefined;
        return changed && record ? { changed: true, record } : { changed: false, record };
      });
    },
  };
}

export type SupportRepo = ReturnType<typeof createSupportRepo>;
