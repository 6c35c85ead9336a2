import { createRequesterFn, type FormattedResponse } from '@gitbeaker/requester-utils';
import { GitLabError, parseRetryAfter } from './errors.js';

interface HandlerOptions {
  prefixUrl?: string;
  searchParams?: string;
  method?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  body?: string | FormData;
  asStream?: boolean;
  [key: string]: unknown;
}

export type CallObserver = (outcome: {
  method: string;
  path: string;
  status: number | undefined;
  kind: string;
  ms: number;
}) => void;

async function parseBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (type === 'application/json') return (await response.json()) ?? {};
  return response.text();
}

function messageOf(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; error?: unknown };
    const m = b.message ?? b.error;
    return typeof m === 'string' ? m : JSON.stringify(m ?? body).slice(0, 200);
  }
  return '';
}

/**
 * A gitbeaker requester that makes exactly one attempt per call.
 * NOTE: gitbeaker's default handler retries 429 and 502 ten times, POSTs included, which can
 * file an issue twice; retries belong to our adapter and outbox, which know what is safe.
 */
export function createSingleAttemptRequester(observe?: CallObserver) {
  return createRequesterFn(
    (_service: unknown, options: unknown) => Promise.resolve(options as Record<string, unknown>),
    async (endpoint: string, raw?: Record<string, unknown>): Promise<FormattedResponse> => {
      const {
        prefixUrl,
        searchParams,
        method = 'GET',
        signal,
        headers,
        body,
      } = (raw ?? {}) as HandlerOptions;
      const base = prefixUrl?.endsWith('/') ? prefixUrl : `${prefixUrl ?? ''}/`;
      const url = new URL(endpoint, base);
      url.search = searchParams ?? '';
      const path = url.pathname;
      const started = Date.now();
      let response: Response;
      try {
        response = await fetch(url, { method, headers, body, signal });
      } catch (err) {
        const e = err as Error;
        const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
        // NOTE: a write that timed out may still be carried out by GitLab after we gave up; the
        // error says so itself (GitLabError.outcomeUnknown: no status, not a GET).
        observe?.({
          method,
          path,
          status: undefined,
          kind: timeout ? 'timeout' : 'network',
          ms: Date.now() - started,
        });
        throw new GitLabError(
          timeout ? 'timeout' : 'network',
          method,
          path,
          undefined,
          timeout ? 'timed out' : e.message,
        );
      }
      let parsed: unknown;
      try {
        parsed = await parseBody(response);
      } catch (err) {
        observe?.({ method, path, status: response.status, kind: 'network', ms: Date.now() - started });
        throw new GitLabError('network', method, path, response.status, (err as Error).message);
      }
      observe?.({ method, path, status: response.status, kind: 'http', ms: Date.now() - started });
      if (!response.ok) {
        throw new GitLabError(
          'http',
          method,
          path,
          response.status,
          messageOf(parsed),
          parseRetryAfter(response.headers.get('retry-after')),
        );
      }
      return {
        body: parsed as FormattedResponse['body'],
        headers: Object.fromEntries(response.headers.entries()),
        status: response.status,
      };
    },
  );
}
