/** A pointer to one GitLab issue: a project (path or id) and an iid. */
export interface IssueRef {
  project: string;
  iid: number;
}

/** A namespace path: segments start with a letter, digit or underscore (no `.` or `..`). */
const SEGMENT = '[A-Za-z0-9_][A-Za-z0-9_.-]*';
export const PROJECT_PATH = `${SEGMENT}(?:/${SEGMENT})+`;
const PATH = PROJECT_PATH;

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * The path of an http(s) link below the configured GitLab (`/group/project/-/issues/1`), or
 * undefined for anything else. Without `gitlabUrl` any host is taken.
 */
export function gitlabPathOf(text: string, gitlabUrl?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (!gitlabUrl) return url.pathname;
  const base = new URL(gitlabUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  if (url.host !== base.host || (basePath && !url.pathname.startsWith(`${basePath}/`))) return undefined;
  return url.pathname.slice(basePath.length);
}

/**
 * Parses `#123` (in the default project), `group/sub/project#123`, or an issue URL such as
 * `https://gitlab.com/group/project/-/issues/123`. Returns undefined for anything else.
 */
export function parseIssueRef(
  input: string,
  defaultProject: string,
  gitlabUrl?: string,
): IssueRef | undefined {
  const text = input.trim().replace(/^<|>$/g, '').split('|')[0]?.trim() ?? '';
  let m = /^#(\d{1,9})$/.exec(text);
  if (m?.[1]) return { project: defaultProject, iid: Number(m[1]) };
  m = new RegExp(`^(${PATH})#(\\d{1,9})$`).exec(text);
  if (m?.[1] && m[2]) return { project: m[1], iid: Number(m[2]) };
  const path = gitlabPathOf(text, gitlabUrl);
  if (path === undefined) return undefined;
  m = new RegExp(`^/(${PATH})/-/(?:issues|work_items)/(\\d{1,9})/?$`).exec(path);
  if (m?.[1] && m[2]) return { project: m[1], iid: Number(m[2]) };
  return undefined;
}

export function formatIssueRef(ref: IssueRef): string {
  return `${ref.project}#${ref.iid}`;
}

/**
 * The one spelling of an issue reference used as a key (audit trail, flags, decisions): GitLab
 * project paths are case-insensitive, so `GL-Sec/App#1` and `gl-sec/app#1` are the same issue.
 */
export function canonicalIssueRef(ref: string): string {
  const i = ref.lastIndexOf('#');
  return i < 0 ? ref.trim().toLowerCase() : `${ref.slice(0, i).trim().toLowerCase()}${ref.slice(i)}`;
}

/** The project part of `group/project#12` (as written), or null when there is none. */
export function projectOfIssueRef(ref: string): string | null {
  const i = ref.lastIndexOf('#');
  return i <= 0 ? null : ref.slice(0, i);
}
