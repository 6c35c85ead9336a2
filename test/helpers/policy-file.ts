import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `yaml` as a policy file (PRODSEC_POLICY_FILE) in a fresh folder; returns its path. */
export function policyFile(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.yml');
  writeFileSync(file, yaml);
  return file;
}

/** A request type's `fields:` with one field of every palette kind (indented for a type entry). */
export const EVERY_FIELD_KIND = `    fields:
      - { id: summary, kind: short_text, label: Feature name, required: true }
      - { id: design, kind: long_text, label: What is being built, required: true }
      - { id: spec, kind: url, label: Spec }
      - { id: docs, kind: urls, label: Design documents }
      - { id: tier, kind: select, label: Data tier, options: [public, { value: red, label: Red data }], required: true }
      - { id: due, kind: date, label: Needed by, required: true }
      - { id: people, kind: users, label: Engineers }
      - { id: mrs, kind: merge_request, label: Prototype MRs }
`;
