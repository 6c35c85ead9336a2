import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Config } from './config.js';
import { checkRequestTypeTargets, type RequestScope } from './domain/request-types.js';
import { type Taxonomy, taxonomySchema } from './domain/taxonomy.js';
import { checkTypesFitBlockKit } from './slack/views/request-type-fit.js';

export class PolicyError extends Error {
  override name = 'PolicyError';
}

export interface PolicyOptions {
  /** The projects the bot covers (from the config): every request type's target must be one of them. */
  scope?: RequestScope;
}

/** The scope request types may file into, from the settings. */
export function requestScopeFrom(
  config: Pick<Config, 'GITLAB_INTERNAL_PROJECT' | 'GITLAB_PRODUCT_PROJECT' | 'GITLAB_GROUPS'>,
): RequestScope {
  return {
    internalProject: config.GITLAB_INTERNAL_PROJECT,
    productProject: config.GITLAB_PRODUCT_PROJECT,
    groups: config.GITLAB_GROUPS,
  };
}

/** Reads the optional policy file (YAML or JSON) and validates it against the taxonomy schema. */
export function loadTaxonomy(file: string | undefined, opts: PolicyOptions = {}): Taxonomy {
  const name = `PRODSEC_POLICY_FILE ${file ?? '(none)'}`;
  let data: unknown = {};
  if (file) {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (err) {
      throw new PolicyError(`${name} cannot be read: ${(err as Error).message}`);
    }
    try {
      data = file.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw);
    } catch (err) {
      throw new PolicyError(`${name} is not valid YAML/JSON: ${(err as Error).message}`);
    }
  }
  const result = taxonomySchema.safeParse(data ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw invalid(name, problems);
  }
  // A form Slack would refuse, or a type filing outside the scope, is refused now, not at the first request.
  const problems = [
    ...checkTypesFitBlockKit(result.data.requestTypes),
    ...(opts.scope ? checkRequestTypeTargets(result.data.requestTypes, opts.scope) : []),
  ];
  if (problems.length > 0) throw invalid(name, problems);
  return result.data;
}

function invalid(name: string, problems: string[]): PolicyError {
  return new PolicyError(`${name} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
