import type { Deps } from '../../deps.js';
import { audienceAt } from '../../domain/escalation.js';
import { RetryableError } from '../../errors.js';
import { escapeMrkdwn } from '../../slack/escape.js';
import {
  buildEscalationConfirmation,
  buildEscalationPost,
  buildEscalationRepeat,
  renderMentions,
} from '../../slack/messages/escalation-messages.js';
import { classifySlackError, deliverPost } from '../../slack/post.js';
import { writeTx } from '../../store/db.js';
import type { EscalationRecord } from '../../store/escalations-repo.js';
import { defineJob } from '../define-job.js';
import { type EscalationPostPayload, enqueue, JOB_KINDS } from './kinds.js';

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
  const { ts } = await deliverPost(deps.slack, { channel: e.channelId, ...renderPost(deps, e) });
  writeTx(deps.store.db, () => {
    repo.recordPosted(e.id, ts);
    repo.recordLevelPosted(e.id, 0, 0, ts);
    const current = repo.get(e.id);
    // Acknowledged (or resolved) while the post was on its way: render the newer state in place.
    if (current && current.version !== e.version)
      enqueue(deps, 'escalation_update', { escalationId: e.id }, `esc-update-after-post:${e.id}`);
    enqueue(deps, 'escalation_confirm', { escalationId: e.id });
  });
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

export const escalationPostJob = (deps: Deps) =>
  defineJob({
    kind: 'escalation_post',
    payload: JOB_KINDS.escalation_post.payload,
    run: async (p) => {
      const e = deps.store.escalations.get(p.escalationId);
      if (!e) return;
      if (p.level === 0) {
        if (!e.messageTs) await postFirst(deps, e);
        return;
      }
      await postRepeat(deps, e, p);
    },
    onGaveUp: (p, failure, { tell }) => {
      const e = deps.store.escalations.get(p.escalationId);
      // Slack refused the escalation itself: the escalator must not believe someone was told.
      if (p.level !== 0 || failure.kind !== 'permanent' || !e || e.messageTs) return;
      tell(
        {
          channel: e.escalator,
          text: `:warning: Your urgent escalation ${e.ref} could not be posted in <#${e.channelId}> (${escapeMrkdwn(failure.message)}). Please tag the security support group there yourself.`,
        },
        'not-posted',
      );
    },
  });

export const escalationUpdateJob = (deps: Deps) =>
  defineJob({
    kind: 'escalation_update',
    payload: JOB_KINDS.escalation_update.payload,
    run: async ({ escalationId }) => {
      const e = deps.store.escalations.get(escalationId);
      // Not posted yet: the first post renders the current state and checks the version itself.
      if (!e?.messageTs) return;
      await deliverPost(deps.slack, { channel: e.channelId, updateTs: e.messageTs, ...renderPost(deps, e) });
      const after = deps.store.escalations.get(escalationId);
      if (after && after.version !== e.version)
        throw new RetryableError(`${e.ref} changed while updating`, 1);
    },
  });

export const escalationConfirmJob = (deps: Deps) =>
  defineJob({
    kind: 'escalation_confirm',
    payload: JOB_KINDS.escalation_confirm.payload,
    run: async ({ escalationId }, { attempt }) => {
      const e = deps.store.escalations.get(escalationId);
      if (!e?.messageTs) return;
      let permalink: string | undefined;
      try {
        const r = await deps.slack.chat.getPermalink({ channel: e.channelId, message_ts: e.messageTs });
        permalink = r.permalink;
      } catch (err) {
        // A first failure is retried; after that the confirmation goes out with a channel link instead.
        if (attempt < 2) throw classifySlackError(err);
      }
      await deliverPost(deps.slack, { channel: e.escalator, ...buildEscalationConfirmation(e, permalink) });
    },
  });
