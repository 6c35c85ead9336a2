import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxWeight, newRequestLabels, priorityLabel } from '../src/domain/taxonomy.js';
import { loadTaxonomy, PolicyError } from '../src/policy.js';

const dir = mkdtempSync(join(tmpdir(), 'policy-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('policy file', () => {
  it('defaults to the handbook values', () => {
    const t = loadTaxonomy(undefined);
    expect(maxWeight(t)).toBe(5);
    expect(newRequestLabels(t)).toEqual([
      'ProdSecEng Candidate',
      'workflow::validation backlog',
      'ProdSecEngMetric::Pending',
    ]);
    expect(priorityLabel(t, '1')).toBe('ProdSecEngPriority::1');
  });

  it('overrides scales and label prefixes from YAML, keeping other defaults', () => {
    const t = loadTaxonomy(
      file(
        'p.yml',
        `weights:\n${[1, 2, 3, 5, 8].map((w) => `  - { value: ${w}, meaning: "w${w}" }`).join('\n')}\npriority:\n  prefix: "priority::"\n  levels:\n${[1, 2, 3, 4].map((p) => `    - { value: "${p}", meaning: "p${p}" }`).join('\n')}\n`,
      ),
    );
    expect(maxWeight(t)).toBe(8);
    expect(priorityLabel(t, '4')).toBe('priority::4');
    expect(t.labels.candidate).toBe('ProdSecEng Candidate');
  });

  it('reads JSON too', () => {
    const t = loadTaxonomy(file('p.json', JSON.stringify({ labels: { candidate: 'Candidate' } })));
    expect(t.labels.candidate).toBe('Candidate');
  });

  it('names the bad path in a clear error', () => {
    expect(() => loadTaxonomy(file('bad.yml', 'weights:\n  - { value: -1, meaning: "" }\n'))).toThrowError(
      /weights\.0\.value/,
    );
    expect(() => loadTaxonomy(file('typo.yml', 'labelz: {}\n'))).toThrowError(PolicyError);
    expect(() => loadTaxonomy(join(dir, 'missing.yml'))).toThrowError(/cannot be read/);
    expect(() => loadTaxonomy(file('broken.yml', 'weights: [\n'))).toThrowError(/not valid YAML/);
  });
});
