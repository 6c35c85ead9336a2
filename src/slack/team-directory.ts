import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

export interface TeamDirectoryOptions {
  userIds: string[];
  usergroup: string | undefined;
  slack: WebClient;
  log: Logger;
  clock: () => number;
  /** How long the user group's member list is trusted. */
  ttlMs?: number;
}

/**
 * Who is on the ProdSec team: TEAM_SLACK_USER_IDS and/or the members of TEAM_SLACK_USERGROUP
 * (fetched through usergroups.users.list and cached briefly). Checked from the payload's user
 * at the moment an action runs, never from a value carried in a button.
 */
export function createTeamDirectory(opts: TeamDirectoryOptions) {
  const ttl = opts.ttlMs ?? 60_000;
  let cache: { members: Set<string>; at: number } | null = null;
  let inflight: Promise<Set<string>> | null = null;

  async function groupMembers(): Promise<Set<string>> {
    if (!opts.usergroup) return new Set();
    if (cache && opts.clock() - cache.at < ttl) return cache.members;
    inflight ??= (async () => {
      try {
        const res = await opts.slack.usergroups.users.list({ usergroup: opts.usergroup as string });
        cache = { members: new Set(res.users ?? []), at: opts.clock() };
        return cache.members;
      } catch (err) {
        opts.log.warn({ error: (err as Error).message }, 'could not read the team user group');
        // Fail closed: without the list, only the explicit ids count (a stale list is still used).
        return cache?.members ?? new Set<string>();
      } finally {
        inflight = null;
      }
    })();
    return inflight;
  }

  return {
    async isMember(userId: string): Promise<boolean> {
      if (opts.userIds.includes(userId)) return true;
      return (await groupMembers()).has(userId);
    },
    /** Members known without a network call, for rendering (e.g. the App Home). */
    knownIds(): string[] {
      return [...new Set([...opts.userIds, ...(cache?.members ?? [])])];
    },
  };
}

export type TeamDirectory = ReturnType<typeof createTeamDirectory>;
