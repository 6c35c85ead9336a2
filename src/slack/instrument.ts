import type { FetchFunction } from '@slack/web-api';
import type { Metrics } from '../metrics.js';

/**
 * The fetch every Slack Web API client of the bot uses: counts each call by method and outcome
 * (`ok`, Slack's error code, or the HTTP status), for /metrics.
 */
export function createCountingFetch(metrics: Metrics): FetchFunction {
  return async (url, init) => {
    const method = new URL(String(url)).pathname.split('/').pop() ?? 'unknown';
    let response: Response;
    try {
      response = await fetch(url, init as RequestInit);
    } catch (err) {
      metrics.slackCalls.inc({ method, outcome: 'network' });
      throw err;
    }
    let outcome = String(response.status);
    if (response.status === 200) {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { ok?: boolean; error?: string } | null;
      if (body) outcome = body.ok ? 'ok' : (body.error ?? 'error');
    }
    metrics.slackCalls.inc({ method, outcome });
    return response as unknown as Awaited<ReturnType<FetchFunction>>;
  };
}
