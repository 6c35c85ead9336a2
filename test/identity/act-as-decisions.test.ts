import { afterEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { BOT_USER } from '../fakes/gitlab-store.js';
import { TEAM, teamEnv, waitForDm } from '../helpers/candidates.js';
import { type Harness, PRODUCT } from '../helpers/harness.js';
import { finishPayload, openChecklist } from '../helpers/refine-form.js';
import { waitFor } from '../helpers/slack-request.js';
import { connect, dmsTo, person, startIdentityHarness } from './connect.js';

const CANDIDATE = 'ProdSecEng Candidate';
const TEAM_LABEL = 'team::Product Security Engineering';
const START_LABELS = [CANDIDATE, 'workflow::validation backlog', 'ProdSecEngMetric::Pending'];

/** Who made each write to the issue, as GitLab saw it. */
const writers = (h: Harness, iid: number) => ({
  puts: h.gitlab.callsMatching('PUT', new RegExp(`/issues/${iid}$`)).map((c) => [c.user, c.status]),
  notes: h.gitlab.callsMatching('POST', new RegExp(`/issues/${iid}/notes$`)).map((c) => [c.user, c.status]),
});

describe("a team member's decisions and refinements are written as them when linked", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function start(level: number | null) {
    h = await startIdentityHarness(teamEnv);
    const alice = person(h, TEAM, 'alice');
    if (level !== null) {
      h.gitlab.addMember(PRODUCT, 'alice', level);
      await connect(h, TEAM, alice);
    }
    return h.gitlab.seedIssue(PRODUCT, { title: 'Harden the webhook signer', labels: START_LABELS });
  }

  const takeOn = async (iid: number) => {
    await h.action({ actionId: ids.candidates.takeOn, value: `${PRODUCT}#${iid}`, userId: TEAM });
    await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    await h.idle();
  };

  it('a linked member takes work on: the labels and the note are made with her token, so GitLab names her', async () => {
    const issue = await start(30);
    await takeOn(issue.iid);
    expect(writers(h, issue.iid)).toEqual({ puts: [['alice', 200]], notes: [['alice', 201]] });
    expect(h.gitlab.issue(PRODUCT, issue.iid)!.labels).toContain(TEAM_LABEL);
    const [note] = h.gitlab.notes(PRODUCT, issue.iid);
    expect(note!.author.username).toBe('alice');
    expect(note!.body).not.toContain('on behalf of');
  });

  it('an unlinked member: the bot writes, and the note says on whose behalf', async () => {
    const issue = await start(null);
    await takeOn(issue.iid);
    expect(writers(h, issue.iid)).toEqual({ puts: [['bot', 200]], notes: [['bot', 201]] });
    const [note] = h.gitlab.notes(PRODUCT, issue.iid);
    expect(note!.author.id).toBe(BOT_USER.id);
    expect(note!.body).toContain(`on behalf of Slack user ${TEAM}`);
  });

  it('a linked member GitLab does not let edit the issue (a guest, 403): the bot applies the labels for her, nothing is lost', async () => {
    const issue = await start(10);
    await takeOn(issue.iid);
    expect(writers(h, issue.iid)).toEqual({
      puts: [
        ['alice', 403],
        ['bot', 200],
      ],
      // A guest may comment on an issue she can read: the note is hers.
      notes: [['alice', 201]],
    });
    expect(h.gitlab.issue(PRODUCT, issue.iid)!.labels).toContain(TEAM_LABEL);
    expect(h.gitlab.notes(PRODUCT, issue.iid)).toHaveLength(1);
    expect(h.bot.deps.store.decisions.get(1)!.status).toBe('applied');
  });

  it("a linked member's note whose answer was lost is not posted twice on retry", async () => {
    const issue = await start(30);
    h.gitlab.failNext({ method: 'POST', path: /\/notes$/ }, { afterCommit: { status: 502 } });
    await h.action({ actionId: ids.candidates.takeOn, value: `${PRODUCT}#${issue.iid}`, userId: TEAM });
    await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    await h.idle();
    const notes = h.gitlab.notes(PRODUCT, issue.iid);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.author.username).toBe('alice');
    // The retry looked for the marker with the bot's token, which reads every note.
    expect(
      h.gitlab.callsMatching('GET', new RegExp(`/issues/${issue.iid}/notes$`)).map((c) => c.user),
    ).toEqual(['bot']);
  });

  async function refine(iid: number) {
    const view = await openChecklist(h, `${PRODUCT}#${iid}`, TEAM);
    await h.submitView(finishPayload(view, {}, TEAM));
    await waitFor(() => dmsTo(h, TEAM).find((t) => t.includes('is in GitLab')), 8000, 'applied DM');
    await h.idle();
  }

  it("a linked member's refinement (weight, labels, note) is written with her token", async () => {
    const issue = await start(30);
    await refine(issue.iid);
    expect(writers(h, issue.iid)).toEqual({
      puts: [
        ['alice', 200],
        ['alice', 200],
      ],
      notes: [['alice', 201]],
    });
    const fake = h.gitlab.issue(PRODUCT, issue.iid)!;
    expect(fake.weight).toBe(3);
    const [note] = h.gitlab.notes(PRODUCT, issue.iid);
    expect(note!.author.username).toBe('alice');
    expect(note!.body).toContain('Refined in Slack by');
    expect(note!.body).not.toContain('on behalf of');
  });

  it("an unlinked member's refinement is written by the bot, the note naming her", async () => {
    const issue = await start(null);
    await refine(issue.iid);
    expect(writers(h, issue.iid)).toEqual({
      puts: [
        ['bot', 200],
        ['bot', 200],
      ],
      notes: [['bot', 201]],
    });
    const [note] = h.gitlab.notes(PRODUCT, issue.iid);
    expect(note!.body).toMatch(new RegExp(`Posted by prodsec-bot on behalf of .+ \\(Slack user ${TEAM}\\)`));
  });
});
