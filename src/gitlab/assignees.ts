import type { Gitlab } from '@gitbeaker/rest';

type Api = InstanceType<typeof Gitlab>;
type Call = <T>(fn: () => Promise<T>) => Promise<T>;

/** Assigning people to issues and finding a GitLab user for a Slack person (kept out of client.ts). */
export function assigneeCalls(api: Api, retried: Call) {
  return {
    /**
     * Adds one assignee, keeping the others. Idempotent: a retry that finds them assigned already
     * changes nothing. NOTE: `assignee_ids` replaces the whole set, so the current set is read first.
     */
    async addAssignee(project: string | number, iid: number, userId: number): Promise<void> {
      const issue = (await retried(() => api.Issues.show(iid, { projectId: project }))) as unknown as {
        assignees?: Array<{ id: number }>;
      };
      const current = (issue.assignees ?? []).map((a) => a.id);
      if (current.includes(userId)) return;
      await retried(() => api.Issues.edit(project, iid, { assigneeIds: [...current, userId] }));
    },
    /**
     * The GitLab user whose email is `email`, when exactly one matches.
     * NOTE: a regular token's `GET /users?search=` matches public emails only.
     */
    async findUserIdByEmail(email: string): Promise<number | undefined> {
      const users = (await retried(() =>
        api.Users.all({ search: email, perPage: 20, maxPages: 1 } as never),
      )) as unknown as Array<{ id: number }>;
      return users.length === 1 ? users[0]?.id : undefined;
    },
  };
}
