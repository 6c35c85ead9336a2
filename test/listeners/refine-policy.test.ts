import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import { type AnyView, finishPayload, openChecklist } from '../helpers/refine-form.js';
import { waitFor } from '../helpers/slack-request.js';

const blockIds = ids.refine.blocks;

const POLICY = `
weights:
  - { value: 1, meaning: Trivial }
  - { value: 2, meaning: Small }
  - { value: 3, meaning: Medium }
  - { value: 5, meaning: Large }
  - { value: 8, meaning: Very large, takes most of a milestone and a lot of people to agree on the design }
priority:
  prefix: 'priority::'
  levels:
    - { value: '1', meaning: Now }
    - { value: '2', meaning: Soon }
    - { value: '3', meaning: Later }
    - { value: '4', meaning: Someday }
refinementTimeboxMinutes: 30
`;

describe('refinement with a custom policy file (weights 1/2/3/5/8, priority::)', () => {
  let h: Harness;
  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const file = join(dir, 'policy.yml');
    writeFileSync(file, POLICY);
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM', PRODSEC_POLICY_FILE: file });
    h.gitlab.seedIssue(PRODUCT, { title: 'Rotate tokens', labels: ['ProdSecEng Candidate', 'priority::4'] });
  });
  afterEach(async () => {
    await h.close();
  });

  it('offers the configured scales, with meanings cut to fit, and applies weight 8 and priority::2', async () => {
    const view = await openChecklist(h, '#1');
    const weight = view.blocks.find((b: AnyView) => b.block_id === blockIds.weight);
    expect(weight.element.options.map((o: AnyView) => o.value)).toEqual(['1', '2', '3', '5', '8', 'over']);
    expect(weight.element.options.every((o: AnyView) => o.text.text.length <= 75)).toBe(true);
    expect(weight.element.options.at(-1).text.text).toContain('More than 8');
    const priority = view.blocks.find((b: AnyView) => b.block_id === blockIds.priority);
    expect(priority.element.initial_option.value).toBe('4');
    expect(JSON.stringify(view.blocks)).toContain('timebox 30 min');

    await h.submitView(finishPayload(view, { weight: '8', priority: '2' }));
    await waitFor(() => h.gitlab.notes(PRODUCT, 1).length === 1, 5000, 'note');
    const issue = h.gitlab.issue(PRODUCT, 1)!;
    expect(issue.weight).toBe(8);
    expect(issue.labels.filter((l) => l.startsWith('priority::'))).toEqual(['priority::2']);
    expect(h.gitlab.notes(PRODUCT, 1)[0]!.body).toContain('**Weight**: 8 (Very large');
  });

  it('refuses a weight above 8 or off the scale, naming the scale', async () => {
    const view = await openChecklist(h, '#1');
    const over = await h.submitView(finishPayload(view, { weight: 'over' }));
    expect(over.body.errors[blockIds.weight]).toMatch(/above 8.*break it down/);
    const off = await h.submitView(finishPayload(view, { weight: '4' }));
    expect(off.body.errors[blockIds.weight]).toMatch(/not on the scale \(1, 2, 3, 5, 8\)/);
  });
});
