/** A pointer to one GitLab issue: a project (path or id) and an iid. */
export interface IssueRef {
  project: string;
  iid: number;
}

/** A namespace path: segments start with a letter, digit or underscore (no `.` or `..`). */
const SEGMENT = '[A-Za-z0-9_][A-Za-z0-9_.-]*';
const PATH = `${SEGMENT}(?:/${SEGMENT})+`;

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
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (gitlabUrl) {
    const base = new URL(gitlabUrl);
    if (url.host !== base.host) return undefined;
    const basePath = base.pathname.replace(/\/$/, '');
    if (basePath && !url.pathname.startsWith(`${basePath}/`)) return undefined;
    url = new URL(url.pathname.slice(basePath.length) + url.search, url.origin);
  }
  m = new RegExp(`^/(${PATH})/-/(?:issues|work_items)/(\\d{1,9})/?$`).exec(url.pathname);
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
