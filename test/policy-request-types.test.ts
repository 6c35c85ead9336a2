import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy, PolicyError, requestScopeFrom } from '../src/policy.js';

const dir = mkdtempSync(join(tmpdir(), 'policy-types-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const scope = { internalProject: 'sec/tools', productProject: 'org/product', groups: ['org'] };
const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return (err as Error).message;
  }
  throw new Error('did not throw');
};

const issueExample = `requestTypes:
  - id: threat-model            # lower-case, used in \`/prodsec request threat-model\`
    name: Threat model review
    description: We review the design of a new feature before it is built.
    target: product             # internal | product | a group/project path within scope
    labels: [threat model]
    confidential: true
    notifyChannel: C0123ABCD    # optional
    fields:
      - { id: design, kind: long_text, label: What is being built, required: true }
      - { id: docs, kind: urls, label: Design documents }
      - { id: due, kind: date, label: Needed by, required: true }
  - { id: review, labels: [appsec review] }
`;

describe('requestTypes in the policy file', () => {
  it('takes its scope from the GitLab settings', () => {
    expect(
      requestScopeFrom({
        GITLAB_INTERNAL_PROJECT: 'sec/tools',
        GITLAB_PRODUCT_PROJECT: 'org/product',
        GITLAB_GROUPS: ['org'],
      }),
    ).toEqual(scope);
  });

  it('a team without a policy file gets the four default types', () => {
    expect(loadTaxonomy(undefined, { scope }).requestTypes.map((t) => t.id)).toEqual([
      'automation',
      'product',
      'review',
      'support',
    ]);
  });

  it('reads the issue YAML: the listed types replace the defaults, a bare default id keeps it with overrides', () => {
    const t = loadTaxonomy(file('types.yml', issueExample), { scope });
    expect(t.requestTypes.map((x) => x.id)).toEqual(['threat-model', 'review']);
    expect(t.requestTypes[1]?.labels).toEqual(['appsec review']);
    expect(t.requestTypes[1]?.fields).toHaveLength(4);
    expect(t.labels.candidate).toBe('ProdSecEng Candidate');
  });

  it('refuses a bad value with its path', () => {
    const m = message(() =>
      loadTaxonomy(
        file(
          'bad.yml',
          'requestTypes:\n  - { id: review }\n  - { id: x, name: X, description: d, target: product, fields: [{ id: a, kind: rich_text, label: A }] }\n',
        ),
        { scope },
      ),
    );
    expect(m).toMatch(/is invalid:\n {2}- requestTypes\.1\.fields\.0\.kind: must be one of/);
  });

  it('refuses at start-up a target outside GITLAB_INTERNAL_PROJECT, GITLAB_PRODUCT_PROJECT and GITLAB_GROUPS', () => {
    const yml =
      'requestTypes:\n  - { id: a, name: A, description: d, target: org/sub/app, fields: [{ id: x, kind: long_text, label: X }] }\n  - { id: b, name: B, description: d, target: other/app, fields: [{ id: x, kind: long_text, label: X }] }\n';
    const m = message(() => loadTaxonomy(file('scope.yml', yml), { scope }));
    expect(m).toContain('requestTypes.1.target: other/app is outside the projects the bot covers');
    expect(m).not.toContain('requestTypes.0.target');
    expect(
      loadTaxonomy(file('scope.yml', yml), { scope: { ...scope, groups: ['org', 'other'] } }).requestTypes,
    ).toHaveLength(2);
  });

  it('refuses at start-up a type whose form would break Block Kit limits', () => {
    const fields = Array.from(
      { length: 97 },
      (_, i) => `      - { id: f${i}, kind: short_text, label: F${i} }`,
    ).join('\n');
    const tooMany = `requestTypes:\n  - id: big\n    name: Big\n    description: d\n    target: product\n    fields:\n${fields}\n`;
    expect(message(() => loadTaxonomy(file('big.yml', tooMany), { scope }))).toContain(
      'requestTypes.0.fields: 97 fields make a form of more than 100 blocks',
    );
    const longOption = `requestTypes:\n  - id: sel\n    name: ${'N'.repeat(80)}\n    description: d\n    target: product\n    fields:\n      - { id: s, kind: select, label: S, options: ["${'o'.repeat(151)}"] }\n`;
    const m = message(() => loadTaxonomy(file('long.yml', longOption), { scope }));
    expect(m).toContain('requestTypes.0.name: must be at most 75 characters');
    expect(m).toContain('requestTypes.0.fields.0.options.0.label: must be at most 75 characters');
    expect(m).toContain('requestTypes.0.fields.0.options.0.value: must be at most 150 characters');
    const fits = `requestTypes:\n  - id: big\n    name: Big\n    description: d\n    target: product\n    fields:\n${fields.split('\n').slice(0, 95).join('\n')}\n`;
    expect(loadTaxonomy(file('fits.yml', fits), { scope }).requestTypes[0]?.fields).toHaveLength(95);
  });
});
