import {
  createFrameSplitter,
  decode,
  encode,
  encodeFrame,
  MsgId,
  type DecodedMessage,
  type EncodeInput,
  type ExtendedMessage,
  type HeaderVariant,
  type BodyMap,
  type MessageId,
} from '@jiapei/jt808';
import net from 'node:net';

/**
 * A scripted timing terminal for integration tests: real TCP, real frames from packages/jt808. It
 * records every frame the gateway sends and lets a test wait for the one it expects.
 */
export type TestTerminal = Awaited<ReturnType<typeof connectTerminal>>;

export async function connectTerminal(
  port: number,
  options: { phone: string; version?: HeaderVariant; terminalNo?: string },
) {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const version = options.version ?? 'jiapei';
  const splitter = createFrameSplitter();
  const received: DecodedMessage[] = [];
  let waiters: (() => void)[] = [];
  let serial = 0;
  let extSerial = 0;
  let ended = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('close', () => {
    ended = true;
    for (const w of waiters) w();
  });
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    for (const ev of splitter.push(chunk)) {
      if (ev.type !== 'frame') continue;
      const r = decode(ev.frame);
      if (r.ok && r.body !== null) received.push(r);
    }
    const run = waiters;
    waiters = [];
    for (const w of run) w();
  });

  const client = {
    socket,
    received,
    closed,
    get ended() {
      return ended;
    },
    phone: options.phone,
    terminalNo: options.terminalNo ?? '',

    /** Encodes and writes one message; returns the frame bytes and its serial. */
    send<K extends MessageId>(msgId: K, body: BodyMap[K]) {
      const s = serial++;
      const frame = encode({
        header: { msgId, phone: options.phone, version, serial: s },
        body,
      } as EncodeInput);
      socket.write(frame);
      return { frame, serial: s };
    },

    /** A 驾培 extended message in 0x0900 (unsigned unless `signature` is given). */
    sendExtended(
      id: number,
      data: unknown,
      extra: Partial<Pick<ExtendedMessage, 'resend' | 'serial' | 'signature' | 'digest'>> = {},
    ) {
      const message: ExtendedMessage = {
        id,
        resend: extra.resend ?? false,
        replyRequired: true,
        digest: extra.digest ?? 0,
        serial: extra.serial ?? ++extSerial,
        terminalNo: client.terminalNo,
        data: data as ExtendedMessage['data'],
        signature: extra.signature ?? null,
      };
      return client.send(MsgId.uplinkTransparent, { type: 0x13, message });
    },

    /** Raw bytes, for malformed input. */
    write(bytes: Uint8Array) {
      socket.write(bytes);
    },

    /** Builds a frame around raw body bytes without sending it. */
    frame(msgId: number, body: Uint8Array) {
      return encodeFrame({ msgId, phone: options.phone, version, serial: serial++ }, body);
    },

    /** Waits for the first received message (not yet taken) that matches. */
    async next(match: (m: DecodedMessage) => boolean, timeoutMs = 5000): Promise<DecodedMessage> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = received.findIndex(match);
        if (i >= 0) return received.splice(i, 1)[0]!;
        if (ended) throw new Error('connection closed while waiting for a message');
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('timed out waiting for a message');
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },

    /** The 0x8001 answering `serial`. */
    reply(serial: number, timeoutMs?: number) {
      return client.next(
        (m) =>
          m.header.msgId === MsgId.platformGeneralReply &&
          (m.body as { replySerial: number }).replySerial === serial,
        timeoutMs,
      ) as Promise<DecodedMessage<typeof MsgId.platformGeneralReply>>;
    },

    /** The next 0x8900 carrying extended id `id`. */
    extended(id: number, timeoutMs?: number) {
      return client
        .next(
          (m) =>
            m.header.msgId === MsgId.downlinkTransparent &&
            (m.body as { message?: { id: number } }).message?.id === id,
          timeoutMs,
        )
        .then((m) => (m.body as { message: ExtendedMessage }).message);
    },

    close() {
      socket.end();
      return closed;
    },
  };
  return client;
}
