import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK_PATH } from '../../src/identity/index.js';
import { OAUTH_APP } from '../fakes/gitlab-oauth.js';
import { flagMessage } from '../helpers/filed-request.js';
import { INTERNAL } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';
import { connect, identityEnv, PUBLIC_URL, person } from '../identity/connect.js';
import { changeDms, fileThroughBot, startWebhookHarness, type WebhookHarness } from './webhook-harness.js';

describe('GitLab comments → who is told: someone other than the requester', () => {
  let w: WebhookHarness;
  afterEach(async () => {
    await w.close();
  });

  async function linkedRequester() {
    w = await startWebhookHarness(identityEnv());
    w.h.gitlab.oauth.registerApp({ ...OAUTH_APP, redirectUri: `${PUBLIC_URL}${CALLBACK_PATH}` });
    const alice = person(w.h, 'U1', 'alice');
    w.h.gitlab.addMember(INTERNAL, 'alice', 30);
    await connect(w.h, 'U1', alice);
    w.h.gitlab.addUser({ username: 'bob', name: 'Bob Builder' });
    const issue = await fileThroughBot(w, { title: 'Rotate the signing keys' });
    return { issue, alice };
  }

  it("the requester's own comment (linked) tells them nothing; someone else's tells them once; the bot's none", async () => {
    const { issue, alice } = await linkedRequester();
    // Filed with their own token: GitLab names them as the author.
    expect(w.h.gitlab.issues(INTERNAL).find((i) => i.iid === issue.iid)?.author.id).toBe(alice.id);

    w.h.gitlab.comment(INTERNAL, issue.iid, 'Adding the rotation runbook link.', 'alice');
    await w.settle();
    expect(changeDms(w.h, 'U1')).toEqual([]);
    // It is still in the change record (the digest and the App Home read it).
    const recorded = w.h.bot.deps.store.issueChanges.changesOf(`${INTERNAL}#${issue.iid}`);
    expect(recorded.filter((c) => c.kind === 'commented').map((c) => c.actor)).toEqual(['alice']);

    const note = w.h.gitlab.comment(INTERNAL, issue.iid, 'Which keys exactly?', 'bob');
    await w.settle();
    const told = changeDms(w.h, 'U1');
    expect(told.map((m) => m.text)).toEqual(['Your request R-1 has a new comment from Bob Builder.']);
    expect(JSON.stringify(told[0]!.blocks)).toContain(`#note_${note.id}`);

    await w.h.bot.deps.gitlab.addNote(INTERNAL, issue.iid, 'a note by the bot');
    await w.settle();
    expect(changeDms(w.h, 'U1')).toHaveLength(1);
  });

  it('recognises the requester as the issue author after they disconnect; a flagger still hears of it', async () => {
    const { issue } = await linkedRequester();
    await w.h.command('disconnect', { user: 'U1' });
    await waitFor(() => w.h.bot.deps.identity.linkOf('U1') === null || null, 5000, 'unlinked');
    flagMessage(w.h.bot.deps, { project: INTERNAL, iid: issue.iid, flaggerId: 'UFLAG' });

    w.h.gitlab.comment(INTERNAL, issue.iid, 'One more detail from me.', 'alice');
    await w.settle();
    expect(changeDms(w.h, 'U1')).toEqual([]);
    expect(changeDms(w.h, 'UFLAG').map((m) => m.text)).toEqual([
      `The issue you flagged (${INTERNAL}#${issue.iid}) has a new comment from alice.`,
    ]);
  });
});
