import { neutralizeMentions, neutralizeQuickActions, quoteForGitLab } from './gitlab-text.js';
import type { Issue } from './issue.js';
import { type IssueRef, parseIssueRef } from './issue-ref.js';
import { LONG_TEXT_MAX, type RequestKind, TITLE_MAX } from './request.js';

/** What the flagger chose: file a new issue, one of the suggested duplicates, or another existing issue. */
export const CHOICE_NEW = 'new';
export const CHOICE_OTHER = 'other';
export const CHOICE_DUPLICATE_PREFIX = 'dup:';

export interface FlagFormInput {
  message: string;
  choice: string | undefined;
  title: string;
  kind: string | undefined;
  notes: string;
  existingRef: string;
  confidential: boolean;
}

export type FlagFields =
  | {
      mode: 'new';
      message: string;
      title: string;
      kind: RequestKind;
      notes: string;
      confidential: boolean;
    }
  | { mode: 'existing'; message: string; notes: string; ref: IssueRef };

export type FlagFieldName = 'message' | 'choice' | 'title' | 'kind' | 'notes' | 'existing';
export type FlagFieldErrors = Partial<Record<FlagFieldName, string>>;

export const REF_HELP = 'Use #123, group/project#123 or the issue URL.';

/** Checks the flag form: a new issue needs a title, a kind and the message; a link needs a valid reference. */
export function validateFlag(
  input: FlagFormInput,
  defaultProject: string,
  gitlabUrl?: string,
): { ok: true; fields: FlagFields } | { ok: false; errors: FlagFieldErrors } {
  const errors: FlagFieldErrors = {};
  const message = input.message.trim();
  const notes = input.notes.trim();
  if (message.length > LONG_TEXT_MAX)
    errors.message = `Please keep the message under ${LONG_TEXT_MAX} characters.`;
  if (notes.length > LONG_TEXT_MAX) errors.notes = `Please keep the notes under ${LONG_TEXT_MAX} characters.`;
  const choice = input.choice ?? CHOICE_NEW;
  if (choice === CHOICE_NEW) {
    const title = input.title.trim();
    if (!title) errors.title = 'Please give the new issue a title.';
    else if (title.length > TITLE_MAX)
      errors.title = `GitLab titles are at most ${TITLE_MAX} characters; please shorten it.`;
    const kind = input.kind === 'internal' || input.kind === 'product' ? input.kind : undefined;
    if (!kind) errors.kind = 'Please choose where the new issue goes.';
    if (!message) errors.message = 'The new issue quotes the message: please keep some of it.';
    if (Object.keys(errors).length > 0 || !kind) return { ok: false, errors };
    return {
      ok: true,
      fields: { mode: 'new', message, title, kind, notes, confidential: input.confidential },
    };
  }
  const raw = choice === CHOICE_OTHER ? input.existingRef : choice.slice(CHOICE_DUPLICATE_PREFIX.length);
  const ref = raw.trim() ? parseIssueRef(raw, defaultProject, gitlabUrl) : undefined;
  if (!raw.trim()) errors.existing = `Which issue? ${REF_HELP}`;
  else if (!ref) errors.existing = `"${raw.trim().slice(0, 80)}" is not an issue reference. ${REF_HELP}`;
  if (Object.keys(errors).length > 0 || !ref) return { ok: false, errors };
  return { ok: true, fields: { mode: 'existing', message, notes, ref } };
}

/** A first guess at a title: the message's first non-empty line, shortened. */
export function suggestTitle(message: string, max = 120): string {
  const line =
    message
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? '';
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** The description of an issue filed from a flagged message: the message quoted, the link, the notes. */
export function buildCandidateDescription(
  fields: { message: string; notes: string },
  meta: { permalink: string | null; flagger: string; marker: string },
): string {
  const parts = [`## Flagged from Slack\n\n${quoteForGitLab(fields.message)}\n`];
  parts.push(meta.permalink ? `[The Slack message](${meta.permalink})\n` : '_Slack link unavailable._\n');
  if (fields.notes)
    parts.push(`## Notes from the flagger\n\n${neutralizeQuickActions(neutralizeMentions(fields.notes))}\n`);
  parts.push(
    `---\n\n_Flagged as a ProdSecEng candidate through prodsec-bot by Slack user ${meta.flagger}._\n\n<!-- ${meta.marker} -->\n`,
  );
  return parts.join('\n');
}

/** The note added to an existing issue when a message is flagged onto it. */
export function buildFlagNote(notes: string, meta: { permalink: string | null; flagger: string }): string {
  const where = meta.permalink
    ? `[a Slack message](${meta.permalink})`
    : 'a Slack message (link unavailable)';
  const lines = [
    `Flagged as a ProdSecEng candidate from ${where} by Slack user ${meta.flagger}, through prodsec-bot.`,
  ];
  if (notes) lines.push('', quoteForGitLab(notes));
  return lines.join('\n');
}

const STOP_WORDS = new Set(
  'about above after again against also been before being below between both could does doing down during each from further have having here into itself just more most once only other ought over same should some such than that their them then there these they this those through under until very what when where which while will with would your yours please thanks hello'.split(
    ' ',
  ),
);

/** A few distinctive words of a message to search GitLab titles with (GitLab matches every word given). */
export function searchTerms(text: string, max = 3): string[] {
  const words = text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .split(/[^\p{L}\p{N}_-]+/u)
    .map((w) => w.replace(/^[-_]+|[-_]+$/g, ''))
    .filter((w) => w.length >= 4 && !STOP_WORDS.has(w) && !/^\d+$/.test(w));
  return [...new Set(words)].sort((a, b) => b.length - a.length).slice(0, max);
}

/** Open issues whose titles share the most search terms, best first, at most `limit`. */
export function rankSimilar(issues: Issue[], terms: string[], limit = 5): Issue[] {
  const seen = new Set<string>();
  const scored: Array<{ issue: Issue; score: number }> = [];
  for (const issue of issues) {
    if (issue.state !== 'opened' || seen.has(issue.ref)) continue;
    seen.add(issue.ref);
    const title = issue.title.toLowerCase();
    const score = terms.filter((t) => title.includes(t)).length;
    if (score > 0) scored.push({ issue, score });
  }
  scored.sort((a, b) => b.score - a.score || Date.parse(b.issue.updatedAt) - Date.parse(a.issue.updatedAt));
  return scored.slice(0, limit).map((s) => s.issue);
}
