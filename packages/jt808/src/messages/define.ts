import type { Reader } from '../io/reader.ts';
import type { Writer } from '../io/writer.ts';
import type { BodyContext } from '../options.ts';

/** Whether a message goes terminal → platform (`up`) or platform → terminal (`down`). */
export type Direction = 'up' | 'down';

/**
 * A message body codec. `decode` reads the whole body from `r` (it may throw the internal
 * DecodeError, which the public functions turn into results); `encode` appends the body to `w`.
 */
export type MessageCodec<T> = {
  id: number;
  /** Name as in the standard, then in English. */
  name: string;
  direction: Direction;
  decode(r: Reader, ctx: BodyContext): T;
  encode(w: Writer, body: T, ctx: BodyContext): void;
};

export function defineMessage<T>(codec: MessageCodec<T>): MessageCodec<T> {
  return codec;
}

/** The body of messages that have none (0x0002, 0x0003, 0x8104, 0x8201, 0x8503). */
export type EmptyBody = Record<string, never>;

export function emptyMessage(id: number, name: string, direction: Direction): MessageCodec<EmptyBody> {
  return {
    id,
    name,
    direction,
    decode(r) {
      r.expectEnd(name);
      return {};
    },
    encode() {},
  };
}
