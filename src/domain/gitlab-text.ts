/**
 * Makes user text safe to place in a GitLab description or note.
 *
 * NOTE: GitLab executes any line that starts with `/command` (outside a code block) as a quick
 * action with the token owner's rights, also in descriptions created through the API. A
 * backslash before the slash keeps the text readable (Markdown renders `\/` as `/`) and the
 * line no longer starts with a command. Carriage returns are normalised first, so a lone `\r`
 * cannot start a new line that GitLab sees but we did not.
 */
export function neutralizeQuickActions(text: string): string {
  return normalizeNewlines(text)
    .split('\n')
    .map((line) => line.replace(/^([ \t\u00a0\u3000]*)\//, '$1\\/'))
    .join('\n');
}

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u2028\u2029\u0085]/g, '\n');
}

/**
 * User text as a Markdown block quote: every line starts with `> `, so none can be a quick action,
 * and no `@name` in it mentions anyone (GitLab notifies from block quotes too).
 */
export function quoteForGitLab(text: string): string {
  return normalizeNewlines(neutralizeMentions(text))
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Cuts text to at most `max` characters, with a visible marker when cut. */
export function truncate(text: string, max: number, marker = '… (cut)'): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - marker.length))}${marker}`;
}

/**
 * Makes user text unable to mention anyone in GitLab, while keeping it readable.
 *
 * NOTE: GitLab notifies `@username`, `@group`, `@group/subgroup` and `@all` wherever the `@` is not
 * preceded by an ASCII word character (so `alice@example.com` is not a mention), block quotes
 * included; it reads the rendered text, so an HTML entity for `@` (`&#64;`, `&#x40;`, `&commat;`)
 * counts as one too. A zero-width joiner after the `@` breaks the reference and is invisible.
 */
export function neutralizeMentions(text: string): string {
  return text
    .replace(/&(?:#0*64|#x0*40|commat);/gi, '@')
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9_.-])/g, `$1@${ZWJ}`);
}

export const ZWJ = '\u200d';
