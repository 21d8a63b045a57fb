import { toHex } from './io/hex.ts';

/**
 * JSON text of a decode result or message: `Uint8Array` fields become lower-case hex strings, which
 * every encoder accepts back. This is the shape the CLI prints.
 */
export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v), space);
}
