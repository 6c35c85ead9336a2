/**
 * The projects the bot may read and change: GITLAB_INTERNAL_PROJECT, GITLAB_PRODUCT_PROJECT and
 * every project under GITLAB_GROUPS. Everything else is out of scope for everyone, team included.
 *
 * NOTE: GitLab paths are case-insensitive (`GL-Security/AppSec` and `gl-security/appsec` are the
 * same project), so every comparison here is on the canonical, lower-cased path.
 */
export interface Scope {
  /** Canonical paths of the configured projects. */
  projects: string[];
  /** Numeric ids of configured projects given by id instead of path. */
  projectIds: number[];
  /** Canonical group paths; a project is in scope when it sits anywhere below one. */
  groups: string[];
}

export function canonicalPath(path: string): string {
  return path
    .trim()
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase();
}

export function scopeFrom(settings: {
  internalProject: string;
  productProject: string;
  groups: string[];
}): Scope {
  const projects: string[] = [];
  const projectIds: number[] = [];
  for (const p of [settings.internalProject, settings.productProject]) {
    if (/^\d+$/.test(p.trim())) projectIds.push(Number(p));
    else projects.push(canonicalPath(p));
  }
  return { projects, projectIds, groups: settings.groups.map(canonicalPath).filter((g) => g.length > 0) };
}

/** True when the project (by path, and by id when known) is one the bot may touch. */
export function isInScope(project: { path: string; id?: number }, scope: Scope): boolean {
  if (project.id !== undefined && scope.projectIds.includes(project.id)) return true;
  const path = canonicalPath(project.path);
  if (path.length === 0) return false;
  if (scope.projects.includes(path)) return true;
  return scope.groups.some((g) => path.startsWith(`${g}/`));
}

/** The scope as people read it in a refusal: "sec/internal-tools, gitlab-org/product and projects under gitlab-org". */
export function describeScope(scope: Scope): string {
  const parts = [...scope.projects, ...scope.projectIds.map((id) => `project ${id}`)];
  if (scope.groups.length > 0) parts.push(`projects under ${scope.groups.join(', ')}`);
  if (parts.length <= 1) return parts[0] ?? 'no project';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
