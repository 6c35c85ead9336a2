// A minimal RFC 6455 server side for the fake Slack: enough for @slack/socket-mode's undici client
// (text frames, fragmentation, ping → pong, the closing handshake). No extensions, no subprotocols.
// NOTE: the `ws` package is not installed (socket-mode 3 uses undici's client), so node:* only.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface FakeWebSocket {
  readonly open: boolean;
  send(text: string): void;
  /** Starts the closing handshake; the TCP connection ends once the peer answers. */
  close(code?: number, reason?: string): void;
  /** Drops the TCP connection without a close frame, as a crashed server or a cut network would. */
  terminate(): void;
}

export interface WebSocketHandlers {
  onMessage(text: string): void;
  onClose(): void;
}

function encode(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  let head: Buffer;
  if (len < 126) {
    head = Buffer.from([0x80 | opcode, len]);
  } else if (len < 65_536) {
    head = Buffer.alloc(4);
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(10);
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  head[0] = 0x80 | opcode; // server frames: FIN set, never masked
  return Buffer.concat([head, payload]);
}

/** Completes the upgrade handshake on `socket` and returns the connection, or refuses with 400. */
export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  handlers: WebSocketHandlers,
): FakeWebSocket | undefined {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return undefined;
  }
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );

  let buf: Buffer = head.length > 0 ? Buffer.from(head) : Buffer.alloc(0);
  let fragments: Buffer[] = [];
  let closeSent = false;
  let closed = false;
  const write = (opcode: number, payload: Buffer) => {
    if (!socket.destroyed && socket.writable) socket.write(encode(opcode, payload));
  };
  const sendClose = (payload: Buffer) => {
    if (closeSent) return;
    closeSent = true;
    write(OP.close, payload);
  };

  function onFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === OP.ping) {
      write(OP.pong, payload);
      return;
    }
    if (opcode === OP.pong) return;
    if (opcode === OP.close) {
      sendClose(payload.subarray(0, 2)); // echo the status code, as the RFC suggests
      socket.end();
      return;
    }
    if (opcode === OP.text || opcode === OP.binary || opcode === OP.continuation) {
      fragments.push(payload);
      if (!fin) return;
      const text = Buffer.concat(fragments).toString('utf8');
      fragments = [];
      handlers.onMessage(text);
    }
  }

  function parse(): void {
    for (;;) {
      if (buf.length < 2) return;
      const b0 = buf[0]!;
      const b1 = buf[1]!;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      const maskAt = offset;
      if (masked) offset += 4;
      if (buf.length < offset + len) return;
      const payload = Buffer.from(buf.subarray(offset, offset + len));
      if (masked) for (let i = 0; i < len; i++) payload[i] = payload[i]! ^ buf[maskAt + (i % 4)]!;
      buf = buf.subarray(offset + len);
      onFrame((b0 & 0x80) !== 0, b0 & 0x0f, payload);
    }
  }

  socket.on('data', (chunk: Buffer) => {
    buf = buf.length > 0 ? Buffer.concat([buf, chunk]) : chunk;
    parse();
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    if (closed) return;
    closed = true;
    handlers.onClose();
  });
  if (buf.length > 0) queueMicrotask(parse);

  return {
    get open() {
      return !closed && !closeSent;
    },
    send(text) {
      if (!closeSent) write(OP.text, Buffer.from(text, 'utf8'));
    },
    close(code = 1000, reason = '') {
      const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
      payload.writeUInt16BE(code, 0);
      payload.write(reason, 2);
      sendClose(payload);
      // A peer that never answers the close frame is dropped after a while.
      setTimeout(() => socket.destroy(), 2000).unref();
    },
    terminate() {
      socket.destroy();
    },
  };
}
