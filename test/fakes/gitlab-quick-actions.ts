// GitLab quick actions: found in descriptions and notes, executed with the token owner's rights.
import {
  addLabels,
  BOT_USER,
  bool,
  type FakeIssue,
  type GitLabStore,
  HttpError,
  ids,
  parseLabelList,
} from './gitlab-store.js';

export const QUICK_ACTION_COMMANDS = [
  'close',
  'reopen',
  'label',
  'unlabel',
  'relabel',
  'assign',
  'unassign',
  'title',
  'confidential',
  'weight',
  'milestone',
  'due',
  'lock',
  'move',
  'copy_metadata',
  'spend',
  'estimate',
  'todo',
  'award',
  'shrug',
  'tableflip',
] as const;

export interface QuickAction {
  command: string;
  args: string;
}

export interface ExecutedQuickAction extends QuickAction {
  project_id: number;
  iid: number;
  source: 'description' | 'note';
}

// NOTE: GitLab matches commands case-insensitively. Real GitLab needs the `/` in column 0; this fake
// also accepts leading spaces/tabs, so a bot that only neutralises column-0 commands is caught.
const COMMAND_RE = new RegExp(
  `^[ \\t]*\\/(${QUICK_ACTION_COMMANDS.join('|')})(?:[ \\t]+(.*?))?[ \\t]*$`,
  'i',
);
const FENCE_OPEN_RE = /^(`{3,}|~{3,})/;

/**
 * Lines protected from execution: fenced code blocks (``` or ~~~, closed by a fence of the same kind
 * at least as long) and `>>>` quote blocks. Like GitLab, an unclosed fence protects nothing.
 */
function protectedLines(lines: readonly string[]): Set<number> {
  const out = new Set<number>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = FENCE_OPEN_RE.exec(line)?.[1] ?? (line.trimEnd() === '>>>' ? '>>>' : undefined);
    if (fence) {
      const closeRe =
        fence === '>>>' ? /^>>>[ \t]*$/ : new RegExp(`^\\${fence[0]}{${fence.length},}[ \\t]*$`);
      let j = i + 1;
      while (j < lines.length && !closeRe.test(lines[j]!)) j += 1;
      if (j < lines.length) {
        for (let k = i; k <= j; k += 1) out.add(k);
        i = j + 1;
        continue;
      }
    }
    i += 1;
  }
  return out;
}

/** Splits quick actions out of a text; returns the remaining text and the commands, in order. */
export function extractQuickActions(text: string): { text: string; actions: QuickAction[] } {
  const parts = text.split(/(\r\n|\n|\r)/);
  const lines: string[] = [];
  const breaks: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]!);
    breaks.push(parts[i + 1] ?? '');
  }
  const guarded = protectedLines(lines);
  const actions: QuickAction[] = [];
  let kept = '';
  lines.forEach((line, i) => {
    const m = guarded.has(i) ? null : COMMAND_RE.exec(line);
    if (m) {
      actions.push({ command: m[1]!.toLowerCase(), args: (m[2] ?? '').trim() });
    } else {
      kept += line + breaks[i];
    }
  });
  return { text: actions.length > 0 ? kept.trim() : text, actions };
}

function parseLabelArgs(args: string): string[] {
  const out: string[] = [];
  for (const m of args.matchAll(/~"([^"]+)"|~([^\s~",]+)|"([^"]+)"|([^\s~",]+)/g)) {
    const label = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (label) out.push(label);
  }
  return out;
}

function parseUsers(store: GitLabStore, args: string) {
  return [...args.matchAll(/@?([\w.-]+)/g)].map((m) =>
    m[1] === 'me' ? BOT_USER : store.addUser({ username: m[1]! }),
  );
}

/** Applies the commands to the issue; returns GitLab's `commands_changes` and the summary lines. */
export function applyQuickActions(
  store: GitLabStore,
  issue: FakeIssue,
  actions: readonly QuickAction[],
  source: 'description' | 'note',
  log: ExecutedQuickAction[],
): { changes: Record<string, unknown>; summary: string[] } {
  const changes: Record<string, unknown> = {};
  const summary: string[] = [];
  const now = store.now();
  for (const { command, args } of actions) {
    log.push({ project_id: issue.project_id, iid: issue.iid, command, args, source });
    switch (command) {
      case 'close':
        if (issue.state !== 'closed') {
          issue.state = 'closed';
          issue.closed_at = now;
        }
        changes.state_event = 'close';
        summary.push('Closed this issue.');
        break;
      case 'reopen':
        issue.state = 'opened';
        issue.closed_at = null;
        changes.state_event = 'reopen';
        summary.push('Reopened this issue.');
        break;
      case 'label':
      case 'relabel': {
        const labels = parseLabelArgs(args);
        issue.labels = addLabels(command === 'relabel' ? [] : issue.labels, labels);
        changes[command === 'relabel' ? 'labels' : 'add_labels'] = labels;
        summary.push(`Added ${labels.map((l) => `~"${l}"`).join(' ')} label(s).`);
        break;
      }
      case 'unlabel': {
        const labels = parseLabelArgs(args);
        const drop = new Set(labels);
        issue.labels = labels.length === 0 ? [] : issue.labels.filter((l) => !drop.has(l));
        changes.remove_labels = labels;
        summary.push('Removed label(s).');
        break;
      }
      case 'assign': {
        const users = parseUsers(store, args);
        for (const u of users) if (!issue.assignees.some((a) => a.id === u.id)) issue.assignees.push(u);
        changes.assignee_ids = issue.assignees.map((a) => a.id);
        summary.push(`Assigned ${users.map((u) => `@${u.username}`).join(', ')}.`);
        break;
      }
      case 'unassign': {
        const users = parseUsers(store, args);
        const ids = new Set(users.map((u) => u.id));
        issue.assignees = users.length === 0 ? [] : issue.assignees.filter((a) => !ids.has(a.id));
        changes.assignee_ids = issue.assignees.map((a) => a.id);
        summary.push('Removed assignee(s).');
        break;
      }
      case 'title':
        if (args) {
          issue.title = args;
          changes.title = args;
          summary.push(`Changed the title to "${args}".`);
        }
        break;
      case 'confidential':
        issue.confidential = true;
        changes.confidential = true;
        summary.push('Made this issue confidential.');
        break;
      case 'weight': {
        const w = Number.parseInt(args, 10);
        if (Number.isInteger(w) && w >= 0) {
          issue.weight = w;
          changes.weight = w;
          summary.push(`Set weight to ${w}.`);
        }
        break;
      }
      case 'milestone': {
        const title = /^%"(.+)"$/.exec(args)?.[1] ?? args.replace(/^%/, '');
        const project = store.projects.get(issue.project_id);
        const m = project ? store.milestoneForProject(project, title) : undefined;
        if (m) {
          issue.milestone = m;
          changes.milestone_id = m.id;
          summary.push(`Set the milestone to %"${m.title}".`);
        }
        break;
      }
      case 'due':
        issue.due_date = args || null;
        changes.due_date = args;
        break;
      case 'lock':
        issue.discussion_locked = true;
        changes.discussion_locked = true;
        break;
      default:
        changes[command] = args || true;
        break;
    }
  }
  if (actions.length > 0) issue.updated_at = now;
  return { changes, summary };
}

function weightParam(v: unknown): number | null {
  return v === null || v === '' ? null : Number(v);
}

/** Rejects what GitLab rejects, before anything changes. */
export function validateIssueParams(p: Record<string, unknown>): void {
  if ('title' in p && String(p.title ?? '').trim() === '') {
    throw new HttpError(400, { error: 'title is empty' });
  }
  if ('weight' in p) {
    const weight = weightParam(p.weight);
    if (weight !== null && !(Number.isInteger(weight) && weight >= 0)) {
      throw new HttpError(400, { error: 'weight is invalid' });
    }
  }
  if (typeof p.title === 'string' && p.title.length > 255) {
    throw new HttpError(400, { message: { title: ['is too long (maximum is 255 characters)'] } });
  }
  if (typeof p.description === 'string' && p.description.length > 1_048_576) {
    throw new HttpError(400, { message: { description: ['is too long (maximum is 1048576 characters)'] } });
  }
}

/** Applies validated create/update parameters, then the quick actions of a new description. */
export function applyIssueParams(
  store: GitLabStore,
  issue: FakeIssue,
  p: Record<string, unknown>,
  log: ExecutedQuickAction[],
): void {
  if (typeof p.title === 'string') issue.title = p.title;
  let description: string | undefined;
  if ('description' in p) description = p.description === null ? '' : String(p.description);
  if ('labels' in p) issue.labels = addLabels([], parseLabelList(p.labels));
  if ('add_labels' in p) issue.labels = addLabels(issue.labels, parseLabelList(p.add_labels));
  if ('remove_labels' in p) {
    const drop = new Set(parseLabelList(p.remove_labels));
    issue.labels = issue.labels.filter((l) => !drop.has(l));
  }
  if ('weight' in p) issue.weight = weightParam(p.weight);
  if ('confidential' in p) issue.confidential = bool(p.confidential);
  if ('assignee_ids' in p || 'assignee_id' in p) {
    issue.assignees = ids(p.assignee_ids ?? p.assignee_id).map((id) => store.userById(id));
  }
  if ('milestone_id' in p) issue.milestone = store.milestones.get(Number(p.milestone_id)) ?? null;
  if ('due_date' in p) issue.due_date = p.due_date ? String(p.due_date) : null;
  if ('discussion_locked' in p) issue.discussion_locked = bool(p.discussion_locked);
  if (p.state_event === 'close' && issue.state !== 'closed') {
    issue.state = 'closed';
    issue.closed_at = store.now();
  } else if (p.state_event === 'reopen' && issue.state !== 'opened') {
    issue.state = 'opened';
    issue.closed_at = null;
  }
  if (description !== undefined) {
    const { text, actions } = extractQuickActions(description);
    issue.description = text;
    applyQuickActions(store, issue, actions, 'description', log);
  }
}
