import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type Taxonomy, taxonomySchema } from './domain/taxonomy.js';

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/** Reads the optional policy file (YAML or JSON) and validates it against the taxonomy schema. */
export function loadTaxonomy(file: string | undefined): Taxonomy {
  if (!file) return taxonomySchema.parse({});
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(`PRODSEC_POLICY_FILE ${file} cannot be read: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw);
  } catch (err) {
    throw new PolicyError(`PRODSEC_POLICY_FILE ${file} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  const result = taxonomySchema.safeParse(data ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PolicyError(`PRODSEC_POLICY_FILE ${file} is invalid:\n${problems.join('\n')}`);
  }
  return result.data;
}
