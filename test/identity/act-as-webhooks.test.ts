import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK_PATH } from '../../src/identity/index.js';
import { ids } from '../../src/slack/ids.js';
import { OAUTH_APP } from '../fakes/gitlab-oauth.js';
import { dmsTo, TEAM, teamEnv, waitForDm } from '../helpers/candidates.js';
import { INTERNAL } from '../helpers/harness.js';
import {
  changeDms,
  fileThroughBot,
  startWebhookHarness,
  type WebhookHarness,
} from '../webhooks/webhook-harness.js';
import { connect, identityEnv, PUBLIC_URL, person } from './connect.js';

describe("a linked member's write comes back as a GitLab webhook naming her", () => {
  let w: WebhookHarness;
  afterEach(async () => {
    await w.close();
  });

  it('her take-on through Slack is not mistaken for one made in GitLab: the requester is told once, no "made in GitLab" audit', async () => {
    w = await startWebhookHarness({ ...identityEnv(), ...teamEnv });
    const { h } = w;
    h.gitlab.oauth.registerApp({ ...OAUTH_APP, redirectUri: `${PUBLIC_URL}${CALLBACK_PATH}` });
    const alice = person(h, TEAM, 'alice');
    h.gitlab.addMember(INTERNAL, 'alice', 30);
    await connect(h, TEAM, alice);
    const issue = await fileThroughBot(w, { title: 'Scanner triage bot' });
    await h.action({ actionId: ids.candidates.takeOn, value: `${INTERNAL}#${issue.iid}`, userId: TEAM });
    await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    await w.settle();
    // GitLab's hook names her, as the label change was hers.
    const hooks = w.hooks.deliveries.map((d) => JSON.parse(d.body) as { user?: { username: string } });
    expect(hooks.some((b) => b.user?.username === 'alice')).toBe(true);
    const audit = h.bot.deps.store.audit.forIssue(`${INTERNAL}#${issue.iid}`);
    expect(audit.filter((a) => a.outcome === 'made_in_gitlab')).toEqual([]);
    // One notice: the take-on. Her decision note (posted as her) is not news as "alice commented".
    // Told once, by the decision's own notice; no second one from the hook, no "alice commented" either.
    expect(changeDms(h, 'U1')).toEqual([]);
    const aboutTakeOn = dmsTo(h, 'U1').filter((m) =>
      /taken on/i.test(`${m.text} ${JSON.stringify(m.blocks)}`),
    );
    expect(aboutTakeOn).toHaveLength(1);
    expect(h.gitlab.notes(INTERNAL, issue.iid).map((n) => n.author.username)).toEqual(['alice']);
  });
});
