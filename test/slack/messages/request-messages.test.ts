import { describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import {
  buildFiledMessage,
  buildFilingFailedMessage,
  buildRequestList,
  buildRequestStatus,
  buildSavedWillRetryMessage,
} from '../../../src/slack/messages/request-messages.js';
import { validateBlocks } from '../../fakes/block-kit-limits.js';
import { aRequest, HOSTILE } from '../fixtures.js';

describe('request messages', () => {
  it('confirms the filing with the issue link, the title escaped, and an Escalate button for the ref', () => {
    const m = buildFiledMessage(aRequest({ title: HOSTILE }));
    const json = JSON.stringify(m.blocks);
    expect(m.text).toContain('https://gitlab.test/sec/internal/-/issues/5');
    expect(json).toContain('sec/internal#5');
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil.test');
    const button = m.blocks
      ?.flatMap((b) => (b.type === 'actions' ? b.elements : []))
      .find((e) => 'action_id' in e && e.action_id === ids.escalation.fromRequest);
    expect(button).toMatchObject({ value: 'R-3' });
    expect(validateBlocks(m.blocks, 'message')).toEqual([]);
  });

  it('escapes GitLab’s reason in the failure message, in the blocks and the notification text', () => {
    const m = buildFilingFailedMessage(aRequest({ status: 'failed' }), '<!everyone> denied');
    expect(m.text).not.toContain('<!everyone>');
    expect(JSON.stringify(m.blocks)).toContain('&lt;!everyone&gt; denied');
    expect(validateBlocks(m.blocks, 'message')).toEqual([]);
  });

  it('keeps a long title within the section limit when the bot will retry', () => {
    const m = buildSavedWillRetryMessage(aRequest({ title: `<${'x'.repeat(5000)}` }));
    expect(validateBlocks(m.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(m.blocks)).not.toContain('<x');
  });

  it('lists many requests within 50 blocks, and says how to start when there are none', () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      aRequest({ id: i + 1, ref: `R-${i + 1}`, title: 't'.repeat(200) }),
    );
    const list = buildRequestList(many);
    expect(list.blocks?.length).toBeLessThanOrEqual(50);
    expect(validateBlocks(list.blocks, 'message')).toEqual([]);
    expect(buildRequestList([]).text).toContain('/prodsec request');
  });

  it('shows a request’s status, with no issue yet while it is being filed', () => {
    const m = buildRequestStatus(aRequest({ status: 'saved', issueUrl: null, issueIid: null }));
    expect(m.text).toBe('R-3: saved, being filed');
    expect(JSON.stringify(m.blocks)).toContain('_no issue yet_');
    expect(validateBlocks(m.blocks, 'message')).toEqual([]);
  });
});
