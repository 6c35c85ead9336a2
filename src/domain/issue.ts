/** A GitLab issue as the team's rules see it: no API shapes, no client types. */
export interface Issue {
  projectId: number;
  iid: number;
  /** `group/project#12`, stable across renames of the title. */
  ref: string;
  title: string;
  description: string;
  state: 'opened' | 'closed';
  labels: string[];
  confidential: boolean;
  weight: number | null;
  assignees: string[];
  author: string;
  milestone: { id: number; title: string; startDate: string | null; dueDate: string | null } | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  webUrl: string;
}

export interface Milestone {
  id: number;
  iid: number;
  title: string;
  startDate: string | null;
  dueDate: string | null;
  state: string;
  webUrl: string;
}
