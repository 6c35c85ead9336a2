import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { View } from '@slack/types';
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { createQuietGate } from '../http/activity.js';
import type { Metrics } from '../metrics.js';

/**
 * The Slack calls made from a trigger (opening a modal), where the 3 s life of the trigger_id is
 * the budget. They go out as one JSON POST over a keep-alive node:http(s) agent instead of through
 * `WebClient` + `fetch`, which per call stringify the request and the answer for a debug log
 * whatever the level, URL-encode the view and parse the answer twice (about 1 ms of CPU a call,
 * measured; see bench/notes.md). What `WebClient` gives is kept: a 429 is retried after its
 * Retry-After when that still fits the trigger's life, `ok: false` throws the same
 * `WebAPIPlatformError` (so `slackErrorCode`, `classifySlackError` and every apology path work
 * unchanged), a network failure throws `WebAPIRequestError`, and each attempt is counted in
 * `prodsec_slack_api_calls_total` with the labels of `createCountingFetch`.
 */
export interface LeanSlack {
  /** views.open from a trigger_id; resolves with Slack's answer (`view.id`, `view.hash`, ...). */
  openView(args: { trigger_id: string; view: View }): Promise<LeanSlackResult>;
  /** Any Web API method as a JSON POST, with the same guarantees. */
  call(method: string, args: Record<string, unknown>): Promise<LeanSlackResult>;
  /** Closes the kept-alive connections (on stop). */
  close(): void;
}

export interface LeanSlackResult {
  ok: true;
  view?: { id?: string; hash?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface LeanSlackOptions {
  /** Same base as the WebClient's `slackApiUrl` (SLACK_API_URL). */
  baseUrl: string;
  token: string;
  metrics: Metrics;
  /**
   * How long a call may take in all, waits for Retry-After included. NOTE: a trigger_id expires
   * 3 s after Slack issued it, and some of that went on the way in and to ack(): past this, a
   * retry could only meet `expired_trigger_id`, so the call fails at once instead.
   */
  budgetMs?: number;
  /** One attempt's timeout. */
  timeoutMs?: number;
  /** Connections kept open to Slack at most (WebClient's default request concurrency is 100). */
  maxSockets?: number;
  /**
   * While this says a burst of requests is arriving, a modal waits (at most `maxDeferMs`, counted in
   * the budget) so that the burst is acknowledged first: the trigger lives 3 s, Slack's ack clock
   * 3 s too, and every open made inside a burst delays the acknowledgements still to come.
   */
  deferWhile?: () => boolean;
  maxDeferMs?: number;
  /** Tests inject these so that a Retry-After wait takes no real time. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_ATTEMPTS = 3;

interface RawReply {
  status: number;
  statusMessage: string;
  headers: Record<string, string>;
  text: string;
}

export function createLeanSlack(opts: LeanSlackOptions): LeanSlack {
  const base = opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`;
  const secure = new URL(base).protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets: opts.maxSockets ?? 100 };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const send = secure ? httpsRequest : httpRequest;
  const budgetMs = opts.budgetMs ?? 2_500;
  const timeoutMs = opts.timeoutMs ?? budgetMs;
  const now = opts.now ?? (() => performance.now());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const authorization = `Bearer ${opts.token}`;
  const gate = opts.deferWhile ? createQuietGate(opts.deferWhile) : undefined;
  const maxDeferMs = opts.maxDeferMs ?? 250;

  function post(url: URL, body: string): Promise<RawReply> {
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(body),
            Authorization: authorization,
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              statusMessage: res.statusMessage ?? '',
              headers: flatHeaders(res),
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from Slack within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async function call(
    method: string,
    args: Record<string, unknown>,
    started = now(),
  ): Promise<LeanSlackResult> {
    const url = new URL(method, base);
    const body = JSON.stringify(args);
    for (let attempt = 1; ; attempt++) {
      let reply: RawReply;
      try {
        reply = await post(url, body);
      } catch (err) {
        opts.metrics.slackCalls.inc({ method, outcome: 'network' });
        throw new WebAPIRequestError(err instanceof Error ? err : new Error(String(err)));
      }
      if (reply.status === 429) {
        opts.metrics.slackCalls.inc({ method, outcome: '429' });
        const retryAfter = Number.parseInt(reply.headers['retry-after'] ?? '', 10);
        const waitS = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 1;
        if (attempt >= MAX_ATTEMPTS || now() - started + waitS * 1000 > budgetMs) {
          throw new WebAPIRateLimitedError(waitS);
        }
        await sleep(waitS * 1000);
        continue;
      }
      const parsed = reply.status === 200 ? parseJson(reply.text) : undefined;
      if (!parsed) {
        opts.metrics.slackCalls.inc({ method, outcome: String(reply.status) });
        throw new WebAPIHTTPError(reply.status, reply.statusMessage, reply.headers, reply.text);
      }
      if (parsed.ok !== true) {
        opts.metrics.slackCalls.inc({ method, outcome: String(parsed.error ?? 'error') });
        throw new WebAPIPlatformError({ ...parsed, ok: false, error: String(parsed.error ?? 'error') });
      }
      opts.metrics.slackCalls.inc({ method, outcome: 'ok' });
      return parsed as LeanSlackResult;
    }
  }

  return {
    call,
    openView: async (args) => {
      const started = now();
      await gate?.wait(maxDeferMs);
      return call('views.open', args, started);
    },
    close: () => agent.destroy(),
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = String(v);
  return out;
}
