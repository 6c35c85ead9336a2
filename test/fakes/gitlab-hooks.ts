// The fake GitLab's webhooks: real-format Issue Hook / Note Hook payloads with GitLab's headers,
// sent to the bot whenever an issue in the fake changes. Can deliver twice, late, out of order or
// not at all.
import { createHmac, randomUUID } from 'node:crypto';
import type { FakeChange, FakeGitLab, FakeIssue, FakeUser } from './gitlab-api.js';

export interface HookDelivery {
  event: string;
  headers: Record<string, string>;
  body: string;
  /** The bot's answers, one per attempt. */
  statuses: number[];
}

export type HookMode = 'send' | 'hold' | 'drop';

export interface FakeHooks {
  /** Every delivery GitLab made (or held, or dropped), in the order the changes happened. */
  deliveries: HookDelivery[];
  /** `send` at once (default), `hold` until release() (late), `drop` (never delivered). */
  setMode(mode: HookMode): void;
  /** Each delivery is sent twice with the same Idempotency-Key (a retry after a timeout). */
  setTwice(twice: boolean): void;
  /** Sends the held deliveries, in order or reversed (out of order). */
  release(order?: 'fifo' | 'reverse'): Promise<void>;
  /** "Resend request" from the hook's settings: the same delivery again. */
  resend(d: HookDelivery): Promise<number>;
  /** Sends a delivery as is (for tampered copies). */
  post(d: Pick<HookDelivery, 'headers' | 'body'>): Promise<number>;
  /** Waits until every delivery in flight was answered. */
  idle(): Promise<void>;
  detach(): void;
}

export interface FakeHooksOptions {
  /** The bot's webhook URL (read at send time: a restarted bot listens on a new port). */
  target: () => string;
  secret: string;
  /** `whsec_…`: also sign each delivery (Standard Webhooks). */
  signingToken?: string;
  /** The clock of the signature's timestamp (seconds are taken from it). */
  now?: () => number;
}

/** GitLab's hook time format: whole seconds, `2026-01-02 10:11:12 UTC`. */
export function hookTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const labelJson = (title: string, i: number) => ({
  id: 500 + i,
  title,
  color: '#428BCA',
  project_id: null,
  created_at: '2025-01-01 00:00:00 UTC',
  updated_at: '2025-01-01 00:00:00 UTC',
  template: false,
  description: null,
  type: 'GroupLabel',
  group_id: 100,
});

const userJson = (u: FakeUser, base: string) => ({
  id: u.id,
  name: u.name,
  username: u.username,
  avatar_url: `${base}/uploads/-/system/user/avatar/${u.id}/avatar.png`,
  email: '[REDACTED]',
});

function projectJson(issue: FakeIssue, base: string) {
  const path = issue.references.full.split('#')[0]!;
  const name = path.split('/').pop();
  return {
    id: issue.project_id,
    name,
    description: '',
    web_url: `${base}/${path}`,
    avatar_url: null,
    git_ssh_url: `git@example.com:${path}.git`,
    git_http_url: `${base}/${path}.git`,
    namespace: path.split('/').slice(0, -1).join('/'),
    visibility_level: 0,
    path_with_namespace: path,
    default_branch: 'main',
    ci_config_path: null,
    homepage: `${base}/${path}`,
    url: `git@example.com:${path}.git`,
    ssh_url: `git@example.com:${path}.git`,
    http_url: `${base}/${path}.git`,
  };
}

function issueAttributes(issue: FakeIssue) {
  return {
    author_id: issue.author.id,
    closed_at: issue.closed_at ? hookTime(issue.closed_at) : null,
    confidential: issue.confidential,
    created_at: hookTime(issue.created_at),
    description: issue.description ?? '',
    discussion_locked: issue.discussion_locked ?? null,
    due_date: issue.due_date ?? null,
    id: issue.id,
    iid: issue.iid,
    last_edited_at: null,
    last_edited_by_id: null,
    milestone_id: issue.milestone?.id ?? null,
    moved_to_id: null,
    duplicated_to_id: null,
    project_id: issue.project_id,
    relative_position: 0,
    state_id: issue.state === 'closed' ? 2 : 1,
    time_estimate: 0,
    title: issue.title,
    updated_at: hookTime(issue.updated_at),
    updated_by_id: null,
    weight: issue.weight,
    health_status: null,
    type: 'Issue',
    url: issue.web_url,
    total_time_spent: 0,
    time_change: 0,
    human_total_time_spent: null,
    human_time_change: null,
    human_time_estimate: null,
    assignee_ids: issue.assignees.map((a) => a.id),
    assignee_id: issue.assignees[0]?.id ?? null,
    labels: issue.labels.map(labelJson),
    state: issue.state,
    severity: 'unknown',
  };
}

/** The payload and event name GitLab sends for one change. */
export function hookPayload(change: FakeChange, base: string): { event: string; payload: unknown } {
  const { issue } = change;
  const project = projectJson(issue, base);
  const repository = { name: project.name, url: project.url, description: '', homepage: project.homepage };
  if (change.kind === 'issue') {
    const changes: Record<string, unknown> = {
      updated_at: { previous: null, current: hookTime(issue.updated_at) },
    };
    if (change.previous) {
      const before = change.previous;
      if (before.labels.join('\n') !== issue.labels.join('\n')) {
        changes.labels = { previous: before.labels.map(labelJson), current: issue.labels.map(labelJson) };
      }
      if (before.state !== issue.state) {
        changes.state_id = {
          previous: before.state === 'closed' ? 2 : 1,
          current: issue.state === 'closed' ? 2 : 1,
        };
        changes.closed_at = { previous: null, current: issue.closed_at ? hookTime(issue.closed_at) : null };
      }
    }
    return {
      event: issue.confidential ? 'Confidential Issue Hook' : 'Issue Hook',
      payload: {
        object_kind: 'issue',
        event_type: issue.confidential ? 'confidential_issue' : 'issue',
        user: userJson(change.user, base),
        project,
        object_attributes: { ...issueAttributes(issue), action: change.action },
        labels: issue.labels.map(labelJson),
        changes,
        repository,
        assignees: issue.assignees.map((a) => userJson(a, base)),
      },
    };
  }
  const { note } = change;
  const confidential = issue.confidential || (note.internal ?? false);
  return {
    event: confidential ? 'Confidential Note Hook' : 'Note Hook',
    payload: {
      object_kind: 'note',
      event_type: confidential ? 'confidential_note' : 'note',
      user: userJson(change.user, base),
      project_id: issue.project_id,
      project,
      object_attributes: {
        attachment: null,
        author_id: note.author.id,
        change_position: null,
        commit_id: null,
        created_at: hookTime(note.created_at),
        discussion_id: randomUUID().replace(/-/g, ''),
        id: note.id,
        line_code: null,
        note: note.body,
        noteable_id: issue.id,
        noteable_type: 'Issue',
        original_position: null,
        position: null,
        project_id: issue.project_id,
        resolved_at: null,
        resolved_by_id: null,
        resolved_by_push: null,
        st_diff: null,
        system: note.system,
        type: null,
        updated_at: hookTime(note.created_at),
        updated_by_id: null,
        description: note.body,
        url: `${issue.web_url}#note_${note.id}`,
        internal: note.internal ?? false,
        confidential: note.internal ?? false,
        action: 'create',
      },
      repository,
      issue: { ...issueAttributes(issue), labels: issue.labels.map(labelJson) },
    },
  };
}

/** Standard Webhooks signature headers for a body. */
export function signHook(
  signingToken: string,
  body: string,
  nowSec: number,
  id = `msg_${randomUUID()}`,
): Record<string, string> {
  const key = Buffer.from(signingToken.replace(/^whsec_/, ''), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${nowSec}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(nowSec), 'webhook-signature': `v1,${sig}` };
}

/** Makes the fake GitLab send its hooks to the bot. */
export function attachHooks(gitlab: FakeGitLab, opts: FakeHooksOptions): FakeHooks {
  const deliveries: HookDelivery[] = [];
  const held: HookDelivery[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const hookUuid = randomUUID();
  const now = opts.now ?? Date.now;
  let mode: HookMode = 'send';
  let twice = false;

  async function post(d: Pick<HookDelivery, 'headers' | 'body'>): Promise<number> {
    const res = await fetch(opts.target(), { method: 'POST', headers: d.headers, body: d.body });
    await res.text();
    return res.status;
  }

  function send(d: HookDelivery): Promise<void> {
    const p = (async () => {
      const attempts = twice ? 2 : 1;
      for (let i = 0; i < attempts; i++) d.statuses.push(await post(d));
    })();
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  }

  const detach = gitlab.onChange((change) => {
    const { event, payload } = hookPayload(change, gitlab.url);
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitLab/17.6.0',
      'x-gitlab-event': event,
      'x-gitlab-token': opts.secret,
      'x-gitlab-instance': gitlab.url,
      'x-gitlab-webhook-uuid': hookUuid,
      'x-gitlab-event-uuid': randomUUID(),
      'idempotency-key': randomUUID(),
    };
    if (opts.signingToken)
      Object.assign(headers, signHook(opts.signingToken, body, Math.floor(now() / 1000)));
    const d: HookDelivery = { event, headers, body, statuses: [] };
    deliveries.push(d);
    if (mode === 'send') void send(d);
    else if (mode === 'hold') held.push(d);
  });

  return {
    deliveries,
    setMode: (m) => {
      mode = m;
    },
    setTwice: (t) => {
      twice = t;
    },
    async release(order = 'fifo') {
      const list = held.splice(0);
      if (order === 'reverse') list.reverse();
      for (const d of list) await send(d);
    },
    async resend(d) {
      const status = await post(d);
      d.statuses.push(status);
      return status;
    },
    post,
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    detach: () => {
      detach();
    },
  };
}
