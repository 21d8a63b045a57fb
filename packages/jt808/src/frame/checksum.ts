/**
 * JT/T 808-2013 §4.4.3 (校验码): the check code is the XOR of every byte from the first header byte
 * to the last body byte, taken *before* escaping. One byte long.
 */
export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}
