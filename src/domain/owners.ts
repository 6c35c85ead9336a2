/** The PM/EM of a product group, as GitLab usernames, keyed by the group's label. */
export interface GroupOwners {
  groupLabel: string;
  usernames: string[];
}

const USERNAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;
export const OWNERS_USAGE = '`/prodsec owners set group::<name> @gitlab-pm @gitlab-em`';
const MAX_OWNERS = 10;

/** `group::name` or a bare `name` (the prefix is added); lower case, so lookups ignore case. */
export function normalizeGroupLabel(text: string, prefix: string): string | undefined {
  const t = text
    .trim()
    .replace(/^~/, '')
    .replace(/^"(.*)"$/, '$1')
    .trim();
  if (!t || /[,\n<>]/.test(t) || t.length > 255) return undefined;
  const label = t.toLowerCase().startsWith(prefix.toLowerCase()) ? t : `${prefix}${t}`;
  return label.length > prefix.length ? label.toLowerCase() : undefined;
}

/** Parses `group::<name> @pm @em` (the group name may hold spaces; owners start at the first @). */
export function parseOwnersSet(
  args: string,
  prefix: string,
): { ok: true; owners: GroupOwners } | { ok: false; error: string } {
  if (/<@[UW]/.test(args))
    return { ok: false, error: `Use GitLab usernames (@name), not Slack mentions. ${OWNERS_USAGE}` };
  const at = args.search(/(^|\s)@/);
  const labelPart = at < 0 ? args : args.slice(0, at);
  const groupLabel = normalizeGroupLabel(labelPart, prefix);
  if (!groupLabel) return { ok: false, error: `Which group? ${OWNERS_USAGE}` };
  const handles = at < 0 ? [] : args.slice(at).trim().split(/\s+/).filter(Boolean);
  if (handles.length === 0)
    return { ok: false, error: `Who are the PM/EM of ${groupLabel}? ${OWNERS_USAGE}` };
  if (handles.length > MAX_OWNERS) return { ok: false, error: `At most ${MAX_OWNERS} owners per group.` };
  const usernames: string[] = [];
  for (const h of handles) {
    const name = h.replace(/^@/, '');
    if (!h.startsWith('@') || !USERNAME.test(name))
      return { ok: false, error: `"${h.slice(0, 40)}" is not a GitLab username (@name). ${OWNERS_USAGE}` };
    if (!usernames.includes(name)) usernames.push(name);
  }
  return { ok: true, owners: { groupLabel, usernames } };
}
