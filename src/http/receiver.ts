import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type App, HTTPResponseAck, type Logger, type Receiver } from '@slack/bolt';
import type { Metrics } from '../metrics.js';
import { type Activity, createActivity } from './activity.js';
import { kindOf, parseSlackBody, teamsOf } from './parse-body.js';
import { countAck, processSlackDelivery } from './process-event.js';
import { verifySlackSignature } from './verify.js';

export interface ReceiverOptions {
  signingSecret: string;
  logger: Logger;
  maxBodyBytes: number;
  allowedTeams: string[];
  metrics: Metrics;
  clock: () => number;
  health: () => { status: number; body: unknown };
  /** false: only /healthz and /metrics (Socket Mode receives Slack's requests over its socket). */
  serveSlackEvents?: boolean;
  /** Further routes served on the same port (readiness, GitLab webhooks, the OAuth callback). */
  routes?: HttpRoute[];
}

/**
 * A route beside Slack's: each feature owns its handler in its own file and the bot passes
 * them in. `readBody` caps the body at MAX_BODY_BYTES (it rejects with an HttpProblem of 413).
 */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, tools: RouteTools): Promise<void>;
}

export interface RouteTools {
  readBody(): Promise<Buffer>;
  send(status: number, body: unknown, headers?: Record<string, string>): void;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Bolt's receiver contract over node:http, stricter than Bolt's own HTTPReceiver:
 * bodies are capped while streaming (413), signatures are checked over the raw bytes in a
 * window that also rejects future timestamps, malformed bodies get 400, and payloads from
 * other workspaces are refused. It also serves /healthz and /metrics.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;
  private readonly activity: Activity = createActivity();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: ReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  start(port: number, host = '0.0.0.0'): Promise<Server> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((err) => {
        this.opts.logger.error({ err: (err as Error).message }, 'receiver failed');
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }

  /** Slack requests being handled right now, or arriving as a burst. */
  busy(): boolean {
    return this.activity.busy();
  }

  /** Slack requests arriving as a burst (one within the last few ms). */
  arriving(): boolean {
    return this.activity.arriving();
  }

  address(): number {
    const a = this.server?.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  /** Stops accepting connections and waits for requests already being handled. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    if (this.activity.inFlight() > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      const h = this.opts.health();
      return send(res, h.status, h.body);
    }
    if (req.method === 'GET' && path === '/metrics') {
      const text = await this.opts.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': this.opts.metrics.registry.contentType });
      res.end(text);
      return;
    }
    const extra = this.opts.routes?.find((r) => r.method === req.method && r.path === path);
    if (extra) {
      const tools: RouteTools = {
        readBody: () => readBody(req, this.opts.maxBodyBytes),
        send: (status, body, headers) => send(res, status, body, headers),
      };
      try {
        await extra.handle(req, res, tools);
      } catch (err) {
        if (!(err instanceof HttpProblem)) throw err;
        if (err.status === 413) res.setHeader('connection', 'close');
        send(res, err.status, { error: err.message });
        if (err.status === 413) req.destroy();
      }
      return;
    }
    if (req.method === 'POST' && path === '/slack/events' && this.opts.serveSlackEvents !== false) {
      this.activity.enter();
      try {
        await this.handleSlack(req, res);
      } finally {
        this.activity.leave();
        if (this.activity.inFlight() === 0) for (const w of this.idleWaiters.splice(0)) w();
      }
      return;
    }
    send(res, 404, { error: 'not found' });
  }

  private async handleSlack(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let kind = 'unknown';
    const requestId = randomUUID();
    try {
      const raw = await readBody(req, this.opts.maxBodyBytes);
      const rawText = raw.toString('utf8');
      const contentType = req.headers['content-type'];
      if (/(^|&)ssl_check=1(&|$)/.test(rawText)) return send(res, 200, '');
      const verified = verifySlackSignature(
        this.opts.signingSecret,
        { signature: header(req, 'x-slack-signature'), timestamp: header(req, 'x-slack-request-timestamp') },
        raw,
        this.opts.clock(),
      );
      if (!verified.ok) throw new HttpProblem(401, verified.reason);
      let body: Record<string, unknown>;
      try {
        body = parseSlackBody(contentType, rawText);
      } catch (err) {
        throw new HttpProblem(400, `malformed body: ${(err as Error).message}`);
      }
      kind = kindOf(body);
      if (body.type === 'url_verification') return send(res, 200, { challenge: body.challenge });
      if (this.opts.allowedTeams.length > 0) {
        const teams = teamsOf(body);
        if (!teams.some((t) => this.opts.allowedTeams.includes(t)))
          throw new HttpProblem(403, 'workspace not allowed');
      }
      await this.dispatch(req, res, body, kind, requestId, started);
    } catch (err) {
      if (err instanceof HttpProblem) {
        this.opts.metrics.requests.inc({ kind, outcome: String(err.status) });
        this.opts.logger.warn(
          { requestId, status: err.status, reason: err.message, kind },
          'slack request refused',
        );
        if (err.status === 413) res.setHeader('connection', 'close');
        send(res, err.status, { error: err.message });
        if (err.status === 413) req.destroy();
        return;
      }
      throw err;
    }
  }

  private async dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    body: Record<string, unknown>,
    kind: string,
    requestId: string,
    started: number,
  ): Promise<void> {
    if (!this.app) throw new Error('receiver not initialised');
    const responseAck = new HTTPResponseAck({
      logger: this.opts.logger,
      processBeforeResponse: false,
      unhandledRequestTimeoutMillis: 3001,
      httpRequest: req,
      httpResponse: res,
    });
    const boundAck = responseAck.bind();
    const retryNum = Number(header(req, 'x-slack-retry-num'));
    const { logger, metrics } = this.opts;
    await processSlackDelivery(
      { app: this.app, logger, metrics },
      {
        ack: async (response) => {
          const ms = countAck(metrics, kind, started);
          logger.debug({ requestId, kind, ackMs: Math.round(ms * 10) / 10 }, 'slack request acknowledged');
          await boundAck(response);
        },
        body,
        kind,
        requestId,
        retryNum: Number.isFinite(retryNum) ? retryNum : undefined,
        retryReason: header(req, 'x-slack-retry-reason'),
        answered: () => res.headersSent,
        // A failed listener answers 500 with the request id; one nobody took (a link button, an
        // event we do not use) is acknowledged quietly.
        answerUnacknowledged: (failed) =>
          send(res, failed ? 500 : 200, failed ? { error: 'internal error', requestId } : ''),
      },
    );
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  if (typeof body === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Reads the body, refusing (413) as soon as it passes the limit, without buffering the rest. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.reject(new HttpProblem(413, 'body too large'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.pause();
        reject(new HttpProblem(413, 'body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(new HttpProblem(400, err.message));
      }
    });
  });
}
