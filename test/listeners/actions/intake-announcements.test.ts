import { afterEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../../helpers/harness.js';
import { intakeSubmission } from '../../helpers/intake-form.js';
import { policyFile } from '../../helpers/policy-file.js';
import { waitFor } from '../../helpers/slack-request.js';

const policy = (lines: string) => policyFile(`requestTypes:\n${lines}`);

// Every value is distinct, so a leak of any one of them into a channel is caught.
const fields = {
  title: 'Secret paved road for tokens',
  problem: 'Problem text zebra.',
  currentProcess: 'Process text walrus.',
  desiredOutcome: 'Outcome text heron.',
  definitionOfDone: 'Done text otter.',
  requestingTeam: 'Team lynx',
};

const leaks = (text: string) =>
  ['Secret paved road', ...Object.values(fields)].filter((secret) => text.includes(secret));

describe('request announcements in a type notifyChannel through HTTP', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });
  const types = () => h.bot.deps.taxonomy.requestTypes;
  const channelPosts = () => h.slack.messages.filter((m) => !m.channel.startsWith('D'));

  it.each([
    ['automation', 'CAUTO', INTERNAL],
    ['product', 'CPRODUCT', PRODUCT],
  ])(
    'a filed %s request is announced in its channel by reference only, without Claim, and the requester told',
    async (typeId, channel, project) => {
      h = await startHarness({
        PRODSEC_POLICY_FILE: policy(
          '  - { id: automation, notifyChannel: CAUTO }\n  - { id: product, notifyChannel: CPRODUCT }\n  - { id: review }\n',
        ),
      });
      // Public projects: only the request's own confidentiality keeps its content out of the channel.
      h.gitlab.setVisibility(INTERNAL, 'public');
      h.gitlab.setVisibility(PRODUCT, 'public');
      const res = await h.submitView(intakeSubmission(types(), typeId, fields, { userId: 'UREQ' }));
      expect(res.body.response_action).toBe('update');
      const post = await waitFor(
        () => h.slack.messages.find((m) => m.channel === channel),
        5000,
        'announcement',
      );
      const dm = await waitFor(
        () => h.slack.messages.find((m) => m.channel === 'DREQ' && m.text?.includes('R-1 is filed')),
        5000,
        'requester DM',
      );
      await h.idle();
      const [issue] = h.gitlab.issues(project);
      expect(issue?.confidential).toBe(true);
      expect(dm.text).toContain(issue?.web_url);

      const shown = `${post.text}${JSON.stringify(post.blocks)}`;
      expect(post.text).toContain('R-1');
      expect(shown).toContain(issue?.web_url);
      expect(leaks(shown)).toEqual([]);
      // Only review is claimable: no Claim button, no actions block at all.
      expect(shown).not.toContain(ids.intake.claim);
      expect((post.blocks ?? []).map((b) => (b as { type: string }).type)).not.toContain('actions');
      expect(channelPosts()).toHaveLength(1);
      expect(h.bot.deps.store.support.announcement(1)?.messageTs).toBe(post.ts);
    },
  );

  it('a type without notifyChannel is filed and its requester told, but announced nowhere', async () => {
    h = await startHarness({
      PRODSEC_POLICY_FILE: policy('  - { id: automation }\n  - { id: product, notifyChannel: CPRODUCT }\n'),
    });
    await h.submitView(intakeSubmission(types(), 'automation', fields, { userId: 'UREQ' }));
    await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'DREQ' && m.text?.includes('R-1 is filed')),
      5000,
      'requester DM',
    );
    // A second request of an announced type: its post shows announcements were running meanwhile.
    await h.submitView(intakeSubmission(types(), 'product', fields, { userId: 'UREQ' }));
    await waitFor(() => h.slack.messages.find((m) => m.channel === 'CPRODUCT'), 5000, 'product post');
    await h.idle();
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    const posts = channelPosts();
    expect(posts.map((m) => m.channel)).toEqual(['CPRODUCT']);
    expect(posts[0]?.text).toContain('R-2');
    expect(h.bot.deps.store.support.announcement(1)).toBeUndefined();
  });
});
