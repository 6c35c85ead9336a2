import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError, StepError } from '../../src/errors.js';
import { GitLabError } from '../../src/gitlab/errors.js';
import { classifyFailure } from '../../src/jobs/classify-failure.js';

const http = (method: string, status: number, retryAfterMs?: number) =>
  new GitLabError('http', method, '/api/v4/projects/1/issues', status, 'refused', retryAfterMs);
const noAnswer = (kind: 'timeout' | 'network', method: string) =>
  new GitLabError(kind, method, '/api/v4/projects/1/issues', undefined, 'no answer');

describe('classifying a failed job attempt', () => {
  it.each([
    ['a rejected token (401)', http('POST', 401), 'operator'],
    ['a rejected token on a read (401)', http('GET', 401), 'operator'],
    ['a write that timed out', noAnswer('timeout', 'POST'), 'uncertain'],
    ['a write that lost its connection', noAnswer('network', 'PUT'), 'uncertain'],
    ['a read that timed out', noAnswer('timeout', 'GET'), 'retryable'],
    ['a 502 on a write (GitLab answered: nothing unknown)', http('POST', 502), 'retryable'],
    ['a 429', http('POST', 429, 2000), 'retryable'],
    ['a 404', http('GET', 404), 'permanent'],
    ['a 403', http('PUT', 403), 'permanent'],
    ['a rejected change (422)', http('POST', 422), 'permanent'],
    ['a Slack failure worth retrying', new RetryableError('ratelimited', 1000), 'retryable'],
    ['a Slack failure for good', new PermanentError('channel_not_found'), 'permanent'],
    ['an unexpected error', new TypeError('boom'), 'retryable'],
    ['something thrown that is not an Error', 'a string', 'retryable'],
  ])('%s is %s', (_what, err, kind) => {
    expect(classifyFailure(err).kind).toBe(kind);
  });

  it('carries the wait GitLab or Slack asked for', () => {
    expect(classifyFailure(http('POST', 429, 2000)).retryAfterMs).toBe(2000);
    expect(classifyFailure(new RetryableError('ratelimited', 3000)).retryAfterMs).toBe(3000);
    expect(classifyFailure(noAnswer('timeout', 'POST')).retryAfterMs).toBeUndefined();
  });

  it('a failed step is classified by its cause, and names the step', () => {
    const cause = http('PUT', 404);
    const failure = classifyFailure(new StepError('labels', cause));
    expect(failure).toMatchObject({ kind: 'permanent', step: 'labels', cause, message: cause.message });
    expect(classifyFailure(new StepError('note', noAnswer('timeout', 'POST'))).kind).toBe('uncertain');
    expect(classifyFailure(new StepError('note', http('POST', 401))).kind).toBe('operator');
  });
});
