import { createHmac, timingSafeEqual } from 'node:crypto';

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Slack request signature check over the raw bytes.
 * NOTE: Slack's rule is a five-minute window. Bolt only rejects old timestamps; this also
 * rejects ones from the future, non-numeric ones and any version other than v0.
 */
export function verifySlackSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer,
  nowMs: number,
  windowSec = 300,
): VerifyResult {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const ts = Number(timestamp);
  const now = Math.floor(nowMs / 1000);
  if (Math.abs(now - ts) > windowSec) return { ok: false, reason: 'timestamp outside the 5-minute window' };
  const m = /^v0=([0-9a-f]{64})$/.exec(signature);
  if (!m?.[1]) return { ok: false, reason: 'malformed signature' };
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest();
  const given = Buffer.from(m[1], 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true };
}
