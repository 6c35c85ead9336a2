import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Deps } from '../deps.js';
import { acceptDelivery } from '../webhooks/accept-delivery.js';
import { isHandledEvent } from '../webhooks/hook-payload.js';
import { createActivity } from './activity.js';
import type { HttpRoute, RouteTools } from './receiver.js';

export const GITLAB_WEBHOOK_PATH = '/gitlab/webhook';

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Constant-time comparison of two secrets of any length (hashed first, so lengths do not leak). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * GitLab's Standard Webhooks signature: `webhook-signature: v1,<base64 HMAC-SHA256>` (several
 * may be listed, space-separated) over `{webhook-id}.{webhook-timestamp}.{body}`, keyed by the
 * base64 part of the `whsec_…` secret; the timestamp within five minutes either way.
 */
export function verifyStandardWebhook(
  signingToken: string,
  headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined },
  rawBody: Buffer,
  nowMs: number,
  windowSec = 300,
): { ok: true } | { ok: false; reason: string } {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > windowSec)
    return { ok: false, reason: 'timestamp outside the 5-minute window' };
  const key = Buffer.from(signingToken.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest();
  for (const part of signature.split(' ')) {
    const [version, sig] = part.split(',');
    if (version !== 'v1' || !sig) continue;
    const given = Buffer.from(sig, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'signature mismatch' };
}

/**
 * `POST /gitlab/webhook` (deps are read when a request arrives: the route is built before them):
 * authenticates (token, and the signature when a signing token is set),
 * saves the delivery durably and answers 204 before any Slack or GitLab call; the outbox does
 * the work. Refusals record nothing.
 */
export function createGitLabWebhookRoute(depsOf: () => Deps): HttpRoute & { busy(): boolean } {
  const activity = createActivity();
  async function receive(req: IncomingMessage, tools: RouteTools): Promise<void> {
    const deps = depsOf();
    const { GITLAB_WEBHOOK_SECRET: secret, GITLAB_WEBHOOK_SIGNING_TOKEN: signingToken } = deps.config;
    const log = deps.log;
    const refuse = (status: number, reason: string) => {
      log.warn({ status, reason, event: header(req, 'x-gitlab-event') }, 'gitlab webhook refused');
      tools.send(status, { error: reason });
    };
    if (!secret || !sameSecret(header(req, 'x-gitlab-token'), secret)) return refuse(401, 'bad token');
    const raw = await tools.readBody();
    if (signingToken) {
      const verified = verifyStandardWebhook(
        signingToken,
        {
          id: header(req, 'webhook-id'),
          timestamp: header(req, 'webhook-timestamp'),
          signature: header(req, 'webhook-signature'),
        },
        raw,
        deps.clock(),
      );
      if (!verified.ok) return refuse(401, verified.reason);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(400, 'body is not JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse(400, 'body is not an object');
    const event = header(req, 'x-gitlab-event') ?? '';
    if (!isHandledEvent(event)) return tools.send(204, '');
    // NOTE: Idempotency-Key (GitLab 17.4+) is the same across retries and "Resend request";
    // older instances send only the event UUID.
    const key =
      header(req, 'idempotency-key') ??
      header(req, 'x-gitlab-event-uuid') ??
      `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const outcome = acceptDelivery(deps, { dedupeKey: key, event, body: raw.toString('utf8') });
    log.debug({ event, key, outcome }, 'gitlab webhook accepted');
    tools.send(204, '');
  }
  return {
    method: 'POST',
    path: GITLAB_WEBHOOK_PATH,
    /** Deliveries being answered or arriving as a burst: the outbox lets them go first (GitLab's 10 s clock). */
    busy: () => activity.busy(),
    async handle(req, _res, tools) {
      activity.enter();
      try {
        await receive(req, tools);
      } finally {
        activity.leave();
      }
    },
  };
}
