import { describe, expect, it } from 'vitest';
import { mrkdwnToPlain } from '../../src/slack/mrkdwn-plain.js';

describe('Slack message text as plain text', () => {
  it('turns links, mentions and entities back into what the author typed', () => {
    expect(
      mrkdwnToPlain(
        '<@U1|ann> see <https://a.example|docs> and <https://b.example> in <#C1|sec> <!here> &lt;b&gt; &amp;',
      ),
    ).toBe('@ann see docs (https://a.example) and https://b.example in #sec @here <b> &');
  });
});
