import { randomUUID } from 'node:crypto';
import type { App, Logger, Receiver } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import type { Metrics } from '../metrics.js';
import { kindOf, teamsOf } from './parse-body.js';
import { countAck, processSlackDelivery } from './process-event.js';

export interface SocketReceiverOptions {
  appToken: string;
  logger: Logger;
  /** Where `apps.connections.open` is called: Slack's API, or the local fake in tests. */
  slackApiUrl?: string;
  allowedTeams: string[];
  metrics: Metrics;
  /**
   * How long to wait for a pong to the client's ping (ms). It also paces the client's pings (a third
   * of it) and the reconnect backoff (this times the consecutive failures). Tests shorten it.
   */
  clientPingTimeout?: number;
  /** How long to wait for the server's next ping before reconnecting (ms). */
  serverPingTimeout?: number;
}

/** What the SocketModeClient emits as `slack_event` for each envelope. */
interface SlackEventArgs {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  envelope_id: string;
  type: string;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

/**
 * Bolt's receiver contract over Socket Mode, the counterpart of SlackHttpReceiver: payloads from
 * other workspaces are acknowledged and dropped, every envelope is acknowledged once (with the
 * listener's response payload, or empty when no listener answered or one failed, so Slack does not
 * redeliver it forever), and the client reconnects by itself when the connection drops.
 */
export class SlackSocketReceiver implements Receiver {
  private app: App | undefined;
  readonly client: SocketModeClient;

  constructor(private readonly opts: SocketReceiverOptions) {
    this.client = new SocketModeClient({
      appToken: opts.appToken,
      logger: opts.logger,
      clientOptions: { slackApiUrl: opts.slackApiUrl },
      autoReconnectEnabled: true,
      clientPingTimeout: opts.clientPingTimeout,
      serverPingTimeout: opts.serverPingTimeout,
    });
    this.client.on('slack_event', (args: SlackEventArgs) => {
      this.handle(args).catch((err) => {
        this.opts.logger.error({ err: (err as Error).message }, 'socket receiver failed');
      });
    });
  }

  init(app: App): void {
    this.app = app;
  }

  /** Connects; resolves once Slack said hello. */
  async start(): Promise<void> {
    await this.client.start();
  }

  async stop(): Promise<void> {
    await this.client.disconnect();
  }

  private async handle(args: SlackEventArgs): Promise<void> {
    if (!this.app) throw new Error('receiver not initialised');
    const started = performance.now();
    const requestId = randomUUID();
    const body = args.body ?? {};
    const kind = kindOf(body);
    let acked = false;
    const send = async (response?: Record<string, unknown>): Promise<void> => {
      acked = true;
      try {
        await args.ack(response);
      } catch (err) {
        // The connection went away: Slack redelivers the envelope, and the delivery dedupe drops it.
        this.opts.logger.warn({ requestId, kind, err: (err as Error).message }, 'socket ack not sent');
      }
    };
    if (this.opts.allowedTeams.length > 0) {
      const teams = teamsOf(body);
      if (!teams.some((t) => this.opts.allowedTeams.includes(t))) {
        this.opts.metrics.requests.inc({ kind, outcome: '403' });
        this.opts.logger.warn({ requestId, kind, reason: 'workspace not allowed' }, 'slack request refused');
        await send();
        return;
      }
    }
    const { logger, metrics } = this.opts;
    await processSlackDelivery(
      { app: this.app, logger, metrics },
      {
        body,
        kind,
        requestId,
        ack: async (response) => {
          if (acked) {
            logger.warn({ requestId, kind }, 'ack() called twice; ignored');
            return;
          }
          countAck(metrics, kind, started);
          await send(typeof response === 'string' ? { text: response } : response);
        },
        retryNum: args.retry_num,
        retryReason: args.retry_reason,
        answered: () => acked,
        // Failed or not taken, the envelope is acknowledged empty so Slack stops redelivering it.
        answerUnacknowledged: () => send(),
      },
    );
  }
}
