import { describe, expect, it } from 'vitest';
import { canonicalPath, describeScope, isInScope, scopeFrom } from '../../src/domain/scope.js';

const scope = scopeFrom({
  internalProject: 'GL-Security/AppSec-Automation',
  productProject: '42',
  groups: ['gitlab-org/security'],
});

describe('scope', () => {
  it('compares project paths case-insensitively', () => {
    expect(canonicalPath('/GL-Security/AppSec-Automation/')).toBe('gl-security/appsec-automation');
    expect(isInScope({ path: 'gl-security/appsec-automation' }, scope)).toBe(true);
    expect(isInScope({ path: 'GL-SECURITY/APPSEC-AUTOMATION' }, scope)).toBe(true);
  });

  it('takes projects below a configured group, at any depth, but not a sibling with the same prefix', () => {
    expect(isInScope({ path: 'gitlab-org/security/a' }, scope)).toBe(true);
    expect(isInScope({ path: 'gitlab-org/security/sub/b' }, scope)).toBe(true);
    expect(isInScope({ path: 'gitlab-org/security-leaks/a' }, scope)).toBe(false);
    expect(isInScope({ path: 'gitlab-org/security' }, scope)).toBe(false);
  });

  it('refuses everything else, and knows projects configured by id', () => {
    expect(isInScope({ path: 'hr/salaries' }, scope)).toBe(false);
    expect(isInScope({ path: 'gl-security/other' }, scope)).toBe(false);
    expect(isInScope({ path: 'gitlab-org/product', id: 42 }, scope)).toBe(true);
    expect(isInScope({ path: '' }, scope)).toBe(false);
  });

  it('names the scope in words for refusals', () => {
    expect(describeScope(scope)).toBe(
      'gl-security/appsec-automation, project 42 and projects under gitlab-org/security',
    );
  });
});
