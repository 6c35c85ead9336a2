import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { createStore } from '../../src/store/index.js';

const fields = {
  mode: 'new' as const,
  message: 'm',
  title: 't',
  kind: 'product' as const,
  notes: '',
  confidential: true,
};
const flag = (sourceKey: string) => ({
  sourceKey,
  channelId: 'C1',
  messageTs: '1.1',
  threadTs: '1.1',
  permalink: null,
  flaggerId: 'U1',
  fields,
  project: 'g/p',
  iid: null,
  issueKey: null,
  marker: `m-${sourceKey}`,
});

describe('flags and decisions in SQLite', () => {
  it('keeps one live flag per message; a failed one may be replaced', () => {
    const store = createStore(openDatabase(':memory:'));
    const first = store.flags.insert(flag('view:1'), 1);
    expect(first.created).toBe(true);
    expect(store.flags.insert(flag('view:2'), 2)).toMatchObject({
      created: false,
      record: { id: first.record.id },
    });
    store.flags.markProblem(first.record.id, 'failed', '404', 3);
    const again = store.flags.insert(flag('view:3'), 4);
    expect(again.created).toBe(true);
    expect(store.flags.forMessage('C1', '1.1')?.sourceKey).toBe('view:3');
    store.flags.markLinked(again.record.id, { iid: 7, issueKey: 'g/p#7', url: 'u' }, 5);
    expect(store.flags.forIssue('g/p#7').map((f) => f.flaggerId)).toEqual(['U1']);
  });

  it('records decision steps and finds the pending decision of an issue', () => {
    const store = createStore(openDatabase(':memory:'));
    const d = {
      sourceKey: 'action:1',
      kind: 'take_on' as const,
      project: 'g/p',
      iid: 1,
      issueKey: 'g/p#1',
      actorId: 'U1',
      reason: null,
      metric: null,
      seekCommunity: false,
    };
    const { record } = store.decisions.insert(d, 1);
    expect(store.decisions.insert(d, 2).created).toBe(false);
    store.decisions.markStep(record.id, 'labels', 3);
    expect(store.decisions.pendingFor('g/p#1')?.steps).toEqual({ labels: 3 });
    store.decisions.markApplied(record.id, 4);
    expect(store.decisions.pendingFor('g/p#1')).toBeUndefined();
  });
});
