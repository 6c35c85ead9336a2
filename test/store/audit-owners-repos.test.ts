import { describe, expect, it } from 'vitest';
import { createAuditRepo } from '../../src/store/audit-repo.js';
import { openDatabase } from '../../src/store/db.js';
import { createOwnersRepo } from '../../src/store/owners-repo.js';

describe('audit and owners repositories', () => {
  it('read back entries with their details parsed, and none as null', () => {
    const audit = createAuditRepo(openDatabase(':memory:'));
    audit.record({
      at: 5,
      actor: 'U1',
      action: 'decide',
      issueRef: 'g/p#1',
      reason: 'r',
      outcome: 'ok',
      details: { a: 1 },
    });
    audit.record({
      at: 6,
      actor: 'U2',
      action: 'decide',
      issueRef: null,
      reason: null,
      outcome: 'denied',
      details: null,
    });
    expect(audit.all()).toEqual([
      {
        id: 1,
        at: 5,
        actor: 'U1',
        action: 'decide',
        issueRef: 'g/p#1',
        reason: 'r',
        outcome: 'ok',
        details: { a: 1 },
      },
      {
        id: 2,
        at: 6,
        actor: 'U2',
        action: 'decide',
        issueRef: null,
        reason: null,
        outcome: 'denied',
        details: null,
      },
    ]);
    expect(audit.forIssue('g/p#1')).toHaveLength(1);
  });

  it('keys owners by lower-case group label and reads the usernames back as a list', () => {
    const owners = createOwnersRepo(openDatabase(':memory:'));
    owners.set({ groupLabel: 'group::Alpha', usernames: ['pm', 'em'] }, 'U1', 9);
    expect(owners.get('GROUP::alpha')).toEqual({
      groupLabel: 'group::alpha',
      usernames: ['pm', 'em'],
      updatedBy: 'U1',
      updatedAt: 9,
    });
  });
});
