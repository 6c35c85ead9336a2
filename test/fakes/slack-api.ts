// A local HTTP server that plays the Slack Web API for end-to-end tests.
// Give `fake.url` to @slack/web-api (or Bolt) as `slackApiUrl`. Only node:http, no dependencies.
// It also plays Socket Mode: apps.connections.open hands out a ws:// URL on the same server, and
// `fake.socket` pushes envelopes over it and collects the acks.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { isViewTooLarge, LIMITS, validateBlocks, validateView } from './block-kit-limits.js';
import { acceptWebSocket, type FakeWebSocket } from './websocket.js';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
  status: number; // 0 while the call is still being answered
  response: unknown;
  fault?: SlackFault; // the injected fault (failNext or chaos) this call met, if any
}

export type SlackFault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string }
  | { delayMs: number };

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  user?: string;
}

export interface ChaosOptions {
  seed: number;
  failRate?: number; // HTTP 503, nothing done (default 0.1)
  rateLimitRate?: number; // HTTP 429, Retry-After: 1 (default 0.05)
  stallRate?: number; // done at once, answered after stallMs (default 0.05)
  stallMs?: number; // default 2000
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of views
type AnyView = any;

/** What Slack sends over a Socket Mode connection (`type`: events_api, slash_commands, interactive). */
export interface SocketEnvelope {
  envelope_id?: string; // made up when absent
  type: string;
  payload: Record<string, unknown>;
  accepts_response_payload?: boolean; // default: true except for events_api
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the client sends back: the envelope id and the response payload, if any. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketMode {
  /** Open WebSocket connections right now. */
  readonly connections: number;
  /** WebSocket connections accepted since the fake started. */
  readonly connectCount: number;
  /** Every ack received, in order. */
  acks: SocketAck[];
  /** Sends an envelope on the newest open connection; resolves with the client's ack for it. */
  send(envelope: SocketEnvelope, opts?: { timeoutMs?: number }): Promise<SocketAck>;
  /** Sends Slack's `disconnect` message (a refresh): the client closes and connects again. */
  disconnectAll(reason?: string): void;
  /** Closes every connection abruptly, without a close frame (a crashed server, a cut network). */
  dropAll(): void;
}

/** One run of a custom step (Workflow Builder function), as Slack tracks it. */
export interface FakeFunctionExecution {
  id: string;
  /** The workflow token Slack puts in the event as `bot_access_token`; valid while it runs. */
  token: string;
  state: 'running' | 'completed' | 'failed';
  outputs?: Record<string, unknown>;
  error?: string;
  /** Output names the function's manifest marks `is_required`. */
  requiredOutputs: string[];
}

export interface FakeSlack {
  url: string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  messages: FakeMessage[];
  ephemerals: Array<{ channel: string; user: string; text?: string; blocks?: unknown[] }>;
  views: Array<{ id: string; kind: 'open' | 'update' | 'push' | 'publish'; view: AnyView; user_id?: string }>;
  homeViews: Map<string, AnyView>;
  /** Bodies POSTed to response_url addresses made by responseUrl(). */
  responses: Array<{ id: string; body: Record<string, unknown> }>;
  /** A response_url pointing at this fake (Slack's are https://hooks.slack.com/...). */
  responseUrl(id?: string): string;
  /**
   * The next `times` calls to `method` meet `fault`; with `when`, only the calls whose arguments
   * it accepts (so a fault meant for one post is not consumed by another the bot sends meanwhile).
   */
  failNext(method: string, fault: SlackFault, times?: number, when?: (args: Args) => boolean): void;
  setLatency(ms: number): void;
  notInChannel: Set<string>;
  usergroups: Map<string, string[]>;
  /** users.info's profile.email per user id (given only with users:read.email); absent: no email. */
  userEmails: Map<string, string>;
  chaos(opts: ChaosOptions | null): void;
  reset(): void;
  /** Socket Mode: the WebSocket side of the fake (connect with the app token `xapp-test-token`). */
  socket: FakeSocketMode;
  /** Runs of custom steps, by function_execution_id (see startFunctionExecution). */
  functionExecutions: Map<string, FakeFunctionExecution>;
  /**
   * Starts a custom step run, as Slack does before it sends `function_executed`: the execution id
   * and workflow token to put in the event. functions.completeSuccess / completeError then act on it.
   */
  startFunctionExecution(opts?: { requiredOutputs?: string[] }): {
    function_execution_id: string;
    bot_access_token: string;
  };
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
type Body = Record<string, unknown>;
interface Reply {
  status: number;
  body: Body | string;
  headers?: Record<string, string>;
}

const TRIGGER_TTL_MS = 3000;
const JSON_FIELDS: Record<string, string> = {
  blocks: 'invalid_blocks_format',
  view: 'invalid_arguments',
  attachments: 'invalid_attachments',
  metadata: 'invalid_metadata_format',
  outputs: 'invalid_arguments',
};

let triggerCounter = 0;
/** A trigger id the fake dates: expired 3 s after `issuedAt`, usable once (like Slack's). */
export function makeTriggerId(issuedAt: number = Date.now()): string {
  triggerCounter += 1;
  return `trig.${issuedAt}.${triggerCounter}`;
}

/** Small seeded PRNG: same seed, same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isObj = (v: unknown): v is Args => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
const fail = (error: string, messages?: string[]): Body =>
  messages ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
/** Drop undefined values so stored objects compare cleanly. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a form or JSON body; JSON-string fields (blocks, view, ...) become objects. */
function parseArgs(raw: string, contentType: string, query: URLSearchParams): { args: Args; error?: string } {
  const args: Args = Object.fromEntries(query);
  if (contentType.includes('application/json')) {
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      if (!isObj(parsed)) return { args, error: 'invalid_json' };
      Object.assign(args, parsed);
    } catch {
      return { args, error: 'invalid_json' };
    }
  } else {
    Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
  }
  for (const [field, error] of Object.entries(JSON_FIELDS)) {
    const v = args[field];
    if (typeof v !== 'string') continue;
    try {
      args[field] = JSON.parse(v);
    } catch {
      return { args, error };
    }
  }
  return { args };
}

export async function startFakeSlack(
  opts: { token?: string; appToken?: string; botUserId?: string; teamId?: string } = {},
): Promise<FakeSlack> {
  const botToken = opts.token ?? 'xoxb-test-token';
  const botUserId = opts.botUserId ?? 'UBOT';
  const teamId = opts.teamId ?? 'T0FAKE';
  const appToken = opts.appToken ?? 'xapp-test-token';

  const calls: SlackCall[] = [];
  const messages: FakeMessage[] = [];
  const ephemerals: FakeSlack['ephemerals'] = [];
  const responses: FakeSlack['responses'] = [];
  const views: FakeSlack['views'] = [];
  const homeViews = new Map<string, AnyView>();
  const notInChannel = new Set<string>();
  const usergroups = new Map<string, string[]>();
  const userEmails = new Map<string, string>();
  const functionExecutions = new Map<string, FakeFunctionExecution>();
  let executionCounter = 0;
  const stored = new Map<string, { view: AnyView; user_id?: string }>(); // view id -> current view
  const usedTriggers = new Set<string>();
  const tickets = new Set<string>(); // one-time tickets in the URLs apps.connections.open gave out
  const sockets = new Set<FakeWebSocket>();
  const acks: SocketAck[] = [];
  const ackWaiters = new Map<string, (ack: SocketAck) => void>();
  let connectCount = 0;
  const faults = new Map<
    string,
    Array<{ fault: SlackFault; remaining: number; when?: (args: Args) => boolean }>
  >();
  let chaos: (Required<Omit<ChaosOptions, 'seed'>> & { rand: () => number }) | null = null;
  let latencyMs = 0;
  let lastTsMicros = 0;
  let viewCounter = 0;
  let viewIdCounter = 0;

  // Timers are tracked so close() never waits on a stalled answer.
  const timers = new Map<NodeJS.Timeout, () => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.set(t, resolve);
    });

  function nextTs(): string {
    lastTsMicros = Math.max(lastTsMicros + 1, Date.now() * 1000);
    return `${Math.floor(lastTsMicros / 1e6)}.${String(lastTsMicros % 1e6).padStart(6, '0')}`;
  }

  function slackMessage(m: FakeMessage): Body {
    return compact({ type: 'message', ...m, channel: undefined, bot_id: 'BBOT', team: teamId });
  }

  /** text / blocks of a chat.* call; text is truncated like Slack does, blocks are validated. */
  function content(a: Args, requireSome: boolean): { text?: string; blocks?: unknown[] } | { failed: Body } {
    const text = typeof a.text === 'string' ? a.text.slice(0, LIMITS.messageText) : undefined;
    let blocks: unknown[] | undefined;
    if (a.blocks !== undefined) {
      const problems = validateBlocks(a.blocks, 'message');
      if (problems.length > 0) return { failed: fail('invalid_blocks', problems) };
      blocks = a.blocks as unknown[];
    }
    const hasAttachments = Array.isArray(a.attachments) && a.attachments.length > 0;
    if (requireSome && !text && !blocks?.length && !hasAttachments) return { failed: fail('no_text') };
    return compact({ text, blocks });
  }

  // ---- views ----
  function checkView(view: unknown, type: 'modal' | 'home' | 'any'): Body | undefined {
    if (!isObj(view)) return fail('invalid_arguments', ['[ERROR] missing required field: view']);
    if (isViewTooLarge(view)) return fail('view_too_large');
    const problems = validateView(view);
    if (type !== 'any' && view.type !== type)
      problems.push(`[ERROR] must be '${type}' [json-pointer:/view/type]`);
    return problems.length > 0 ? fail('invalid_arguments', problems) : undefined;
  }

  function renderView(view: Args, id: string, previous?: AnyView): AnyView {
    viewCounter += 1;
    return {
      ...view,
      id,
      team_id: teamId,
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${viewCounter.toString(16).padStart(8, '0')}`,
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      external_id: view.external_id ?? previous?.external_id ?? '',
      root_view_id: previous?.root_view_id ?? id,
      previous_view_id: null,
      app_id: 'AFAKEAPP',
      bot_id: 'BBOT',
    };
  }

  function newViewId(): string {
    viewIdCounter += 1;
    return `V${String(viewIdCounter).padStart(10, '0')}`;
  }

  function findByExternalId(externalId: string): string | undefined {
    for (const [id, s] of stored) if (s.view.external_id === externalId) return id;
    return undefined;
  }

  function openView(a: Args, kind: 'open' | 'push'): Body {
    const trigger = str(a.trigger_id) ?? str(a.interactivity_pointer);
    if (!trigger) return fail('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
    const issued = /^trig\.(\d+)\./.exec(trigger);
    if (issued && Date.now() - Number(issued[1]) > TRIGGER_TTL_MS) return fail('expired_trigger_id');
    if (issued && usedTriggers.has(trigger)) return fail('trigger_exchanged');
    const bad = checkView(a.view, 'modal');
    if (bad) return bad;
    const view = a.view as Args;
    if (typeof view.external_id === 'string' && findByExternalId(view.external_id)) {
      return fail('duplicate_external_id');
    }
    if (issued) usedTriggers.add(trigger);
    const id = newViewId();
    const rendered = renderView(view, id);
    stored.set(id, { view: rendered });
    views.push({ id, kind, view: rendered });
    return { view: rendered };
  }

  /** The running execution a functions.* call names, or Slack's answer why not. */
  function executionFor(a: Args): FakeFunctionExecution | { failed: Body } {
    const id = str(a.function_execution_id);
    if (!id)
      return { failed: fail('invalid_arguments', ['[ERROR] missing required field: function_execution_id']) };
    const run = functionExecutions.get(id);
    if (!run) return { failed: fail('function_execution_not_found') };
    if (run.state !== 'running') return { failed: fail('execution_not_in_running_state') };
    return run;
  }

  /** A workflow token is good while its execution runs (Slack revokes it when the run ends). */
  const isWorkflowToken = (token: string | undefined) =>
    token !== undefined &&
    [...functionExecutions.values()].some((r) => r.token === token && r.state === 'running');

  const handlers: Record<string, (a: Args) => Body> = {
    'apps.connections.open': () => {
      const { port } = server.address() as AddressInfo;
      const ticket = randomUUID();
      tickets.add(ticket);
      return { url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=AFAKEAPP` };
    },

    'auth.test': () => ({
      url: 'https://example.slack.com/',
      team: 'Example',
      user: 'prodsec-bot',
      team_id: teamId,
      user_id: botUserId,
      bot_id: 'BBOT',
      is_enterprise_install: false,
    }),

    'chat.postMessage': (a) => {
      let channel = str(a.channel);
      if (!channel) return fail('channel_not_found');
      if (/^[UW]/.test(channel)) channel = `D${channel.slice(1)}`; // a user id posts into the app DM
      if (notInChannel.has(channel) || notInChannel.has(str(a.channel) ?? '')) return fail('not_in_channel');
      const c = content(a, true);
      if ('failed' in c) return c.failed;
      const msg: FakeMessage = compact({
        channel,
        ts: nextTs(),
        thread_ts: str(a.thread_ts),
        ...c,
        user: botUserId,
      });
      messages.push(msg);
      return { channel, ts: msg.ts, message: slackMessage(msg) };
    },

    'chat.postEphemeral': (a) => {
      const channel = str(a.channel);
      const user = str(a.user);
      if (!channel) return fail('channel_not_found');
      if (!user) return fail('user_not_found');
      if (notInChannel.has(channel)) return fail('not_in_channel');
      const c = content(a, true);
      if ('failed' in c) return c.failed;
      ephemerals.push(compact({ channel, user, ...c }));
      return { message_ts: nextTs() };
    },

    'chat.update': (a) => {
      const channel = str(a.channel);
      if (!channel) return fail('channel_not_found');
      const msg = messages.find((m) => m.channel === channel && m.ts === str(a.ts));
      if (!msg) return fail('message_not_found');
      const c = content(a, true);
      if ('failed' in c) return c.failed;
      Object.assign(msg, c); // fields not sent are kept, as in Slack
      return { channel, ts: msg.ts, text: msg.text ?? '', message: slackMessage(msg) };
    },

    'chat.getPermalink': (a) => {
      const channel = str(a.channel);
      const ts = str(a.message_ts);
      if (!channel) return fail('channel_not_found');
      if (!ts) return fail('message_not_found');
      return { channel, permalink: `https://example.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
    },

    'conversations.open': (a) => {
      if (str(a.channel)) return { channel: { id: str(a.channel) } };
      const users = (Array.isArray(a.users) ? a.users.join(',') : (str(a.users) ?? ''))
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      if (users.length === 0) return fail('users_list_not_supplied');
      const id = users.length === 1 ? `D${users[0]!.slice(1)}` : `G${users.map((u) => u.slice(1)).join('')}`;
      return { channel: { id } };
    },

    'functions.completeSuccess': (a) => {
      const run = executionFor(a);
      if ('failed' in run) return run.failed;
      if (!isObj(a.outputs)) return fail('invalid_arguments', ['[ERROR] missing required field: outputs']);
      const outputs = a.outputs;
      const missing = run.requiredOutputs.filter(
        (name) => typeof outputs[name] !== 'string' || outputs[name] === '',
      );
      if (missing.length > 0)
        return fail(
          'parameter_validation_failed',
          missing.map((name) => `[ERROR] missing required output: ${name}`),
        );
      run.state = 'completed';
      run.outputs = outputs;
      return {};
    },

    'functions.completeError': (a) => {
      const run = executionFor(a);
      if ('failed' in run) return run.failed;
      if (typeof a.error !== 'string' || a.error.trim() === '')
        return fail('invalid_arguments', ['[ERROR] missing required field: error']);
      run.state = 'failed';
      run.error = a.error;
      return {};
    },

    'views.open': (a) => openView(a, 'open'),
    'views.push': (a) => openView(a, 'push'),

    'views.update': (a) => {
      const viewId = str(a.view_id);
      const externalId = str(a.external_id);
      if (!viewId && !externalId) {
        return fail('invalid_arguments', ['[ERROR] missing required field: view_id or external_id']);
      }
      const id = viewId ?? findByExternalId(externalId ?? '');
      const current = id ? stored.get(id) : undefined;
      if (!id || !current) return fail('not_found');
      if (str(a.hash) && str(a.hash) !== current.view.hash) return fail('hash_conflict');
      const bad = checkView(a.view, 'any');
      if (bad) return bad;
      const rendered = renderView(a.view as Args, id, current.view);
      stored.set(id, { ...current, view: rendered });
      if (current.user_id) homeViews.set(current.user_id, rendered);
      views.push(compact({ id, kind: 'update' as const, view: rendered, user_id: current.user_id }));
      return { view: rendered };
    },

    'views.publish': (a) => {
      const userId = str(a.user_id);
      if (!userId) return fail('invalid_arguments', ['[ERROR] missing required field: user_id']);
      const previous = homeViews.get(userId);
      if (previous && str(a.hash) && str(a.hash) !== previous.hash) return fail('hash_conflict');
      const bad = checkView(a.view, 'home');
      if (bad) return bad;
      const id: string = previous?.id ?? newViewId();
      const rendered = renderView(a.view as Args, id, previous);
      stored.set(id, { view: rendered, user_id: userId });
      homeViews.set(userId, rendered);
      views.push({ id, kind: 'publish', view: rendered, user_id: userId });
      return { view: rendered };
    },

    'usergroups.users.list': (a) => {
      const users = usergroups.get(str(a.usergroup) ?? '');
      return users ? { users: [...users] } : fail('no_such_subteam');
    },

    'users.info': (a) => {
      const id = str(a.user);
      if (!id) return fail('user_not_found');
      const name = id.toLowerCase();
      return {
        user: {
          id,
          team_id: teamId,
          name,
          real_name: `User ${id}`,
          tz: 'UTC',
          tz_offset: 0,
          is_bot: false,
          deleted: false,
          profile: {
            real_name: `User ${id}`,
            display_name: name,
            ...(userEmails.has(id) ? { email: userEmails.get(id) } : {}),
          },
        },
      };
    },
  };

  // ---- fault injection ----
  function takeFault(method: string, args: Args): SlackFault | undefined {
    const queue = faults.get(method) ?? [];
    const i = queue.findIndex((f) => !f.when || f.when(args));
    const head = queue[i];
    if (head) {
      head.remaining -= 1;
      if (head.remaining <= 0) queue.splice(i, 1);
      return head.fault;
    }
    if (!chaos || method === 'auth.test') return undefined;
    const r = chaos.rand();
    if (r < chaos.failRate) return { status: 503 };
    if (r < chaos.failRate + chaos.rateLimitRate) return { status: 429, retryAfter: 1 };
    if (r < chaos.failRate + chaos.rateLimitRate + chaos.stallRate) return { delayMs: chaos.stallMs };
    return undefined;
  }

  function faultReply(fault: SlackFault): Reply | undefined {
    if ('delayMs' in fault) return undefined;
    if ('error' in fault) return { status: 200, body: fail(fault.error) };
    if (fault.status === 429) {
      return {
        status: 429,
        body: fail('ratelimited'),
        headers: { 'Retry-After': String(fault.retryAfter) },
      };
    }
    return { status: fault.status, body: STATUS_CODES[fault.status] ?? '' };
  }

  function dispatch(method: string, args: Args, token: string | undefined, parseError?: string): Reply {
    const handler = handlers[method];
    if (!handler) return { status: 200, body: fail('unknown_method') };
    if (method === 'apps.connections.open') {
      // Only an app-level token may open a connection; Slack names the wrong kind of token.
      if (token === botToken) return { status: 200, body: fail('not_allowed_token_type') };
      if (token !== appToken) return { status: 200, body: fail('invalid_auth') };
    } else if (token !== botToken && !isWorkflowToken(token))
      return { status: 200, body: fail('invalid_auth') };
    if (parseError) return { status: 200, body: fail(parseError) };
    const body = handler(args);
    return { status: 200, body: body.ok === false ? body : { ok: true, ...body } };
  }

  function send(res: ServerResponse, reply: Reply): void {
    if (res.destroyed) return;
    const isText = typeof reply.body === 'string';
    res.writeHead(reply.status, {
      'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      ...reply.headers,
    });
    res.end(isText ? reply.body : JSON.stringify(reply.body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
    const raw = await readBody(req);
    const respondId = /^\/respond\/([\w.-]+)$/.exec(url.pathname)?.[1];
    if (respondId && req.method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        res.writeHead(400).end('invalid_payload');
        return;
      }
      const problems = body.blocks === undefined ? [] : validateBlocks(body.blocks, 'message');
      if (problems.length > 0) {
        res.writeHead(400).end('invalid_blocks');
        return;
      }
      responses.push({ id: respondId, body });
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    if (!method) {
      res.writeHead(404).end();
      return;
    }
    const { args, error: parseError } = parseArgs(raw, req.headers['content-type'] ?? '', url.searchParams);
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? str(args.token);
    delete args.token;
    const call: SlackCall = compact({ method, args, token, at: Date.now(), status: 0, response: undefined });
    calls.push(call);

    if (latencyMs > 0) await sleep(latencyMs);
    const fault = takeFault(method, args);
    if (fault) call.fault = fault;
    const reply = (fault && faultReply(fault)) ?? dispatch(method, args, token, parseError);
    call.status = reply.status;
    call.response = reply.body;
    // A delay / stall happens after Slack acted: a client that times out still finds the effect done.
    if (fault && 'delayMs' in fault) await sleep(fault.delayMs);
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  // ---- Socket Mode ----
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!/^\/link\/?$/.test(url.pathname) || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    const ws = acceptWebSocket(req, socket, head, {
      onMessage(text) {
        let msg: unknown;
        try {
          msg = JSON.parse(text);
        } catch {
          return;
        }
        if (!isObj(msg) || typeof msg.envelope_id !== 'string') return;
        const ack: SocketAck = compact({
          envelope_id: msg.envelope_id,
          payload: isObj(msg.payload) ? msg.payload : undefined,
        });
        acks.push(ack);
        const waiter = ackWaiters.get(ack.envelope_id);
        ackWaiters.delete(ack.envelope_id);
        waiter?.(ack);
      },
      onClose() {
        if (ws) sockets.delete(ws);
      },
    });
    if (!ws) return;
    sockets.add(ws);
    connectCount += 1;
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: sockets.size,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'AFAKEAPP' },
      }),
    );
  });

  const socketMode: FakeSocketMode = {
    get connections() {
      return sockets.size;
    },
    get connectCount() {
      return connectCount;
    },
    acks,
    send(envelope, o = {}) {
      const ws = [...sockets].reverse().find((s) => s.open);
      if (!ws) return Promise.reject(new Error('no open Socket Mode connection'));
      const envelopeId = envelope.envelope_id ?? randomUUID();
      const events = envelope.type === 'events_api';
      const message = compact({
        envelope_id: envelopeId,
        type: envelope.type,
        payload: envelope.payload,
        accepts_response_payload: envelope.accepts_response_payload ?? !events,
        retry_attempt: envelope.retry_attempt ?? (events ? 0 : undefined),
        retry_reason: envelope.retry_reason ?? (events ? '' : undefined),
      });
      const timeoutMs = o.timeoutMs ?? 5000;
      return new Promise<SocketAck>((resolve, reject) => {
        const t = setTimeout(() => {
          timers.delete(t);
          ackWaiters.delete(envelopeId);
          reject(new Error(`no ack for envelope ${envelopeId} (${envelope.type}) within ${timeoutMs} ms`));
        }, timeoutMs);
        timers.set(t, () => {});
        ackWaiters.set(envelopeId, (ack) => {
          clearTimeout(t);
          timers.delete(t);
          resolve(ack);
        });
        ws.send(JSON.stringify(message));
      });
    },
    disconnectAll(reason = 'refresh_requested') {
      const msg = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } });
      for (const ws of sockets) ws.send(msg);
    },
    dropAll() {
      for (const ws of sockets) ws.terminate();
    },
  };

  let respondSeq = 0;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    responses,
    responseUrl(id) {
      respondSeq += 1;
      return `http://127.0.0.1:${port}/respond/${id ?? `r${respondSeq}`}`;
    },
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages,
    ephemerals,
    views,
    homeViews,
    notInChannel,
    usergroups,
    userEmails,
    failNext(method, fault, times = 1, when) {
      const queue = faults.get(method) ?? [];
      queue.push({ fault, remaining: times, when });
      faults.set(method, queue);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    chaos(o) {
      chaos = o && {
        rand: mulberry32(o.seed),
        failRate: o.failRate ?? 0.1,
        rateLimitRate: o.rateLimitRate ?? 0.05,
        stallRate: o.stallRate ?? 0.05,
        stallMs: o.stallMs ?? 2000,
      };
    },
    reset() {
      for (const list of [calls, messages, ephemerals, views, responses] as unknown[][]) list.length = 0;
      for (const m of [homeViews, notInChannel, usergroups, stored, usedTriggers, faults, functionExecutions])
        m.clear();
      chaos = null;
      latencyMs = 0;
    },
    socket: socketMode,
    functionExecutions,
    startFunctionExecution(o = {}) {
      executionCounter += 1;
      const id = `Fx${String(executionCounter).padStart(10, '0')}`;
      const token = `xwfp-${executionCounter}-${randomUUID().replace(/-/g, '')}`;
      functionExecutions.set(id, { id, token, state: 'running', requiredOutputs: o.requiredOutputs ?? [] });
      return { function_execution_id: id, bot_access_token: token };
    },
    close() {
      for (const ws of sockets) ws.terminate();
      for (const [t, resolve] of timers) {
        clearTimeout(t);
        resolve();
      }
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
