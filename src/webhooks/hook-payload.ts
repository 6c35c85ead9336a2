import { z } from 'zod';
import type { IssueSnapshot } from '../domain/issue-change.js';

/** The GitLab events the bot listens to; anything else is acknowledged and ignored. */
export const ISSUE_EVENTS = ['Issue Hook', 'Confidential Issue Hook'] as const;
export const NOTE_EVENTS = ['Note Hook', 'Confidential Note Hook'] as const;

export function isHandledEvent(event: string | undefined): boolean {
  return (
    (ISSUE_EVENTS as readonly string[]).includes(event ?? '') ||
    (NOTE_EVENTS as readonly string[]).includes(event ?? '')
  );
}

/** One issue as GitLab reported it (a hook payload or a REST read), in the terms the change rules use. */
export interface ObservedIssue {
  projectId: number;
  projectPath: string;
  iid: number;
  title: string;
  confidential: boolean;
  webUrl: string;
  snapshot: IssueSnapshot;
  /** What the event says the issue was before (`changes` of a hook); used when the bot never saw it. */
  previous: { labels?: string[]; state?: 'opened' | 'closed' } | null;
  /** Who made the change, when GitLab says (`id`: their GitLab user id, when the hook carries it). */
  actor: { username: string; name: string; id?: number } | null;
}

export interface ObservedNote {
  issue: ObservedIssue;
  id: number;
  text: string;
  url: string;
  system: boolean;
  /** An internal (confidential) note: only project members may read it in GitLab. */
  internal: boolean;
  /** The GitLab user id of the note's author (`object_attributes.author_id`), when given. */
  authorId: number | null;
  /** The GitLab user id of the issue's author (`issue.author_id`), when given. */
  issueAuthorId: number | null;
}

const label = z.object({ title: z.string() }).loose();
const user = z
  .object({ id: z.number().optional(), username: z.string(), name: z.string().optional() })
  .loose();
const project = z.object({ id: z.number(), path_with_namespace: z.string() }).loose();
const stateOf = (s: string | undefined): 'opened' | 'closed' => (s === 'closed' ? 'closed' : 'opened');
const stateId = (n: number | null | undefined): 'opened' | 'closed' | undefined =>
  n === 2 ? 'closed' : n === 1 ? 'opened' : undefined;

const issueAttributes = z
  .object({
    iid: z.number(),
    title: z.string().default(''),
    state: z.string().optional(),
    confidential: z.boolean().optional(),
    updated_at: z.string(),
    url: z.string().default(''),
    action: z.string().optional(),
    labels: z.array(label).optional(),
    author_id: z.number().optional(),
  })
  .loose();

const issueHook = z
  .object({
    object_kind: z.literal('issue'),
    user: user.optional(),
    project,
    object_attributes: issueAttributes,
    labels: z.array(label).optional(),
    changes: z
      .object({
        labels: z
          .object({ previous: z.array(label), current: z.array(label) })
          .loose()
          .optional(),
        state_id: z
          .object({ previous: z.number().nullable(), current: z.number().nullable() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

const noteHook = z
  .object({
    object_kind: z.literal('note'),
    user: user.optional(),
    project,
    object_attributes: z
      .object({
        id: z.number(),
        note: z.string().default(''),
        noteable_type: z.string(),
        url: z.string().default(''),
        system: z.boolean().optional(),
        internal: z.boolean().optional(),
        confidential: z.boolean().optional(),
        author_id: z.number().optional(),
      })
      .loose(),
    issue: issueAttributes.optional(),
  })
  .loose();

const actorOf = (u: z.infer<typeof user> | undefined) =>
  u
    ? { username: u.username, name: u.name ?? u.username, ...(u.id === undefined ? {} : { id: u.id }) }
    : null;

/** An Issue Hook payload → the observed issue; undefined when it is not one. */
export function parseIssueHook(body: unknown): ObservedIssue | undefined {
  const parsed = issueHook.safeParse(body);
  if (!parsed.success) return undefined;
  const h = parsed.data;
  const a = h.object_attributes;
  const labels = (h.labels ?? a.labels ?? []).map((l) => l.title);
  const previous: NonNullable<ObservedIssue['previous']> = {};
  if (h.changes?.labels) previous.labels = h.changes.labels.previous.map((l) => l.title);
  const prevState = stateId(h.changes?.state_id?.previous);
  if (prevState) previous.state = prevState;
  else if (a.action === 'close') previous.state = 'opened';
  else if (a.action === 'reopen') previous.state = 'closed';
  return {
    projectId: h.project.id,
    projectPath: h.project.path_with_namespace,
    iid: a.iid,
    title: a.title,
    confidential: a.confidential ?? false,
    webUrl: a.url,
    snapshot: { state: stateOf(a.state), labels, updatedAt: a.updated_at },
    previous,
    actor: actorOf(h.user),
  };
}

/** A Note Hook payload on an issue → the note and its issue; undefined otherwise (notes on MRs, commits…). */
export function parseNoteHook(body: unknown, event: string | undefined): ObservedNote | undefined {
  const parsed = noteHook.safeParse(body);
  if (!parsed.success) return undefined;
  const h = parsed.data;
  const a = h.object_attributes;
  if (a.noteable_type !== 'Issue' || !h.issue) return undefined;
  const i = h.issue;
  return {
    id: a.id,
    text: a.note,
    url: a.url,
    system: a.system ?? false,
    internal: a.internal ?? a.confidential ?? event === 'Confidential Note Hook',
    authorId: a.author_id ?? h.user?.id ?? null,
    issueAuthorId: i.author_id ?? null,
    issue: {
      projectId: h.project.id,
      projectPath: h.project.path_with_namespace,
      iid: i.iid,
      title: i.title,
      confidential: i.confidential ?? false,
      webUrl: i.url,
      snapshot: {
        state: stateOf(i.state),
        labels: (i.labels ?? []).map((l) => l.title),
        updatedAt: i.updated_at,
      },
      previous: null,
      actor: actorOf(h.user),
    },
  };
}
