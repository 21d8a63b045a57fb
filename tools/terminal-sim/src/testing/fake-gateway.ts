import net from 'node:net';
import {
  createFrameSplitter,
  decode,
  encode,
  type CodecOptions,
  type DecodedMessage,
  type DecodeResult,
  type EncodeInput,
  type ExtendedBodyMap,
  type ExtendedMessageId,
  type HeaderVariant,
  type SplitEvent,
  type TransparentData,
} from '@jiapei/jt808';

/**
 * A tiny stand-in for the gateway, for tests only: accepts connections, decodes with the codec and
 * answers 0x0100/0x0102/extended logins/photo init/everything else with 0x8001 result 0. Tests
 * can hold back acks (`dropAck`) and push downlink commands (`sendExtended`).
 */
export type FakeGateway = {
  port: number;
  /** Every uplink frame decoded, in arrival order. */
  messages: DecodedMessage[];
  /** Every splitter drop and failed decode, in arrival order. */
  problems: (SplitEvent | DecodeResult)[];
  /** Raw frames as cut by the splitter. */
  frames: Uint8Array[];
  /** Return true to not answer this frame with 0x8001. */
  dropAck: (m: DecodedMessage) => boolean;
  /** The 0x8001 result to answer this frame with (0 成功, 1 失败, 2 消息有误, 3 不支持). */
  ackResult: (m: DecodedMessage) => number;
  sendExtended<K extends ExtendedMessageId>(id: K, data: ExtendedBodyMap[K]): void;
  send(input: EncodeInput): void;
  /** Close the live connections (the terminal sees its link drop). */
  dropConnections(): void;
  close(): Promise<void>;
};

export async function startFakeGateway(version: HeaderVariant, terminalNo: string): Promise<FakeGateway> {
  const codec: CodecOptions = { header: version };
  const sockets = new Set<net.Socket>();
  let serial = 0;
  let phone = '0';
  let extSerial = 0;
  const gw: FakeGateway = {
    port: 0,
    messages: [],
    problems: [],
    frames: [],
    dropAck: () => false,
    ackResult: () => 0,
    send(input) {
      const frame = encode(input, codec);
      for (const s of sockets) s.write(frame);
    },
    sendExtended(id, data) {
      const body: TransparentData = {
        type: 0x13,
        message: {
          id,
          resend: false,
          replyRequired: false,
          digest: 0,
          serial: ++extSerial,
          terminalNo,
          data,
          signature: null,
        },
      };
      gw.send({ header: { msgId: 0x8900, phone, serial: serial++, version }, body });
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () =>
      new Promise((resolve) => {
        gw.dropConnections();
        server.close(() => resolve());
      }),
  };
  const reply = (socket: net.Socket, input: EncodeInput): void => void socket.write(encode(input, codec));
  const ack = (socket: net.Socket, m: DecodedMessage): void => {
    reply(socket, {
      header: { msgId: 0x8001, phone: m.header.phone, serial: serial++, version },
      body: { replySerial: m.header.serial, replyId: m.header.msgId, result: gw.ackResult(m) },
    });
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const splitter = createFrameSplitter();
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      for (const ev of splitter.push(chunk)) {
        if (ev.type === 'dropped') {
          gw.problems.push(ev);
          continue;
        }
        gw.frames.push(ev.frame);
        const d = decode(ev.frame, codec);
        if (!d.ok) {
          gw.problems.push(d);
          continue;
        }
        if (d.body === null) {
          // One packet of a multi-packet 0x0704: acknowledged like any frame; tests reassemble.
          gw.messages.push(d as unknown as DecodedMessage);
          ack(socket, d as unknown as DecodedMessage);
          continue;
        }
        gw.messages.push(d);
        phone = d.header.phone;
        answer(socket, d);
      }
    });
  });
  const answer = (socket: net.Socket, m: DecodedMessage): void => {
    const id: number = m.header.msgId;
    switch (id) {
      case 0x0100:
        reply(socket, {
          header: { msgId: 0x8100, phone: m.header.phone, serial: serial++, version },
          body:
            version === 'jiapei'
              ? {
                  replySerial: m.header.serial,
                  result: 0,
                  platformNo: 'A0107',
                  institutionNo: '3701020000000099',
                  terminalNo,
                  certPassword: '123456',
                  certificate: '',
                }
              : { replySerial: m.header.serial, result: 0, authCode: 'AUTH-0001' },
        });
        return;
      case 0x0001:
        return;
      case 0x0900: {
        const ext = (m.body as TransparentData).message;
        // Answer on the connection the message came from (a fleet shares this gateway).
        const ext8900 = <K extends ExtendedMessageId>(id: K, data: ExtendedBodyMap[K]) =>
          reply(socket, {
            header: { msgId: 0x8900, phone: m.header.phone, serial: serial++, version },
            body: {
              type: 0x13,
              message: {
                id,
                resend: false,
                replyRequired: false,
                digest: 0,
                serial: ++extSerial,
                terminalNo: ext!.terminalNo,
                data,
                signature: null,
              },
            },
          });
        const extId: number = ext?.id ?? -1;
        switch (extId) {
          case 0x0101:
            ext8900(0x8101, {
              result: 1,
              coachNo: (ext!.data as ExtendedBodyMap[0x0101]).coachNo,
              readAloud: 0,
              message: '',
            });
            return;
          case 0x0102:
            ext8900(0x8102, { result: 1, coachNo: (ext!.data as ExtendedBodyMap[0x0102]).coachNo });
            return;
          case 0x0201:
            ext8900(0x8201, {
              result: 1,
              traineeNo: (ext!.data as ExtendedBodyMap[0x0201]).traineeNo,
              totalMinutes: 0,
              partDoneMinutes: 0,
              totalMileageKm: 0,
              partDoneMileageKm: 0,
              readAloud: 0,
              message: '',
            });
            return;
          case 0x0202:
            ext8900(0x8202, { result: 1, traineeNo: (ext!.data as ExtendedBodyMap[0x0202]).traineeNo });
            return;
          case 0x0305:
            ext8900(0x8305, { result: 0 });
            return;
          default:
            if (!gw.dropAck(m)) ack(socket, m);
            return;
        }
      }
      default:
        if (!gw.dropAck(m)) ack(socket, m);
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gw.port = (server.address() as net.AddressInfo).port;
  return gw;
}

/** The 驾培 extended messages among decoded frames, with their ids. */
export function extendedOf(messages: DecodedMessage[]) {
  return messages
    .filter((m) => m.header.msgId === 0x0900 && m.body)
    .map((m) => ({ header: m.header, message: (m.body as TransparentData).message! }));
}
