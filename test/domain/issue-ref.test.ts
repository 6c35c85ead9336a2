import { describe, expect, it } from 'vitest';
import { canonicalIssueRef, parseIssueRef, projectOfIssueRef } from '../../src/domain/issue-ref.js';

describe('parseIssueRef', () => {
  const GL = 'https://gitlab.example.com';
  it('reads #123 in the default project', () => {
    expect(parseIssueRef('#123', 'org/product', GL)).toEqual({ project: 'org/product', iid: 123 });
  });
  it('reads group/sub/project#12', () => {
    expect(parseIssueRef('a/b/c#12', 'x/y', GL)).toEqual({ project: 'a/b/c', iid: 12 });
  });
  it('reads an issue URL on the configured GitLab, also as a Slack <url|label> link', () => {
    expect(parseIssueRef('https://gitlab.example.com/a/b/-/issues/7', 'x/y', GL)).toEqual({
      project: 'a/b',
      iid: 7,
    });
    expect(parseIssueRef('<https://gitlab.example.com/a/b/-/issues/7|a/b#7>', 'x/y', GL)).toEqual({
      project: 'a/b',
      iid: 7,
    });
  });
  it('refuses other hosts, other paths and junk', () => {
    expect(parseIssueRef('https://evil.example/a/b/-/issues/7', 'x/y', GL)).toBeUndefined();
    expect(parseIssueRef('https://gitlab.example.com/a/b/-/merge_requests/7', 'x/y', GL)).toBeUndefined();
    expect(parseIssueRef('123', 'x/y', GL)).toBeUndefined();
    expect(parseIssueRef('#abc', 'x/y', GL)).toBeUndefined();
    expect(parseIssueRef('../../etc#1', 'x/y', GL)).toBeUndefined();
    expect(parseIssueRef('https://gitlab.example.com/../a/-/issues/1', 'x/y', GL)).toBeUndefined();
  });
});

describe('canonical issue refs', () => {
  it.each([
    ['GL-Security/AppSec-Automation#1', 'gl-security/appsec-automation#1'],
    ['gl-security/appsec-automation#1', 'gl-security/appsec-automation#1'],
    [' Group/Sub/Proj#12', 'group/sub/proj#12'],
  ])('%s is keyed as %s', (ref, key) => {
    expect(canonicalIssueRef(ref)).toBe(key);
  });

  it('reads the project part of a ref, or null', () => {
    expect(projectOfIssueRef('Hr/Salaries#3')).toBe('Hr/Salaries');
    expect(projectOfIssueRef('#3')).toBeNull();
    expect(projectOfIssueRef('no-hash')).toBeNull();
  });
});
