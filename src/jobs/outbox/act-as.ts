import type { Deps } from '../../deps.js';
import type { GitLab } from '../../gitlab/client.js';
import { isGitLabError } from '../../gitlab/errors.js';

/** Whose token a write was made with: the person's own, or the bot's on their behalf. */
export type WrittenAs = 'person' | 'bot';

/**
 * Why a write made as the person is retried with the bot's token, or null when it must not be.
 * Only answers that prove GitLab did nothing qualify: a refusal (403/404) for them, or a 401
 * after which identity unlinked them (their link stopped working; identity tells them once).
 * A timeout or 5xx is NOT one: GitLab may have carried the write out, so the job's own retry
 * (with its marker check) handles it.
 */
function fallbackReason(deps: Deps, slackUserId: string, err: unknown): string | null {
  if (!isGitLabError(err)) return null;
  if (err.isForbidden || err.isNotFound) return `GitLab refused the person (${err.status})`;
  if (err.isAuth && !deps.identity.linkOf(slackUserId)) return 'the GitLab link stopped working';
  return null;
}

/**
 * Makes a GitLab write as the Slack user when they are linked, so GitLab's history names them;
 * otherwise, or when GitLab refuses them, with the bot's token. `write` is told which, so what it
 * writes can say on whose behalf the bot acted. Only for writes the bot may make for this person
 * on its own token too (the trust rules were checked before the write was queued).
 */
export async function writeAsPerson<T>(
  deps: Deps,
  slackUserId: string,
  write: (gitlab: GitLab, as: WrittenAs) => Promise<T>,
): Promise<T> {
  const person = await deps.identity.gitlabFor(slackUserId);
  if (person) {
    try {
      return await write(person, 'person');
    } catch (err) {
      const reason = fallbackReason(deps, slackUserId, err);
      if (reason === null) throw err;
      deps.log.info({ user: slackUserId, reason }, 'writing with the bot token on behalf of the person');
    }
  }
  return write(deps.gitlab, 'bot');
}

/**
 * Posts a note once, as the person when possible (see writeAsPerson). A retry first looks for the
 * marker with the bot's token, which reads every note, so a note an earlier attempt posted with
 * either token is found.
 */
export async function addNoteOnceAsPerson(
  deps: Deps,
  slackUserId: string,
  note: { project: string; iid: number; marker: string; retry: boolean },
  body: (as: WrittenAs) => string,
): Promise<void> {
  if (note.retry && (await deps.gitlab.hasNoteWithMarker(note.project, note.iid, note.marker))) return;
  await writeAsPerson(deps, slackUserId, (gitlab, as) =>
    gitlab.addNoteOnce(note.project, note.iid, body(as), note.marker, { checkFirst: false }),
  );
}
