import type { Deps } from '../deps.js';
import { projectPathOf } from '../domain/digest.js';
import type { Issue } from '../domain/issue.js';
import { type Disclosure, disclosureFor, type IssueFacts, type PersonFacts } from '../domain/visibility.js';

/**
 * What a private message may show one person about an issue: decided from that person (the
 * audience), never from who triggered the message. The project's visibility is not read here, so
 * it counts as unknown (fail closed): beyond the team and the author, only a person GitLab lets
 * read the issue (their linked account) is shown its content.
 */
export async function disclosureToPerson(
  deps: Pick<Deps, 'team' | 'identity'>,
  userId: string,
  issue: Issue,
  opts: { isAuthor: boolean },
): Promise<Disclosure> {
  const facts: IssueFacts = { confidential: issue.confidential, projectVisibility: 'unknown', inScope: true };
  const membership = await deps.team.membership(userId);
  const person: PersonFacts = {
    isTeam: membership === 'member' ? true : membership === 'unknown' ? 'unknown' : false,
    isAuthor: opts.isAuthor,
    gitlabCanRead: 'unlinked',
  };
  if (disclosureFor({ kind: 'person', person }, facts) === 'content') return 'content';
  person.gitlabCanRead = await deps.identity
    .canRead(userId, { project: projectPathOf(issue), iid: issue.iid })
    .catch(() => 'unknown' as const);
  return disclosureFor({ kind: 'person', person }, facts);
}
