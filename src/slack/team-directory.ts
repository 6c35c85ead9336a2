import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

/** Whether someone is in a group: `unknown` when the bot could not tell (the lookup failed, no usable cache). */
export type Membership = 'member' | 'not_member' | 'unknown';

export interface GroupMembershipOptions {
  usergroup: string | undefined;
  slack: WebClient;
  log: Logger;
  clock: () => number;
  /** How long the user group's member list is trusted without asking again. */
  ttlMs?: number;
  /** How old a cached list may be and still be used when Slack does not answer (TEAM_CACHE_MAX_STALE_MINUTES). */
  maxStaleMs?: number;
  /** Names the group in the logs. */
  label: string;
}

/**
 * One Slack user group's members (usergroups.users.list), cached briefly. Fails closed: when the
 * lookup fails, a cached list no older than `maxStaleMs` is used, else the answer is `unknown`.
 */
export function createGroupMembership(opts: GroupMembershipOptions) {
  const ttl = opts.ttlMs ?? 60_000;
  const maxStale = opts.maxStaleMs ?? 15 * 60_000;
  let cache: { members: Set<string>; at: number } | null = null;
  let inflight: Promise<Set<string> | null> | null = null;

  async function members(): Promise<Set<string> | null> {
    if (!opts.usergroup) return new Set();
    if (cache && opts.clock() - cache.at < ttl) return cache.members;
    inflight ??= (async () => {
      try {
        const res = await opts.slack.usergroups.users.list({ usergroup: opts.usergroup as string });
        cache = { members: new Set(res.users ?? []), at: opts.clock() };
        return cache.members;
      } catch (err) {
        opts.log.warn({ error: (err as Error).message, group: opts.label }, 'could not read a user group');
        if (cache && opts.clock() - cache.at <= maxStale) return cache.members;
        return null;
      } finally {
        inflight = null;
      }
    })();
    return inflight;
  }

  return {
    async membership(userId: string): Promise<Membership> {
      const list = await members();
      if (list === null) return 'unknown';
      return list.has(userId) ? 'member' : 'not_member';
    },
    /** Members known without a network call. */
    knownIds(): string[] {
      return [...(cache?.members ?? [])];
    },
  };
}

/** A group membership's options but its log label, which each directory names itself. */
type GroupLookupOptions = Omit<GroupMembershipOptions, 'label'>;

export interface TeamDirectoryOptions extends GroupLookupOptions {
  userIds: string[];
}

/**
 * Who is on the ProdSec team: TEAM_SLACK_USER_IDS and/or the members of TEAM_SLACK_USERGROUP
 * (fetched through usergroups.users.list and cached briefly). Checked from the payload's user
 * at the moment an action runs, never from a value carried in a button. Fails closed: when the
 * group cannot be read, a person not listed by id counts as a non-member (`membership` says
 * `unknown`, so the person can be told the lookup failed).
 */
export function createTeamDirectory(opts: TeamDirectoryOptions) {
  const group = createGroupMembership({ ...opts, label: 'team' });
  async function membership(userId: string): Promise<Membership> {
    if (opts.userIds.includes(userId)) return 'member';
    return group.membership(userId);
  }
  return {
    membership,
    async isMember(userId: string): Promise<boolean> {
      return (await membership(userId)) === 'member';
    },
    /** Members known without a network call, for rendering (e.g. the App Home). */
    knownIds(): string[] {
      return [...new Set([...opts.userIds, ...group.knownIds()])];
    },
  };
}

export type TeamDirectory = ReturnType<typeof createTeamDirectory>;

export interface EscalationRespondersOptions extends GroupLookupOptions {
  /** ESCALATION_USERGROUP: the security support group. */
  usergroup: string | undefined;
  /** ESCALATION_LEAD_USER_IDS. */
  leadIds: string[];
  team: TeamDirectory;
}

/**
 * Who may acknowledge, un-acknowledge and resolve escalations and read every open one: the
 * support group, the team and the leads. `unknown` when a lookup failed and nothing else said yes.
 */
export function createEscalationResponders(opts: EscalationRespondersOptions) {
  const group = createGroupMembership({ ...opts, label: 'escalation support' });
  return {
    async membership(userId: string): Promise<Membership> {
      if (opts.leadIds.includes(userId)) return 'member';
      const team = await opts.team.membership(userId);
      if (team === 'member') return 'member';
      const support = await group.membership(userId);
      if (support === 'member') return 'member';
      return team === 'unknown' || support === 'unknown' ? 'unknown' : 'not_member';
    },
  };
}

export type EscalationResponders = ReturnType<typeof createEscalationResponders>;
