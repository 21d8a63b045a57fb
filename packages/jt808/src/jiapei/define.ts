import { defineMessage, type Direction, type MessageCodec } from '../messages/define.ts';

/** Replies whose data content is one 执行结果/应答结果 BYTE. */
export type ResultReply = { result: number };

export function resultReply(id: number, name: string, direction: Direction): MessageCodec<ResultReply> {
  return defineMessage<ResultReply>({
    id,
    name,
    direction,
    decode(r) {
      const result = r.u8('result');
      r.expectEnd(name);
      return { result };
    },
    encode(w, b) {
      w.u8(b.result, 'result');
    },
  });
}

/** Lengths of the 驾培 identifiers (REFERENCE §6): BYTE[16] ASCII, 0x00-padded at the end. */
export const ID_LENGTH = 16;
