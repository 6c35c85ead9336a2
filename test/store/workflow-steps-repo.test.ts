import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { createWorkflowStepsRepo } from '../../src/store/workflow-steps-repo.js';

describe('workflow steps repository (real migrations on :memory:)', () => {
  it('records a run once per execution, finds it by request, and finishes it once', () => {
    const db = openDatabase(':memory:');
    db.prepare(
      `INSERT INTO requests (id, source_key, kind, title, fields_json, requester_id, status, project, marker, attempts, created_at, updated_at)
       VALUES (7, 'workflow:Fx1', 'internal', 't', '{}', 'U1', 'saved', 'sec/x', 'm', 0, 1, 1)`,
    ).run();
    const repo = createWorkflowStepsRepo(db);
    expect(repo.insert({ executionId: 'Fx1', requestId: 7 }, 100).created).toBe(true);
    const again = repo.insert({ executionId: 'Fx1' }, 200);
    expect(again).toMatchObject({ created: false, run: { requestId: 7, state: 'open', createdAt: 100 } });
    expect(repo.forRequest(7).map((r) => r.executionId)).toEqual(['Fx1']);
    expect(repo.forQuestion(7)).toEqual([]);
    expect(repo.finish('Fx1', 'completed', 300)).toBe(true);
    expect(repo.finish('Fx1', 'failed', 400)).toBe(false);
    expect(repo.get('Fx1')).toMatchObject({ state: 'completed', updatedAt: 300 });
  });
});
