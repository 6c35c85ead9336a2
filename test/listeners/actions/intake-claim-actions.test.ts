import { afterEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { intakeFieldBlockId } from '../../../src/slack/views/intake-state.js';
import { type Harness, PRODUCT, startHarness } from '../../helpers/harness.js';
import { intakeSubmission } from '../../helpers/intake-form.js';
import { policyFile } from '../../helpers/policy-file.js';
import { waitFor } from '../../helpers/slack-request.js';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const policy = () =>
  policyFile(`requestTypes:
  - { id: automation }
  - { id: product, notifyChannel: CPRODUCT }
  - { id: review, notifyChannel: CREVIEW }
  - { id: support }
`);

const review = (title: string, mergeRequests: string, extra: Record<string, string | boolean> = {}) => ({
  title,
  mergeRequests,
  changes: 'Rewrites session handling.',
  boundary: 'Session cookies.',
  neededBy: day(7),
  ...extra,
});

const shared = {
  problem: 'Scanner findings are triaged by hand.',
  desiredOutcome: 'Routed automatically.',
  definitionOfDone: 'Routed.',
  requestingTeam: 'AppSec',
};

describe('request announcements and Claim through HTTP', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });
  const types = () => h.bot.deps.taxonomy.requestTypes;

  async function fileReview(extra: Record<string, string | boolean> = {}) {
    h.gitlab.seedMergeRequest(PRODUCT, { iid: 42 });
    const res = await h.submitView(
      intakeSubmission(types(), 'review', review('Review <!channel> login', 'gitlab-org/product!42', extra), {
        userId: 'UREQ',
      }),
    );
    expect(res.body.response_action).toBe('update');
    const post = await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'CREVIEW'),
      5000,
      'announcement',
    );
    // The fake records the post before the bot has its answer: let the job store the message ts first.
    await h.idle();
    return post;
  }

  it('a review is filed, then announced by reference only (confidential) with Claim; a claim assigns, updates and tells', async () => {
    h = await startHarness({ PRODSEC_POLICY_FILE: policy(), TEAM_SLACK_USER_IDS: 'UTEAM,UOTHER' });
    const alice = h.gitlab.addUser({ username: 'alice', email: 'alice@example.com' });
    h.slack.userEmails.set('UTEAM', 'alice@example.com');
    const post = await fileReview();
    const issue = h.gitlab.issues(PRODUCT)[0]!;
    expect(issue.labels).toContain('security review');
    expect(issue.due_date).toBe(day(7));
    expect(issue.confidential).toBe(true);
    const blocks = JSON.stringify(post.blocks);
    expect(blocks).toContain('R-1');
    expect(blocks).toContain(ids.intake.claim);
    // Confidential: neither the title nor the description reach the channel.
    expect(`${post.text}${blocks}`).not.toContain('login');
    expect(`${post.text}${blocks}`).not.toContain('<!channel>');
    expect(h.bot.deps.store.support.announcement(1)?.messageTs).toBe(post.ts);

    // Outside the team: refused, audited, nothing claimed.
    const refused = await h.action({
      actionId: ids.intake.claim,
      value: 'R-1',
      userId: 'UOUT',
      channelId: 'CREVIEW',
    });
    expect(refused.status).toBe(200);
    await waitFor(
      () => h.slack.responses.find((r) => JSON.stringify(r.body).includes('Only the ProdSec team can claim')),
      3000,
      'refusal',
    );
    expect(
      h.bot.deps.store.audit.all().some((a) => a.action === 'request.claim' && a.outcome === 'denied'),
    ).toBe(true);
    expect(h.bot.deps.store.support.announcement(1)?.claimedBy).toBeNull();

    await h.action({
      actionId: ids.intake.claim,
      value: 'R-1',
      userId: 'UTEAM',
      channelId: 'CREVIEW',
      messageTs: post.ts,
    });
    await waitFor(
      () => h.slack.responses.find((r) => JSON.stringify(r.body).includes('You claimed R-1')),
      3000,
      'claim answer',
    );
    const told = await waitFor(
      () =>
        h.slack.messages.find((m) => m.channel === 'DREQ' && m.text?.includes('claimed your request R-1')),
      5000,
      'requester told',
    );
    expect(told.text).toContain('<@UTEAM>');
    expect(JSON.stringify(told.blocks)).toContain('assigned to the issue in GitLab');
    expect(h.gitlab.issue(PRODUCT, issue.iid)?.assignees.map((a) => a.id)).toEqual([alice.id]);
    const update = await waitFor(() => h.slack.callsTo('chat.update')[0], 5000, 'announcement updated');
    expect(update.args.ts).toBe(post.ts);
    expect(JSON.stringify(update.args.blocks)).toContain('Claimed by <@UTEAM>');
    expect(JSON.stringify(update.args.blocks)).not.toContain(ids.intake.claim);

    // A second claim by someone else: already claimed, nothing more happens.
    await h.action({ actionId: ids.intake.claim, value: 'R-1', userId: 'UOTHER', channelId: 'CREVIEW' });
    await waitFor(
      () => h.slack.responses.find((r) => JSON.stringify(r.body).includes('already claimed by <@UTEAM>')),
      3000,
      'already claimed',
    );
    await h.idle();
    expect(h.slack.messages.filter((m) => m.text?.includes('claimed your request'))).toHaveLength(1);
    expect(h.slack.messages.filter((m) => m.channel === 'CREVIEW')).toHaveLength(1);
  });

  it('a claimer with no GitLab account is told so, and the requester hears it is not assigned', async () => {
    h = await startHarness({ PRODSEC_POLICY_FILE: policy(), TEAM_SLACK_USER_IDS: 'UTEAM' });
    const post = await fileReview();
    await h.action({
      actionId: ids.intake.claim,
      value: 'R-1',
      userId: 'UTEAM',
      channelId: 'CREVIEW',
      messageTs: post.ts,
    });
    await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'DTEAM' && m.text?.includes('could not assign you')),
      5000,
      'claimer told',
    );
    const told = await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'DREQ' && m.text?.includes('claimed your request')),
      5000,
      'requester told',
    );
    expect(JSON.stringify(told.blocks)).toContain('No GitLab account could be found');
    expect(h.gitlab.issues(PRODUCT)[0]?.assignees).toEqual([]);
  });

  it('a non-confidential request of a public project shows its title, escaped; of a private one, the reference only', async () => {
    h = await startHarness({ PRODSEC_POLICY_FILE: policy() });
    h.gitlab.setVisibility(PRODUCT, 'public');
    const post = await fileReview({ confidential: false });
    expect(JSON.stringify(post.blocks)).toContain('Review &lt;!channel&gt; login');
    expect(`${post.text}${JSON.stringify(post.blocks)}`).not.toContain('<!channel>');

    h.gitlab.setVisibility(PRODUCT, 'private');
    await h.submitView(
      intakeSubmission(types(), 'product', { title: 'Private paved road', confidential: false, ...shared }),
    );
    const second = await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'CPRODUCT'),
      5000,
      'product post',
    );
    expect(`${second.text}${JSON.stringify(second.blocks)}`).not.toContain('Private paved road');
    expect(JSON.stringify(second.blocks)).not.toContain(ids.intake.claim);
  });

  it('a merge request that does not exist, or that the requester cannot read, is a field error and files nothing', async () => {
    h = await startHarness({ PRODSEC_POLICY_FILE: policy() });
    const missing = await h.submitView(
      intakeSubmission(types(), 'review', review('R', 'gitlab-org/product!404')),
    );
    expect(missing.body.response_action).toBe('errors');
    expect(missing.body.errors[intakeFieldBlockId('mergeRequests')]).toMatch(
      /gitlab-org\/product!404 was not found/,
    );
    await h.idle();
    expect(h.gitlab.issues(PRODUCT)).toHaveLength(0);
  });

  it('GitLab down while checking merge requests: the request is accepted and filed later', async () => {
    h = await startHarness({ PRODSEC_POLICY_FILE: policy() });
    h.gitlab.failNext({ method: 'GET', path: /merge_requests/ }, { status: 503 }, 5);
    const res = await h.submitView(intakeSubmission(types(), 'review', review('R', 'gitlab-org/product!5')));
    expect(res.body.response_action).toBe('update');
    await waitFor(() => h.gitlab.issues(PRODUCT).length === 1, 5000, 'filed');
  });
});
