import { describe, expect, it } from 'vitest';
import { buildAuditLog } from '../../../src/slack/messages/audit-messages.js';
import {
  buildDeadJobAlertText,
  buildGitLabAccessAlertText,
  describeGitLabAccessProblem,
} from '../../../src/slack/messages/operator-alerts.js';
import {
  buildOwnersList,
  buildOwnersSet,
  buildOwnersUsage,
} from '../../../src/slack/messages/owners-messages.js';
import type { AuditEntry } from '../../../src/store/audit-repo.js';
import { validateBlocks } from '../../fakes/block-kit-limits.js';
import { HOSTILE } from '../fixtures.js';

const entry = (i: number): AuditEntry => ({
  id: i,
  at: 0,
  actor: 'U1',
  action: 'decide',
  issueRef: 'g/p#1',
  reason: HOSTILE,
  outcome: 'denied',
  details: null,
});

describe('audit log message', () => {
  it('escapes reasons and fits a long history in one message', () => {
    const m = buildAuditLog(
      'g/p#1',
      Array.from({ length: 500 }, (_, i) => entry(i + 1)),
    );
    const json = JSON.stringify(m.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil.test');
    expect(m.blocks?.length).toBeLessThanOrEqual(50);
    expect(validateBlocks(m.blocks, 'message')).toEqual([]);
    expect(buildAuditLog('g/p#1', []).text).toContain('Nothing is recorded');
  });
});

describe('owners messages', () => {
  it('escape group labels and usernames', () => {
    const set = buildOwnersSet('group::<!channel>', ['<@U1>', 'bob']);
    expect(set.text).not.toContain('<!channel>');
    expect(set.text).not.toContain('<@U1>');
    expect(set.text).toContain('@bob');
    const list = buildOwnersList([
      { groupLabel: 'group::a', usernames: ['<!here>'], updatedBy: 'U2', updatedAt: 0 },
    ]);
    expect(JSON.stringify(list.blocks)).not.toContain('<!here>');
    expect(validateBlocks(list.blocks, 'message')).toEqual([]);
    expect(buildOwnersUsage('<!everyone>?').text).not.toContain('<!everyone>');
  });
});

describe('operator alerts', () => {
  it('name the GitLab problem: a rejected token, or a refused path', () => {
    expect(describeGitLabAccessProblem({ isAuth: true, path: '/x' })).toBe(
      'GitLab rejected the bot token (401)',
    );
    const refused = describeGitLabAccessProblem({ isAuth: false, path: '/projects/1/issues' });
    expect(refused).toBe('GitLab refused the bot access (403) on /projects/1/issues');
    expect(buildGitLabAccessAlertText(refused)).toContain('Check GITLAB_TOKEN');
  });

  it('say which job the outbox gave up on, with its error escaped and cut to 300 characters', () => {
    const text = buildDeadJobAlertText(
      { kind: 'file_request', id: 7, attempts: 50 },
      `<!channel>${'e'.repeat(1000)}`,
    );
    expect(text).toContain('file_request job (#7) after 50 attempts');
    expect(text).not.toContain('<!channel>');
    expect(text.length).toBeLessThan(450);
  });
});
