import type { Gitlab } from '@gitbeaker/rest';

type Api = InstanceType<typeof Gitlab>;
type Call = <T>(fn: () => Promise<T>) => Promise<T>;

export interface MergeRequestInfo {
  project: string;
  iid: number;
  title: string;
  state: string;
  webUrl: string;
}

/** Reading merge requests (kept out of client.ts). A missing or unreadable one is GitLab's 404. */
export function mergeRequestCalls(api: Api, retried: Call) {
  return {
    async getMergeRequest(project: string | number, iid: number): Promise<MergeRequestInfo> {
      const mr = (await retried(() => api.MergeRequests.show(project, iid))) as unknown as {
        iid: number;
        title: string;
        state: string;
        web_url: string;
        references?: { full?: string };
      };
      return {
        project: String(project),
        iid: mr.iid,
        title: mr.title,
        state: mr.state,
        webUrl: mr.web_url,
      };
    },
  };
}
