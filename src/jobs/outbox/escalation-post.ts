import type { Deps } from '../../deps.js';
import { audienceAt } from '../../domain/escalation.js';
import { escapeMrkdwn } from '../../slack/escape.js';
import {
  buildEscalationConfirmation,
  buildEscalationPost,
  buildEscalationRepeat,
  renderMentions,
} from '../../slack/messages/escalation-messages.js';
import { classifySlackError, deliverPost } from '../../slack/post.js';
import type { EscalationRecord } from '../../store/escalations-repo.js';
import type { OutboxJob } from '../../store/outbox-repo.js';
import { PermanentError, RetryableError } from '../outbox-worker.js';
import { enqueuePost } from './slack-post.js';

/** Posts one chain level: the escalation itself (level 0) or a repeat in its thread. */
export const ESCALATION_POST = 'escalation_post';
/** Re-renders the escalation post in place from its current state. */
export const ESCALATION_UPDATE = 'escalation_update';
/** Tells the escalator where the post is, with its permalink. */
export const ESCALATION_CONFIRM = 'escalation_confirm';

export interface EscalationPostPayload {
  escalationId: number;
  round: number;
  level: number;
  /** How long it had waited when the level was claimed (the clock of the tick, not of delivery). */
  waitedMs?: number;
}

export function mentionsAt(deps: Pick<Deps, 'config'>, level: number): string {
  return renderMentions(audienceAt(deps.config.ESCALATION_CHAIN, level), {
    usergroup: deps.config.ESCALATION_USERGROUP,
    leads: deps.config.ESCALATION_LEAD_USER_IDS,
  });
}

const renderPost = (deps: Deps, e: EscalationRecord) =>
  buildEscalationPost(e, {
    mentions: mentionsAt(deps, 0),
    repeatMinutes: deps.config.ESCALATION_REPEAT_MINUTES,
  });

async function postFirst(deps: Deps, e: EscalationRecord): Promise<void> {
  const repo = deps.store.escalations;
  let ts: string;
  try {
    ts = (await deliverPost(deps.slack, { channel: e.channelId, ...renderPost(deps, e) })).ts;
  } catch (err) {
    if (err instanceof PermanentError) {
      // The escalator must not believe someone was told: say so, with the reason.
      enqueuePost(
        deps,
        {
          channel: e.escalator,
          text: `:warning: Your urgent escalation ${e.ref} could not be posted in <#${e.channelId}> (${escapeMrkdwn(err.message)}). Please tag the security support group there yourself.`,
        },
        `esc-failed:${e.id}`,
      );
      void deps.outbox.kick();
    }
    throw err;
  }
  deps.store.db
    .transaction(() => {
      repo.recordPosted(e.id, ts);
      repo.recordLevelPosted(e.id, 0, 0, ts);
      const now = deps.clock();
      const current = repo.get(e.id);
      // Acknowledged (or resolved) while the post was on its way: render the newer state in place.
      if (current && current.version !== e.version)
        deps.store.outbox.enqueue(ESCALATION_UPDATE, { escalationId: e.id }, now, {
          dedupeKey: `esc-update-after-post:${e.id}`,
        });
      deps.store.outbox.enqueue(ESCALATION_CONFIRM, { escalationId: e.id }, now, {
        dedupeKey: `esc-confirm:${e.id}`,
      });
    })
    .immediate();
  void deps.outbox.kick();
}

async function postRepeat(deps: Deps, e: EscalationRecord, p: EscalationPostPayload): Promise<void> {
  // Acknowledged, resolved or un-acknowledged (a new round) since the level was claimed: stay quiet.
  if (e.state !== 'open' || e.round !== p.round) return;
  if (!e.messageTs) throw new RetryableError(`${e.ref} is not posted yet; its repeat waits for it`);
  const audience = audienceAt(deps.config.ESCALATION_CHAIN, p.level);
  const msg = buildEscalationRepeat(e, {
    mentions: mentionsAt(deps, p.level),
    repeat: p.level,
    maxRepeats: deps.config.ESCALATION_MAX_REPEATS,
    waitedMs: p.waitedMs ?? deps.clock() - e.clockStartedAt,
  });
  try {
    const r = await deps.slack.chat.postMessage({
      channel: e.channelId,
      thread_ts: e.messageTs,
      // The widest level (@here) is also shown in the channel, not only in the thread.
      reply_broadcast: audience.includes('here'),
      ...msg,
    });
    deps.store.escalations.recordLevelPosted(e.id, p.round, p.level, String(r.ts));
  } catch (err) {
    throw classifySlackError(err);
  }
}

export function handleEscalationPost(deps: Deps) {
  return async (job: OutboxJob): Promise<void> => {
    const p = job.payload as EscalationPostPayload;
    const e = deps.store.escalations.get(p.escalationId);
    if (!e) return;
    if (p.level === 0) {
      if (!e.messageTs) await postFirst(deps, e);
      return;
    }
    await postRepeat(deps, e, p);
  };
}

export function handleEscalationUpdate(deps: Deps) {
  return async (job: OutboxJob): Promise<void> => {
    const { escalationId } = job.payload as { escalationId: number };
    const e = deps.store.escalations.get(escalationId);
    // Not posted yet: the first post renders the current state and checks the version itself.
    if (!e?.messageTs) return;
    await deliverPost(deps.slack, { channel: e.channelId, updateTs: e.messageTs, ...renderPost(deps, e) });
    const after = deps.store.escalations.get(escalationId);
    if (after && after.version !== e.version) throw new RetryableError(`${e.ref} changed while updating`, 1);
  };
}

export function handleEscalationConfirm(deps: Deps) {
  return async (job: OutboxJob): Promise<void> => {
    const { escalationId } = job.payload as { escalationId: number };
    const e = deps.store.escalations.get(escalationId);
    if (!e?.messageTs) return;
    let permalink: string | undefined;
    try {
      const r = await deps.slack.chat.getPermalink({ channel: e.channelId, message_ts: e.messageTs });
      permalink = r.permalink;
    } catch (err) {
      // A first failure is retried; after that the confirmation goes out with a channel link instead.
      if (job.attempts < 2) throw classifySlackError(err);
    }
    await deliverPost(deps.slack, { channel: e.escalator, ...buildEscalationConfirmation(e, permalink) });
  };
}
