/**
 * Who may read an issue's content (title, description, labels, notes, decline reasons), decided
 * from the AUDIENCE of a message, never from who triggered it.
 *
 * - One person (DM, ephemeral, modal, App Home): a team member, the person who filed it through the
 *   bot (their own words), a person GitLab itself lets read it (through their linked account), or
 *   anyone for a public, non-confidential issue. Everyone else sees its reference and link only.
 * - A channel (a post or a thread reply: everyone in it): a confidential issue never shows content;
 *   an issue of a private, internal or unknown project shows content only where a team member chose
 *   to post team data (a digest subscription, `digest now` by a team member).
 * - When something is unknown (the user-group lookup failed, GitLab did not answer), the answer is the
 *   one for the less trusted case: show less, not more.
 */
export type ProjectVisibility = 'public' | 'internal' | 'private' | 'unknown';

export interface IssueFacts {
  confidential: boolean;
  projectVisibility: ProjectVisibility;
  inScope: boolean;
}

/** What the bot knows of one reader. `unknown` means it could not tell (fail closed). */
export interface PersonFacts {
  isTeam: boolean | 'unknown';
  /** Filed the issue through the bot: the text is their own. */
  isAuthor: boolean;
  /** What GitLab answered for their own token: `unlinked` when they have none. */
  gitlabCanRead: 'yes' | 'no' | 'unlinked' | 'unknown';
}

export type AudienceFacts = { kind: 'person'; person: PersonFacts } | { kind: 'channel'; teamData: boolean };

/** `content`: title and details; `reference`: the reference and link only; `none`: not even that. */
export type Disclosure = 'content' | 'reference' | 'none';

export function disclosureFor(audience: AudienceFacts, issue: IssueFacts): Disclosure {
  if (!issue.inScope) return 'none';
  const publicIssue = issue.projectVisibility === 'public' && !issue.confidential;
  if (audience.kind === 'channel') {
    if (issue.confidential) return 'reference';
    if (publicIssue || audience.teamData) return 'content';
    return 'reference';
  }
  const p = audience.person;
  if (p.isTeam === true || p.isAuthor || p.gitlabCanRead === 'yes' || publicIssue) return 'content';
  return 'reference';
}

/**
 * Changing an issue (label it, comment on it, subscribe to its decisions) needs the right to see it:
 * the person must be one to whom its content may be shown.
 */
export function mayChangeIssue(person: PersonFacts, issue: IssueFacts): boolean {
  return disclosureFor({ kind: 'person', person }, issue) === 'content';
}
