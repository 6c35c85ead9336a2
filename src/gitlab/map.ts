import type { Issue, Milestone } from '../domain/issue.js';

/** The fields of GitLab's issue JSON the bot reads. */
export interface ApiIssue {
  project_id: number;
  iid: number;
  title: string;
  description: string | null;
  state: string;
  labels: string[];
  confidential?: boolean;
  weight?: number | null;
  assignees?: Array<{ username: string }>;
  author?: { username: string };
  milestone?: { id: number; title: string; start_date: string | null; due_date: string | null } | null;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  web_url: string;
  references?: { full?: string };
}

export interface ApiMilestone {
  id: number;
  iid: number;
  title: string;
  start_date: string | null;
  due_date: string | null;
  state: string;
  web_url: string;
}

function refFromUrl(webUrl: string, iid: number): string {
  const m = /^https?:\/\/[^/]+\/(.+?)\/-\/(?:issues|work_items)\/\d+/.exec(webUrl);
  return m?.[1] ? `${m[1]}#${iid}` : `#${iid}`;
}

export function toIssue(a: ApiIssue): Issue {
  return {
    projectId: a.project_id,
    iid: a.iid,
    ref: a.references?.full ?? refFromUrl(a.web_url, a.iid),
    title: a.title,
    description: a.description ?? '',
    state: a.state === 'closed' ? 'closed' : 'opened',
    labels: a.labels ?? [],
    confidential: a.confidential ?? false,
    weight: a.weight ?? null,
    assignees: (a.assignees ?? []).map((u) => u.username),
    author: a.author?.username ?? 'unknown',
    milestone: a.milestone
      ? {
          id: a.milestone.id,
          title: a.milestone.title,
          startDate: a.milestone.start_date,
          dueDate: a.milestone.due_date,
        }
      : null,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    closedAt: a.closed_at ?? null,
    webUrl: a.web_url,
  };
}

export function toMilestone(m: ApiMilestone): Milestone {
  return {
    id: m.id,
    iid: m.iid,
    title: m.title,
    startDate: m.start_date,
    dueDate: m.due_date,
    state: m.state,
    webUrl: m.web_url,
  };
}
