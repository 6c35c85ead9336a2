import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { declineSubmission, flagSubmission, messageShortcutPayload, TEAM } from '../helpers/candidates.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

const candidateIds = ids.candidates;
const PUBLIC = 'gitlab-org/public-docs';
const PRIVATE = 'sec/private-tools';
const CONFIDENTIAL_TITLE = 'SAML token bypass in the login flow';
const PRIVATE_TITLE = 'Token rotation runbook internals';
const PUBLIC_TITLE = 'Document token scopes for users';
const GROUP = 'SG_TEAM';

/** Every Slack call and response_url answer, as text. */
const allSlack = (h: Harness) => JSON.stringify([h.slack.calls.map((c) => c.args), h.slack.responses]);
/** What reached a channel: posts, updates and thread replies (not DMs, not modals). */
const channelText = (h: Harness) =>
  JSON.stringify(
    h.slack.calls
      .filter((c) => c.method.startsWith('chat.') && !String(c.args.channel ?? '').startsWith('D'))
      .map((c) => c.args),
  );
const writes = (h: Harness) => h.gitlab.calls.filter((c) => c.method !== 'GET');

describe('the flag modal shows and changes only what the person may see', () => {
  let h: Harness;
  let confidential: { iid: number };
  let privateIssue: { iid: number };
  beforeEach(async () => {
    // The team: TEAM by id, and the members of the user group GROUP.
    h = await startHarness({ TEAM_SLACK_USER_IDS: TEAM, TEAM_SLACK_USERGROUP: GROUP });
    h.slack.usergroups.set(GROUP, ['UGROUPIE']);
    h.gitlab.addProject({ path_with_namespace: PUBLIC });
    h.gitlab.setVisibility(PUBLIC, 'public');
    h.gitlab.setVisibility(PRODUCT, 'public');
    h.gitlab.addProject({ path_with_namespace: PRIVATE });
    confidential = h.gitlab.seedIssue(PRODUCT, { title: CONFIDENTIAL_TITLE, confidential: true });
    privateIssue = h.gitlab.seedIssue(PRIVATE, { title: PRIVATE_TITLE });
    h.gitlab.seedIssue(PUBLIC, { title: PUBLIC_TITLE });
  });
  afterEach(async () => {
    await h.close();
  });

  const suggestionsFor = async (userId: string) => {
    await h.interaction(messageShortcutPayload(h, { text: 'token bypass rotation scopes', userId }));
    const update = await waitFor(() => h.slack.views.find((v) => v.kind === 'update'), 5000, 'views.update');
    return JSON.stringify(update.view.blocks);
  };

  it('a non-member sees only public, non-confidential duplicates; the confidential and private titles reach nobody', async () => {
    const shown = await suggestionsFor('U1');
    expect(shown).toContain(PUBLIC_TITLE);
    expect(allSlack(h)).not.toContain(CONFIDENTIAL_TITLE);
    expect(allSlack(h)).not.toContain(PRIVATE_TITLE);
  });

  it('a team member sees every duplicate (their own modal)', async () => {
    const shown = await suggestionsFor(TEAM);
    expect(shown).toContain(CONFIDENTIAL_TITLE);
    expect(shown).toContain(PRIVATE_TITLE);
  });

  it('when the team lookup fails, a group member is treated as a non-member', async () => {
    h.slack.failNext('usergroups.users.list', { error: 'ratelimited' });
    const shown = await suggestionsFor('UGROUPIE');
    expect(shown).toContain(PUBLIC_TITLE);
    expect(allSlack(h)).not.toContain(CONFIDENTIAL_TITLE);
  });

  for (const [what, ref] of [
    ['a confidential issue', () => `${PRODUCT}#${confidential.iid}`],
    ['an issue of a private project', () => `${PRIVATE}#${privateIssue.iid}`],
  ] as const) {
    it(`a non-member linking ${what} gets a field error saying why and what to do; nothing is labelled, noted or replied`, async () => {
      const res = await h.submitView(flagSubmission({ choice: 'other', existing: ref(), notes: 'same' }));
      expect(res.body.response_action).toBe('errors');
      const error = String(res.body.errors[candidateIds.flagBlocks.existing]);
      expect(error).toContain('not visible to you');
      expect(error).toContain('Ask in the team channel');
      await h.idle();
      expect(writes(h)).toEqual([]);
      expect(h.bot.deps.store.flags.forMessage('C1', '1700000000.000100')).toBeUndefined();
      expect(allSlack(h)).not.toContain(CONFIDENTIAL_TITLE);
      expect(allSlack(h)).not.toContain(PRIVATE_TITLE);
    });
  }

  it('a non-member may link a public, non-confidential issue', async () => {
    const res = await h.submitView(flagSubmission({ choice: 'other', existing: `${PUBLIC}#1` }));
    expect(res.body.response_action).toBe('update');
    await waitFor(() => h.gitlab.notes(PUBLIC, 1).length === 1, 5000, 'note');
  });

  it('a team member may link a confidential issue; the thread reply names it "a confidential issue" with ref and link, never its title', async () => {
    const res = await h.submitView(
      flagSubmission({ choice: 'other', existing: `${PRODUCT}#${confidential.iid}` }, { userId: TEAM }),
    );
    expect(res.body.response_action).toBe('update');
    const reply = await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'C1' && m.thread_ts),
      5000,
      'thread reply',
    );
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain('a confidential issue');
    expect(text).toContain(`${PRODUCT}#${confidential.iid}`);
    expect(channelText(h)).not.toContain(CONFIDENTIAL_TITLE);
  });

  it("a team member linking a private project's issue in a channel: the thread reply shows its reference and link, not its title", async () => {
    const res = await h.submitView(
      flagSubmission({ choice: 'other', existing: `${PRIVATE}#${privateIssue.iid}` }, { userId: TEAM }),
    );
    expect(res.body.response_action).toBe('update');
    const reply = await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'C1' && m.thread_ts),
      5000,
      'thread reply',
    );
    expect(JSON.stringify(reply.blocks)).toContain(`${PRIVATE}#${privateIssue.iid}`);
    expect(channelText(h)).not.toContain(PRIVATE_TITLE);
  });

  it("a public project's issue keeps its title in the thread reply", async () => {
    const res = await h.submitView(
      flagSubmission({ choice: 'other', existing: `${PUBLIC}#1` }, { userId: TEAM }),
    );
    expect(res.body.response_action).toBe('update');
    const reply = await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'C1' && m.thread_ts),
      5000,
      'thread reply',
    );
    expect(JSON.stringify(reply.blocks)).toContain(PUBLIC_TITLE);
  });
});

describe('user text never mentions anyone in GitLab', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: TEAM });
  });
  afterEach(async () => {
    await h.close();
  });

  const HOSTILE = 'Ping @all and @gl-security/leads, cc @alice';

  it('a flagged message and its notes, filed as a new issue, notify nobody', async () => {
    await h.submitView(flagSubmission({ message: HOSTILE, notes: HOSTILE }));
    await waitFor(() => h.gitlab.issues(PRODUCT).length === 1, 5000, 'issue filed');
    await h.idle();
    const d = h.gitlab.issues(PRODUCT)[0]!.description;
    expect(d).toContain('Ping @');
    expect(h.gitlab.mentions).toEqual([]);
  });

  it('every field of a /prodsec request notifies nobody', async () => {
    await h.submitView(
      requestSubmission({
        problem: HOSTILE,
        currentProcess: HOSTILE,
        desiredOutcome: HOSTILE,
        definitionOfDone: HOSTILE,
        requestingTeam: HOSTILE,
      }),
    );
    await waitFor(() => h.gitlab.issues(INTERNAL).length === 1, 5000, 'request filed');
    expect(h.gitlab.issues(INTERNAL)[0]!.description).toContain('cc @');
    expect(h.gitlab.mentions).toEqual([]);
  });

  it('a note on an existing issue from a flag notifies nobody', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Webhook signer' });
    await h.submitView(
      flagSubmission({ choice: 'other', existing: `#${issue.iid}`, notes: HOSTILE }, { userId: TEAM }),
    );
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length === 1, 5000, 'note');
    expect(h.gitlab.mentions).toEqual([]);
  });

  it('a decline reason notifies nobody, while the bot still pings the group owners on take-on and decline', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Harden the signer', labels: ['group::authn'] });
    h.bot.deps.store.owners.set(
      { groupLabel: 'group::authn', usernames: ['ana-pm', 'eli-em'] },
      TEAM,
      Date.now(),
    );
    const ref = `${PRODUCT}#${issue.iid}`;
    await h.submitView(declineSubmission(ref, HOSTILE));
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length === 1, 5000, 'decline note');
    const other = h.gitlab.seedIssue(PRODUCT, { title: 'Another', labels: ['group::authn'] });
    await h.action({ actionId: candidateIds.takeOn, value: `${PRODUCT}#${other.iid}`, userId: TEAM });
    await waitFor(() => h.gitlab.notes(PRODUCT, other.iid).length === 1, 5000, 'take-on note');
    const names = h.gitlab.mentions.flatMap((m) => m.names);
    expect(names.sort()).toEqual(['ana-pm', 'ana-pm', 'eli-em', 'eli-em']);
    expect(names).not.toContain('all');
  });
});
