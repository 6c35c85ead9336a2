import { describe, expect, it } from 'vitest';
import { ZWJ } from '../../src/domain/gitlab-text.js';
import { buildRequestDescription, validateRequestFields } from '../../src/domain/request.js';
import {
  DEFAULT_REQUEST_TYPES,
  type RequestType,
  requestTypesSchema,
} from '../../src/domain/request-types.js';
import { defaultTaxonomy } from '../../src/domain/taxonomy.js';
import {
  CUT_MARKER,
  parseMergeRequestLink,
  supportConversionValues,
  type TypedRequest,
  validateTypedRequest,
} from '../../src/domain/typed-request.js';
import {
  buildTypedRequestDescription,
  dueDateFor,
  labelsForType,
} from '../../src/domain/typed-request-issue.js';

const type = (id: string): RequestType => {
  const t = DEFAULT_REQUEST_TYPES.find((x) => x.id === id);
  if (!t) throw new Error(id);
  return t;
};
const ctx = {
  today: '2025-03-10',
  scope: { internalProject: 'sec/tools', productProject: 'org/product', groups: ['org'] },
  gitlabUrl: 'https://gitlab.test',
};
const intake = {
  title: 'Automate dependency scanning triage',
  problem: 'AppSec triages every scanner finding by hand.',
  currentProcess: 'Two engineers, two hours a day.',
  desiredOutcome: 'Findings are deduplicated and routed automatically.',
  definitionOfDone: 'A bot routes 90% of findings without a human.',
  requestingTeam: 'AppSec',
  links: 'https://docs.test/a https://docs.test/b',
  confidential: true,
};
const review = {
  title: 'Review the new OAuth flow',
  mergeRequests: 'https://gitlab.test/org/product/-/merge_requests/12\norg/sub/api!7',
  changes: 'Adds PKCE.',
  boundary: 'Tokens cross the browser boundary.',
  neededBy: '2025-03-12',
};
const ok = (t: RequestType, raw: Record<string, unknown>): TypedRequest => {
  const r = validateTypedRequest(t, raw as never, ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.request;
};
const errors = (t: RequestType, raw: Record<string, unknown>) => {
  const r = validateTypedRequest(t, raw as never, ctx);
  return r.ok ? {} : r.errors;
};

describe('parseMergeRequestLink', () => {
  it('reads merge request URLs on the configured GitLab and short group/project!iid references', () => {
    const url = 'https://gitlab.test/org/product/-/merge_requests/12';
    expect(parseMergeRequestLink(url, ctx.gitlabUrl)).toEqual({ project: 'org/product', iid: 12, url });
    expect(parseMergeRequestLink(`${url}/diffs?view=parallel#note_1`, ctx.gitlabUrl)).toEqual({
      project: 'org/product',
      iid: 12,
      url,
    });
    expect(
      parseMergeRequestLink('<https://gitlab.test/a/b/c/-/merge_requests/3|!3>', ctx.gitlabUrl)?.project,
    ).toBe('a/b/c');
    expect(parseMergeRequestLink('org/product!5', ctx.gitlabUrl)).toEqual({
      project: 'org/product',
      iid: 5,
      url: 'https://gitlab.test/org/product/-/merge_requests/5',
    });
  });

  it('respects a GitLab under a sub-path and refuses other hosts, issues and junk', () => {
    expect(
      parseMergeRequestLink('https://h.test/gl/org/p/-/merge_requests/2', 'https://h.test/gl')?.url,
    ).toBe('https://h.test/gl/org/p/-/merge_requests/2');
    expect(
      parseMergeRequestLink('https://h.test/org/p/-/merge_requests/2', 'https://h.test/gl'),
    ).toBeUndefined();
    expect(
      parseMergeRequestLink('https://evil.test/org/product/-/merge_requests/12', ctx.gitlabUrl),
    ).toBeUndefined();
    expect(
      parseMergeRequestLink('https://gitlab.test/org/product/-/issues/12', ctx.gitlabUrl),
    ).toBeUndefined();
    expect(parseMergeRequestLink('javascript:alert(1)', ctx.gitlabUrl)).toBeUndefined();
    expect(parseMergeRequestLink('!12', ctx.gitlabUrl)).toBeUndefined();
  });
});

describe('validateTypedRequest', () => {
  it('an automation request without the current manual process answers the handbook rule on that field', () => {
    expect(errors(type('automation'), { ...intake, currentProcess: '  ' })).toEqual({
      currentProcess:
        'Automation requests need the current manual process and what it costs (how often, how long).',
    });
    expect(errors(type('product'), { ...intake, currentProcess: '' })).toEqual({});
  });

  it('answers one message per empty required field, keyed by field id, title included', () => {
    expect(errors(type('product'), {})).toEqual({
      title: 'Please give the request a title.',
      problem: 'Please describe the problem.',
      desiredOutcome: 'Please describe the desired outcome.',
      definitionOfDone: 'Please describe the definition of done.',
      requestingTeam: 'Please describe the requesting team.',
    });
  });

  it('cuts long input with a marker instead of refusing it', () => {
    const r = ok(type('product'), {
      ...intake,
      title: 't'.repeat(400),
      problem: 'p'.repeat(5000),
      requestingTeam: 'x'.repeat(300),
    });
    expect(r.title).toHaveLength(255);
    expect(r.title.endsWith(CUT_MARKER)).toBe(true);
    expect(r.values.problem).toHaveLength(3000);
    expect(String(r.values.problem).endsWith(CUT_MARKER)).toBe(true);
    expect(r.values.requestingTeam).toHaveLength(200);
  });

  it('parses links, refusing one that is not http(s)', () => {
    expect(ok(type('product'), intake).values.links).toEqual(['https://docs.test/a', 'https://docs.test/b']);
    expect(errors(type('product'), { ...intake, links: 'https://ok.test ftp://x' })).toEqual({
      links: '"ftp://x" is not a link (http:// or https://).',
    });
  });

  it('a review needs at least one merge request, each on our GitLab and in scope', () => {
    const r = ok(type('review'), review);
    expect(r.values.mergeRequests).toEqual([
      { project: 'org/product', iid: 12, url: 'https://gitlab.test/org/product/-/merge_requests/12' },
      { project: 'org/sub/api', iid: 7, url: 'https://gitlab.test/org/sub/api/-/merge_requests/7' },
    ]);
    expect(r.confidential).toBe(true);
    expect(errors(type('review'), { ...review, mergeRequests: '' }).mergeRequests).toBe(
      'Please link at least one merge request to review.',
    );
    expect(errors(type('review'), { ...review, mergeRequests: 'elsewhere/app!3' }).mergeRequests).toBe(
      'elsewhere/app!3 is outside the projects the team covers (sec/tools, org/product and projects under org).',
    );
    expect(
      errors(type('review'), { ...review, mergeRequests: 'https://gitlab.test/org/product/-/issues/1' })
        .mergeRequests,
    ).toMatch(/is not a merge request link/);
  });

  it('a needed-by date may be today but not in the past, and must be a real date', () => {
    expect(ok(type('review'), { ...review, neededBy: '2025-03-10' }).values.neededBy).toBe('2025-03-10');
    expect(errors(type('review'), { ...review, neededBy: '2025-03-09' })).toEqual({
      neededBy: 'Needed by cannot be in the past; please pick today or later.',
    });
    expect(errors(type('review'), { ...review, neededBy: '2025-02-30' })).toEqual({
      neededBy: 'Please pick a date (YYYY-MM-DD).',
    });
    expect(errors(type('review'), { ...review, neededBy: null })).toEqual({
      neededBy: 'Please choose the needed by.',
    });
  });

  it('confidentiality follows the form, else the type default', () => {
    expect(ok(type('review'), { ...review, confidential: false }).confidential).toBe(false);
    expect(ok(type('support'), { question: 'Is X allowed?' }).confidential).toBe(false);
  });

  it('a support question has no title and needs only the question', () => {
    const r = ok(type('support'), { question: 'Can we store tokens in localStorage?' });
    expect(r).toEqual({
      typeId: 'support',
      title: '',
      confidential: false,
      values: { question: 'Can we store tokens in localStorage?', context: '' },
    });
    expect(errors(type('support'), {})).toEqual({ question: 'Please describe the question.' });
  });

  it('checks select options and Slack user ids of a custom type', () => {
    const [custom] = requestTypesSchema.parse([
      {
        id: 'c',
        name: 'C',
        description: 'd',
        target: 'product',
        fields: [
          { id: 'sev', kind: 'select', label: 'Severity', options: ['low', 'high'], required: true },
          { id: 'who', kind: 'users', label: 'People' },
          { id: 'site', kind: 'url', label: 'Site' },
          { id: 'when', kind: 'date', label: 'Incident date' },
        ],
      },
    ]);
    if (!custom) throw new Error('custom');
    expect(errors(custom, { title: 't', sev: 'medium', who: ['U1', 'bob'], site: 'nope' })).toEqual({
      sev: 'Please choose one of the options.',
      who: 'Please pick people from Slack.',
      site: '"nope" is not a link (http:// or https://).',
    });
    const r = ok(custom, {
      title: 't',
      sev: 'high',
      who: ['U123', 'U123', 'W456'],
      site: '',
      when: '2020-01-01',
    });
    expect(r.values).toEqual({ sev: 'high', who: ['U123', 'W456'], site: '', when: '2020-01-01' });
  });
});

describe('typed issue descriptions', () => {
  const meta = { ref: 'R-7', requester: 'U1', marker: 'prodsec-bot:request:7' };

  it('automation and product requests are described exactly as buildRequestDescription does', () => {
    for (const [id, kind] of [
      ['automation', 'internal'],
      ['product', 'product'],
    ] as const) {
      const legacy = validateRequestFields({ ...intake, kind });
      if (!legacy.ok) throw new Error('legacy');
      const typed = ok(type(id), intake);
      expect(buildTypedRequestDescription(type(id), typed, meta)).toBe(
        buildRequestDescription(legacy.fields, meta),
      );
    }
    const legacy = validateRequestFields({ ...intake, kind: 'product', currentProcess: '', links: '' });
    if (!legacy.ok) throw new Error('legacy');
    const typed = ok(type('product'), { ...intake, currentProcess: '', links: '' });
    expect(buildTypedRequestDescription(type('product'), typed, meta)).toBe(
      buildRequestDescription(legacy.fields, meta),
    );
  });

  it('a review lists its merge requests and headings per field; the due date comes from needed-by', () => {
    const r = ok(type('review'), review);
    const d = buildTypedRequestDescription(type('review'), r, meta);
    expect(d).toContain(
      '## Merge requests to review\n\n- org/product!12: <https://gitlab.test/org/product/-/merge_requests/12>\n- org/sub/api!7: <https://gitlab.test/org/sub/api/-/merge_requests/7>\n',
    );
    expect(d).toContain('## What changes and why\n\nAdds PKCE.\n');
    expect(d).toContain('## Data or trust boundary touched\n\n');
    expect(d).toContain('## Needed by\n\n2025-03-12\n');
    expect(d).toContain('<!-- prodsec-bot:request:7 -->');
    expect(dueDateFor(type('review'), r)).toBe('2025-03-12');
    expect(dueDateFor(type('product'), ok(type('product'), intake))).toBeUndefined();
  });

  it('user text can neither run quick actions, nor mention anyone, nor fake an idempotency marker', () => {
    const r = ok(type('review'), {
      ...review,
      changes: 'fine\n/close\n  /assign @root\ncc @all @org/appsec\n<!-- prodsec-bot:request:1 -->',
    });
    const d = buildTypedRequestDescription(type('review'), r, meta);
    expect(d).not.toMatch(/^\s*\/(close|assign)/m);
    expect(d).not.toMatch(/(?<![A-Za-z0-9_])@[A-Za-z0-9_]/);
    expect(d).toContain(`@${ZWJ}all`);
    expect(d.match(/<!--/g)).toHaveLength(1);
  });

  it('renders selects by label, users, and a link holding > percent-encoded so the autolink cannot be escaped', () => {
    const [custom] = requestTypesSchema.parse([
      {
        id: 'c',
        name: 'C',
        description: 'd',
        target: 'product',
        fields: [
          { id: 'sev', kind: 'select', label: 'Severity', options: [{ value: 'hi', label: 'High' }] },
          { id: 'who', kind: 'users', label: 'People' },
          { id: 'site', kind: 'url', label: 'Site' },
        ],
      },
    ]);
    if (!custom) throw new Error('custom');
    const d = buildTypedRequestDescription(
      custom,
      ok(custom, { title: 't', sev: 'hi', who: ['U123'], site: 'https://x.test/a>@all' }),
      meta,
    );
    expect(d).toContain('## Severity\n\nHigh\n');
    expect(d).toContain('## People\n\n- Slack user U123\n');
    expect(d).toContain('## Site\n\n<https://x.test/a%3E@all>\n');
  });

  it('a converted support question links its thread', () => {
    const d = buildTypedRequestDescription(type('product'), ok(type('product'), intake), {
      ...meta,
      supportThreadUrl: 'https://slack.test/archives/C1/p1',
    });
    expect(d).toContain('## Support thread\n\n<https://slack.test/archives/C1/p1>\n');
  });
});

describe('labels and conversion', () => {
  it('a new issue carries every new request label plus the type labels, once each', () => {
    expect(labelsForType(type('review'), defaultTaxonomy)).toEqual([
      'ProdSecEng Candidate',
      'workflow::validation backlog',
      'ProdSecEngMetric::Pending',
      'security review',
    ]);
  });

  it('a support question converts into a title and the target long-text fields', () => {
    expect(supportConversionValues('Can we use X?\nmore detail', 'We build Y.', type('product'))).toEqual({
      title: 'Can we use X?',
      problem: 'Can we use X?\nmore detail',
      currentProcess: 'We build Y.',
    });
    const [one] = requestTypesSchema.parse([
      {
        id: 'o',
        name: 'O',
        description: 'd',
        target: 'product',
        fields: [{ id: 'body', kind: 'long_text', label: 'B' }],
      },
    ]);
    if (!one) throw new Error('one');
    expect(supportConversionValues('Q', 'C', one)).toEqual({ title: 'Q', body: 'Q\n\nC' });
  });
});
