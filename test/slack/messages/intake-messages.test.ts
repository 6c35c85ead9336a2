import { describe, expect, it } from 'vitest';
import { isSupportStale, parseSupportRef, supportRef } from '../../../src/domain/support-question.js';
import { ids } from '../../../src/slack/ids.js';
import {
  type AnnouncedRequest,
  announcementDisclosure,
  buildClaimedNotice,
  buildRequestAnnouncement,
  buildStaleSupportBlocks,
  buildSupportAnsweredNotice,
  buildSupportAnswerModal,
  buildSupportAskedNotice,
  buildSupportConvertedNotice,
  buildSupportQuestionPost,
  type SupportQuestionView,
} from '../../../src/slack/messages/intake-messages.js';
import { validateBlocks, validateView } from '../../fakes/block-kit-limits.js';

const all = (m: unknown) => JSON.stringify(m);
type Any = Record<string, unknown> & {
  elements?: Any[];
  block_id?: string;
  action_id?: string;
  value?: string;
};
const buttons = (blocks: unknown[] | undefined) =>
  ((blocks ?? []) as Any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

const review: AnnouncedRequest = {
  ref: 'R-9',
  typeName: 'Security code review',
  title: 'Review the OAuth <!channel> flow',
  requesterId: 'U1',
  issueUrl: 'https://gitlab.test/org/product/-/issues/4',
  issueRef: 'org/product#4',
  dueDate: '2025-03-12',
  claimable: true,
  claimedBy: null,
};

describe('request announcements', () => {
  it('a confidential request shows only that it is a confidential request, its ref and its link', () => {
    const post = buildRequestAnnouncement(review, announcementDisclosure({ confidential: true }));
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    expect(all(post)).not.toContain('OAuth');
    expect(all(post)).not.toContain('Security code review');
    expect(all(post)).not.toContain('U1');
    expect(post.text).toBe('A confidential request R-9: https://gitlab.test/org/product/-/issues/4');
    expect(all(post.blocks)).toContain('A confidential request');
    expect(all(post.blocks)).toContain('<https://gitlab.test/org/product/-/issues/4|org/product#4>');
    expect(post).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('a non-confidential one shows type, title (escaped), requester and needed-by date', () => {
    const post = buildRequestAnnouncement(review, announcementDisclosure({ confidential: false }));
    expect(all(post.blocks)).toContain('Security code review');
    expect(all(post.blocks)).toContain('Review the OAuth &lt;!channel&gt; flow');
    expect(all(post)).not.toContain('<!channel>');
    expect(all(post.blocks)).toContain('<@U1>');
    expect(all(post.blocks)).toContain('2025-03-12');
  });

  it('offers Claim (value = request ref) on a claimable request until someone claims it, then says who', () => {
    const open = buildRequestAnnouncement(review, 'reference');
    expect(buttons(open.blocks)).toEqual([
      expect.objectContaining({ action_id: ids.intake.claim, value: 'R-9' }),
    ]);
    const claimed = buildRequestAnnouncement({ ...review, claimedBy: 'U7' }, 'reference');
    expect(buttons(claimed.blocks)).toEqual([]);
    expect(all(claimed.blocks)).toContain('Claimed by <@U7>');
    expect(buttons(buildRequestAnnouncement({ ...review, claimable: false }, 'content').blocks)).toEqual([]);
  });
});

describe('notices to the requester', () => {
  it('claimed: who claimed, the issue link, and whether GitLab assigns them', () => {
    const n = buildClaimedNotice({
      ref: 'R-9',
      title: 'T <b>',
      issueUrl: 'https://gitlab.test/x/-/issues/1',
      claimerId: 'U7',
      assignedInGitLab: false,
    });
    expect(n.text).toBe('<@U7> claimed your request R-9.');
    expect(all(n.blocks)).toContain('T &lt;b&gt;');
    expect(all(n.blocks)).toContain('no linked GitLab account');
    expect(
      all(
        buildClaimedNotice({
          ref: 'R-9',
          title: 'T',
          issueUrl: 'https://x',
          claimerId: 'U7',
          assignedInGitLab: true,
        }).blocks,
      ),
    ).toContain('assigned to the issue in GitLab');
  });

  it('support asked, answered and converted', () => {
    expect(buildSupportAskedNotice({ ref: 'Q-2', channelId: 'CSUP', permalink: null }).text).toBe(
      'Your support question Q-2 is posted in <#CSUP>.',
    );
    const answered = buildSupportAnsweredNotice({
      ref: 'Q-2',
      question: 'Q?',
      answeredBy: 'U7',
      answerUrl: 'https://slack.test/p1',
    });
    expect(answered.text).toBe('Your support question Q-2 is answered: https://slack.test/p1');
    expect(all(answered.blocks)).toContain('<https://slack.test/p1|read the answer>');
    const converted = buildSupportConvertedNotice({
      ref: 'Q-2',
      question: 'Q?',
      convertedBy: 'U7',
      requestRef: 'R-10',
      issueUrl: null,
    });
    expect(converted.text).toBe('Your support question Q-2 became request R-10.');
    expect(all(converted.blocks)).toContain('will message you the link');
  });
});

describe('support question post', () => {
  const q: SupportQuestionView = {
    ref: 'Q-2',
    askerId: 'U1',
    question: 'Can we store tokens in <!here> localStorage?',
    context: '',
    state: 'open',
    answeredBy: null,
    answerUrl: null,
    convertedBy: null,
    convertedRequestRef: null,
  };

  it('quotes the question escaped, with Answered and Convert to issue (value = question ref)', () => {
    const post = buildSupportQuestionPost(q);
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    expect(all(post)).not.toContain('<!here>');
    expect(buttons(post.blocks).map((b) => [b.action_id, b.value])).toEqual([
      [ids.support.answered, 'Q-2'],
      [ids.support.convert, 'Q-2'],
    ]);
    expect(post.unfurl_links).toBe(false);
  });

  it('once answered or converted it says so and has no buttons', () => {
    const answered = buildSupportQuestionPost({
      ...q,
      state: 'answered',
      answeredBy: 'U7',
      answerUrl: 'https://slack.test/p2',
    });
    expect(buttons(answered.blocks)).toEqual([]);
    expect(all(answered.blocks)).toContain('Answered by <@U7>');
    const converted = buildSupportQuestionPost({
      ...q,
      state: 'converted',
      convertedBy: null,
      convertedRequestRef: 'R-3',
    });
    expect(all(converted.blocks)).toContain('Converted to request R-3 by a team member');
  });

  it('the answer modal asks for a link, prefilled with the thread', () => {
    const view = buildSupportAnswerModal('Q-2', 'https://slack.test/thread');
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe(ids.support.answerCallbackId);
    expect(JSON.parse(view.private_metadata ?? '{}')).toEqual({ ref: 'Q-2' });
    expect(all(view.blocks)).toContain('https://slack.test/thread');
  });
});

describe('stale support questions', () => {
  const hour = 3_600_000;
  it('an open question is stale after SUPPORT_STALE_HOURS; answered ones never are', () => {
    expect(isSupportStale({ state: 'open', createdAt: 0 }, 24 * hour, 24)).toBe(true);
    expect(isSupportStale({ state: 'open', createdAt: 1 }, 24 * hour, 24)).toBe(false);
    expect(isSupportStale({ state: 'answered', createdAt: 0 }, 99 * hour, 24)).toBe(false);
  });

  it('the digest lists them by ref, asker and age, at most ten, never their text', () => {
    const qs = Array.from({ length: 12 }, (_, i) => ({
      ref: `Q-${i}`,
      askerId: 'U1',
      createdAt: 0,
      permalink: i === 0 ? 'https://slack.test/q0' : null,
    }));
    const blocks = buildStaleSupportBlocks(qs, 50 * hour, 24);
    const text = all(blocks);
    expect(text).toContain('unanswered for more than 24 h* (12)');
    expect(text).toContain('<https://slack.test/q0|Q-0>');
    expect(text).toContain('waiting 2 d');
    expect(text).toContain('and 2 more');
    expect(buildStaleSupportBlocks([], 0, 24)).toEqual([]);
  });

  it('the question text shows only for a digest of team data, escaped', () => {
    const q = [
      { ref: 'Q-1', askerId: 'U1', createdAt: 0, permalink: null, question: 'Rotate <!channel> keys?' },
    ];
    expect(all(buildStaleSupportBlocks(q, 30 * hour, 24))).not.toContain('Rotate');
    const team = all(buildStaleSupportBlocks(q, 30 * hour, 24, 10, { showText: true }));
    expect(team).toContain('Rotate &lt;!channel&gt; keys?');
    expect(team).not.toContain('<!channel>');
  });

  it('refs read back', () => {
    expect(supportRef(12)).toBe('Q-12');
    expect(parseSupportRef('q12')).toBe(12);
    expect(parseSupportRef('R-12')).toBeUndefined();
  });
});
