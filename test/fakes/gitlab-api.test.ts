import { Gitlab } from '@gitbeaker/rest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitLab, startFakeGitLab } from './gitlab-api.js';

const PROJECT = 'security/prodsec/intake';
const ENC = encodeURIComponent(PROJECT);

let fake: FakeGitLab;

beforeAll(async () => {
  fake = await startFakeGitLab();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.clear();
  fake.addProject({ id: 42, path_with_namespace: PROJECT });
});

function api(path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  return fetch(`${fake.url}/api/v4${path}`, {
    ...rest,
    headers: {
      'PRIVATE-TOKEN': fake.token,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(rest.headers as Record<string, string> | undefined),
    },
    body: json === undefined ? rest.body : JSON.stringify(json),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read GitLab's JSON answers loosely
const json = (res: Response): Promise<any> => res.json();

async function createIssue(body: Record<string, unknown>) {
  const res = await api(`/projects/${ENC}/issues`, { method: 'POST', json: body });
  return { res, issue: await json(res) };
}

describe('fake GitLab issues', () => {
  it('creates an issue by project path and returns it by project id', async () => {
    const { res, issue } = await createIssue({
      title: 'Automate SAST triage',
      description: 'Problem: manual',
      labels: 'ProdSecEng Candidate,workflow::validation backlog',
      weight: 2,
    });
    expect(res.status).toBe(201);
    expect(issue).toMatchObject({
      iid: 1,
      project_id: 42,
      state: 'opened',
      labels: ['ProdSecEng Candidate', 'workflow::validation backlog'],
      weight: 2,
      web_url: `${fake.url}/${PROJECT}/-/issues/1`,
      references: { full: `${PROJECT}#1` },
    });
    const got = await json(await api('/projects/42/issues/1'));
    expect(got.title).toBe('Automate SAST triage');
    expect(fake.issue(PROJECT, 1)?.description).toBe('Problem: manual');
    expect(fake.callsMatching('POST', /\/projects\/.+\/issues$/)).toHaveLength(1);
  });

  it('rejects a title over 255 characters with GitLab validation message', async () => {
    const { res, issue } = await createIssue({ title: 'x'.repeat(256) });
    expect(res.status).toBe(400);
    expect(issue).toEqual({ message: { title: ['is too long (maximum is 255 characters)'] } });
    expect(fake.issues(PROJECT)).toHaveLength(0);
  });

  it('paginates 250 issues over 3 pages with GitLab headers', async () => {
    fake.seedIssues(PROJECT, 250, (i) => ({ title: `issue ${i}` }));
    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await api(`/projects/42/issues?per_page=100&page=${page}&state=opened`);
      pages.push({ res, body: await json(res) });
    }
    const [p1, p2, p3] = pages;
    expect(p1!.body).toHaveLength(100);
    expect(p1!.res.headers.get('x-total')).toBe('250');
    expect(p1!.res.headers.get('x-total-pages')).toBe('3');
    expect(p1!.res.headers.get('x-next-page')).toBe('2');
    expect(p1!.res.headers.get('x-prev-page')).toBe('');
    expect(p1!.res.headers.get('link')).toMatch(/<[^>]*[?&]page=2[^>]*>; rel="next"/);
    expect(p1!.res.headers.get('link')).toContain('state=opened');
    expect(p2!.res.headers.get('x-prev-page')).toBe('1');
    expect(p3!.body).toHaveLength(50);
    expect(p3!.res.headers.get('x-next-page')).toBe('');
    expect(p3!.res.headers.get('link')).not.toContain('rel="next"');
    expect(p3!.res.headers.get('link')).toContain('rel="last"');
    const iids = pages.flatMap((p) => p.body.map((i: { iid: number }) => i.iid));
    expect(new Set(iids).size).toBe(250);
    expect(iids[0]).toBe(250);
  });

  it('clamps per_page to 100', async () => {
    fake.seedIssues(PROJECT, 150, (i) => ({ title: `t${i}` }));
    const res = await api('/projects/42/issues?per_page=500');
    expect(await json(res)).toHaveLength(100);
    expect(res.headers.get('x-per-page')).toBe('100');
  });

  it('omits totals and rel="last" above the threshold, like GitLab', async () => {
    const small = await startFakeGitLab({ omitTotalsAbove: 50 });
    try {
      small.seedIssues('g/p', 60, (i) => ({ title: `t${i}` }));
      const res = await fetch(`${small.url}/api/v4/projects/g%2Fp/issues?per_page=20`, {
        headers: { Authorization: `Bearer ${small.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total')).toBeNull();
      expect(res.headers.get('x-total-pages')).toBeNull();
      expect(res.headers.get('x-next-page')).toBe('2');
      expect(res.headers.get('link')).toContain('rel="next"');
      expect(res.headers.get('link')).not.toContain('rel="last"');
    } finally {
      await small.close();
    }
  });

  it('filters by labels, not[labels], search, updated_after and state', async () => {
    fake.seedIssue(PROJECT, {
      title: 'Paved road for secrets',
      labels: ['ProdSecEng Candidate', 'group::secrets'],
      updated_at: '2024-05-01T00:00:00.000Z',
    });
    fake.seedIssue(PROJECT, {
      title: 'Old thing',
      description: 'mentions SECRETS here',
      labels: ['ProdSecEng Candidate'],
      updated_at: '2024-01-01T00:00:00.000Z',
    });
    fake.seedIssue(PROJECT, { title: 'Closed one', state: 'closed', labels: [] });
    const iids = async (q: string) =>
      ((await json(await api(`/projects/42/issues?${q}`))) as Array<{ iid: number }>)
        .map((i) => i.iid)
        .sort();

    expect(await iids('labels=ProdSecEng%20Candidate,group::secrets')).toEqual([1]);
    expect(await iids('labels=ProdSecEng%20Candidate&not[labels]=group::secrets')).toEqual([2]);
    expect(await iids('labels=None')).toEqual([3]);
    expect(await iids('labels=Any')).toEqual([1, 2]);
    expect(await iids('search=secrets')).toEqual([1, 2]);
    expect(await iids('search=secrets&in=title')).toEqual([1]);
    expect(await iids('updated_after=2024-03-01T00:00:00Z&labels=Any')).toEqual([1]);
    expect(await iids('state=closed')).toEqual([3]);
    expect(await iids('state=opened')).toEqual([1, 2]);
    expect(await iids('iids[]=1&iids[]=3')).toEqual([1, 3]);
  });

  it('lists group issues across the projects under the group', async () => {
    fake.addProject({ path_with_namespace: 'security/other' });
    fake.addProject({ path_with_namespace: 'elsewhere/p' });
    fake.seedIssue(PROJECT, { title: 'a' });
    fake.seedIssue('security/other', { title: 'b' });
    fake.seedIssue('elsewhere/p', { title: 'c' });
    const res = await api('/groups/security/issues');
    const titles = ((await json(res)) as Array<{ title: string }>).map((i) => i.title).sort();
    expect(titles).toEqual(['a', 'b']);
  });

  it('keeps one value per label scope', async () => {
    const { issue } = await createIssue({
      title: 't',
      labels: ['ProdSecEngPriority::1', 'workflow::in dev'],
    });
    const res = await api(`/projects/42/issues/${issue.iid}`, {
      method: 'PUT',
      json: { add_labels: 'ProdSecEngPriority::3,team::Product Security Engineering' },
    });
    expect((await json(res)).labels).toEqual([
      'ProdSecEngPriority::3',
      'team::Product Security Engineering',
      'workflow::in dev',
    ]);
    await api(`/projects/42/issues/${issue.iid}`, {
      method: 'PUT',
      json: { remove_labels: 'workflow::in dev' },
    });
    expect(fake.issue(42, issue.iid)?.labels).toEqual([
      'ProdSecEngPriority::3',
      'team::Product Security Engineering',
    ]);
  });

  it('closes and reopens with state_event, setting closed_at', async () => {
    const { issue } = await createIssue({ title: 't' });
    const put = (state_event: string) =>
      api(`/projects/42/issues/${issue.iid}`, { method: 'PUT', json: { state_event } }).then(json);
    const closed = await put('close');
    expect(closed.state).toBe('closed');
    expect(closed.closed_at).toEqual(expect.any(String));
    const reopened = await put('reopen');
    expect(reopened).toMatchObject({ state: 'opened', closed_at: null });
  });
});

describe('fake GitLab quick actions', () => {
  it('executes commands on their own line in a description, also indented and with CRLF', async () => {
    const description =
      'Please look\r\n  /label ~"workflow::in dev" ~urgent\r\n\t/confidential\r\n/assign @alice\r\nthanks';
    const { issue } = await createIssue({ title: 'x', description });
    expect(issue.description).toBe('Please look\r\nthanks');
    expect(issue.labels).toEqual(['urgent', 'workflow::in dev']);
    expect(issue.confidential).toBe(true);
    expect(issue.assignees.map((a: { username: string }) => a.username)).toEqual(['alice']);
    expect(fake.quickActionsExecuted.map((q) => [q.command, q.source])).toEqual([
      ['label', 'description'],
      ['confidential', 'description'],
      ['assign', 'description'],
    ]);
  });

  it('executes /close from an updated description', async () => {
    const { issue } = await createIssue({ title: 'x' });
    await api(`/projects/42/issues/${issue.iid}`, { method: 'PUT', json: { description: 'hi\n/close' } });
    expect(fake.issue(42, issue.iid)).toMatchObject({ state: 'closed', description: 'hi' });
  });

  it('does not execute backticked, quoted, mid-line or code-fenced commands', async () => {
    const description = [
      '`/close`',
      '> /close',
      'text /close',
      '```',
      '/close',
      '/label ~pwned',
      '```',
      '~~~~',
      '/confidential',
      '~~~~',
    ].join('\n');
    const { issue } = await createIssue({ title: 'x', description });
    expect(issue).toMatchObject({ state: 'opened', labels: [], confidential: false, description });
    expect(fake.quickActionsExecuted).toEqual([]);
  });

  it('executes a command after a fence that the text itself closed early', async () => {
    const { issue } = await createIssue({ title: 'x', description: '```\nuser text\n```\n/close\n```' });
    expect(issue.state).toBe('closed');
  });

  it('answers 202 and creates no note when a note holds only quick actions', async () => {
    const { issue } = await createIssue({ title: 'x' });
    const res = await api(`/projects/42/issues/${issue.iid}/notes`, {
      method: 'POST',
      json: { body: '/close\n/weight 3' },
    });
    expect(res.status).toBe(202);
    expect((await json(res)).commands_changes).toMatchObject({ state_event: 'close', weight: 3 });
    expect(fake.notes(42, issue.iid)).toEqual([]);
    expect(fake.issue(42, issue.iid)).toMatchObject({ state: 'closed', weight: 3 });
    expect(fake.quickActionsExecuted.every((q) => q.source === 'note')).toBe(true);
  });

  it('creates a note without its command lines when text remains', async () => {
    const { issue } = await createIssue({ title: 'x' });
    const res = await api(`/projects/42/issues/${issue.iid}/notes`, {
      method: 'POST',
      json: { body: 'Declined: out of scope\n/unlabel ~"ProdSecEng Candidate"' },
    });
    expect(res.status).toBe(201);
    expect((await json(res)).body).toBe('Declined: out of scope');
    const list = await json(await api(`/projects/42/issues/${issue.iid}/notes?sort=asc`));
    expect(list.map((n: { body: string }) => n.body)).toEqual(['Declined: out of scope']);
  });
});

describe('fake GitLab errors and faults', () => {
  it('answers 401, 403 and 404 like GitLab', async () => {
    const noToken = await fetch(`${fake.url}/api/v4/projects/42`);
    expect(noToken.status).toBe(401);
    expect(await json(noToken)).toEqual({ message: '401 Unauthorized' });
    const wrong = await fetch(`${fake.url}/api/v4/projects/42`, { headers: { 'PRIVATE-TOKEN': 'nope' } });
    expect(wrong.status).toBe(401);

    fake.forbiddenProjects.add(PROJECT);
    const forbidden = await api('/projects/42/issues');
    expect(forbidden.status).toBe(403);
    expect(await json(forbidden)).toEqual({ message: '403 Forbidden' });
    fake.forbiddenProjects.clear();

    const noProject = await api('/projects/nope%2Fnope');
    expect(noProject.status).toBe(404);
    expect(await json(noProject)).toEqual({ message: '404 Project Not Found' });
    const noIssue = await api('/projects/42/issues/999');
    expect(await json(noIssue)).toEqual({ message: '404 Not found' });
  });

  it('answers a failNext 429 with Retry-After, then recovers', async () => {
    fake.failNext({ method: 'POST', path: /\/issues$/ }, { status: 429, retryAfter: 7 });
    const first = await createIssue({ title: 't' });
    expect(first.res.status).toBe(429);
    expect(first.res.headers.get('retry-after')).toBe('7');
    const second = await createIssue({ title: 't' });
    expect(second.res.status).toBe(201);
    expect(fake.calls.map((c) => c.status)).toEqual([429, 201]);
  });

  it('creates the issue but answers 502 on afterCommit', async () => {
    fake.failNext({ method: 'POST' }, { afterCommit: { status: 502 } });
    const { res } = await createIssue({ title: 'ghost' });
    expect(res.status).toBe(502);
    expect(fake.issues(PROJECT).map((i) => i.title)).toEqual(['ghost']);
  });

  it('answers 503 while down, and drops connections on request', async () => {
    fake.setDown(true);
    expect((await api('/user')).status).toBe(503);
    fake.setDown(false);
    fake.failNext({ path: /\/user$/ }, { dropConnection: true });
    await expect(api('/user')).rejects.toThrow();
    expect((await json(await api('/user'))).username).toBe('prodsec-bot');
  });

  it('chaos is reproducible for a seed', async () => {
    const run = async () => {
      fake.reset();
      fake.chaos({ seed: 7, failRate: 0.3, rateLimitRate: 0.2 });
      const statuses = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await api('/user')).status);
      fake.chaos(null);
      return statuses;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a.some((s) => s !== 200)).toBe(true);
    expect(a.some((s) => s === 200)).toBe(true);
  });

  it('seeds 10,000 issues well under a second', () => {
    const started = performance.now();
    fake.seedIssues(PROJECT, 10_000, (i) => ({
      title: `bulk ${i}`,
      labels: i % 2 ? ['ProdSecEng Candidate'] : [],
    }));
    expect(performance.now() - started).toBeLessThan(500);
    expect(fake.issues(PROJECT)).toHaveLength(10_000);
  });
});

describe('fake GitLab with @gitbeaker/rest', () => {
  it('creates and lists issues with gitbeaker, following the pagination links', async () => {
    const gl = new Gitlab({ host: fake.url, token: fake.token });
    const created = await gl.Issues.create(PROJECT, 'Via gitbeaker', {
      description: 'body',
      labels: 'ProdSecEng Candidate',
      confidential: true,
    });
    expect(created).toMatchObject({
      iid: 1,
      project_id: 42,
      confidential: true,
      labels: ['ProdSecEng Candidate'],
    });
    fake.seedIssues(PROJECT, 249, (i) => ({ title: `seeded ${i}` }));
    const listed = await gl.Issues.all({ projectId: PROJECT, perPage: 100, maxPages: 2 });
    expect(listed).toHaveLength(200);
    expect(new Set(listed.map((i) => i.iid)).size).toBe(200);
    expect(fake.callsMatching('GET', /\/issues$/).map((c) => c.query.page ?? '1')).toEqual(['1', '2']);
    const note = await gl.IssueNotes.create(PROJECT, 1, 'hello');
    expect(note.body).toBe('hello');
  });
});
