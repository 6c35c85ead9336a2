import type { Config } from '../config.js';
import type { Deps } from '../deps.js';
import type { IssueRef } from '../domain/issue-ref.js';
import { describeScope, isInScope, type Scope, scopeFrom } from '../domain/scope.js';

const built = new WeakMap<Config, Scope>();

/** The bot's scope, built once from the configuration it runs with. */
export function scopeOf(deps: Pick<Deps, 'config'>): Scope {
  let scope = built.get(deps.config);
  if (!scope) {
    scope = scopeFrom({
      internalProject: deps.config.GITLAB_INTERNAL_PROJECT,
      productProject: deps.config.GITLAB_PRODUCT_PROJECT,
      groups: deps.config.GITLAB_GROUPS,
    });
    built.set(deps.config, scope);
  }
  return scope;
}

/** True when the bot may read and change the issue `ref` points at. Check BEFORE any GitLab call. */
export function refInScope(deps: Pick<Deps, 'config'>, ref: Pick<IssueRef, 'project'>): boolean {
  const id = /^\d+$/.test(ref.project.trim()) ? Number(ref.project) : undefined;
  return isInScope({ path: ref.project, id }, scopeOf(deps));
}

/** The scope in words, for refusals. */
export function scopeInWords(deps: Pick<Deps, 'config'>): string {
  return describeScope(scopeOf(deps));
}
