import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, INTERNAL, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

const SLACK_ATTACKS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S1>',
  '<@U999>',
  '<#C999>',
  '<https://evil.example|ok>',
];
const QUICK_ACTIONS = [
  '/close',
  '  /label ~"workflow::ready for development"',
  '\t/assign @admin',
  'ok\r\n/confidential',
  'ok\r/title pwned',
  'ok\n   /weight 9',
  '/unlabel ~"ProdSecEng Candidate"',
];

/** Every raw mrkdwn control sequence an attacker could have planted, anywhere in what the bot sent. */
function rawSequencesIn(text: string): string[] {
  return SLACK_ATTACKS.filter((a) => text.includes(a));
}

describe('no user text can ping in Slack or run a quick action in GitLab (intake)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('quick actions in every free-text field stay literal text and run nothing', async () => {
    const payload = QUICK_ACTIONS.join('\n');
    await h.submitView(
      requestSubmission({
        title: '/close this title',
        problem: payload,
        currentProcess: payload,
        desiredOutcome: payload,
        definitionOfDone: payload,
        requestingTeam: '/label ~evil',
        links: 'https://example.com/a\nhttps://example.com/b',
      }),
    );
    const issue = await waitFor(() => h.gitlab.issues(INTERNAL)[0], 5000, 'issue');
    expect(h.gitlab.quickActionsExecuted).toEqual([]);
    expect(issue.state).toBe('opened');
    expect(issue.title).toBe('/close this title');
    expect(issue.labels.sort()).toEqual([
      'ProdSecEng Candidate',
      'ProdSecEngMetric::Pending',
      'workflow::validation backlog',
    ]);
    expect(issue.assignees).toEqual([]);
    expect(issue.weight).toBeNull();
    // the text is all still there, readable
    expect(issue.description).toContain('\\/close');
    // The mention is broken too (an invisible joiner after the @): it reads the same.
    expect(issue.description).toContain('\\/assign @\u200dadmin');
    expect(issue.description).not.toMatch(/\r/);
  });

  it('mrkdwn sequences in every field are escaped wherever the bot echoes them', async () => {
    const attack = SLACK_ATTACKS.join(' ');
    await h.submitView(
      requestSubmission({
        title: `Title ${attack}`.slice(0, 255),
        problem: attack,
        desiredOutcome: attack,
        definitionOfDone: attack,
        requestingTeam: attack.slice(0, 200),
      }),
    );
    await waitFor(() => h.slack.messages.find((m) => m.text?.includes('filed')), 5000, 'DM');
    const mine = await h.command('mine');
    const status = await h.command('status R-1');
    const everything = JSON.stringify([h.slack.messages, mine.body, status.body]);
    expect(rawSequencesIn(everything)).toEqual([]);
    expect(everything).toContain('&lt;!channel&gt;');
  });

  it('already-escaped text is escaped again, never unescaped into a live sequence', async () => {
    await h.submitView(requestSubmission({ title: 'Literal &lt;!channel&gt; text' }));
    await waitFor(() => h.slack.messages.find((m) => m.text?.includes('filed')), 5000, 'DM');
    const status = await h.command('status R-1');
    const text = JSON.stringify(status.body);
    expect(text).toContain('&amp;lt;!channel&amp;gt;');
    expect(text).not.toContain('<!channel>');
  });
});
