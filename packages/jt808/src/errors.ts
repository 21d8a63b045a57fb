/**
 * Why a frame could not be decoded. `decode` returns one of these instead of throwing, because
 * malformed frames are expected input on a terminal link.
 *
 * - `bad_frame`: not delimited by 0x7e on both ends, or an unescaped 0x7e inside (two frames glued).
 * - `bad_escape`: 0x7d followed by anything but 0x01/0x02, or a trailing 0x7d.
 * - `bad_checksum`: the XOR check code does not match header + body.
 * - `truncated`: fewer bytes than the header, the packet items or a body field need.
 * - `bad_header`: header fields that cannot be right (packet index 0 or above the total).
 * - `body_length_mismatch`: the length in the message-body attributes disagrees with the frame, for
 *   every header variant tried.
 * - `body_too_long`: body above the configured `maxBodyLength`.
 * - `encrypted`: the encryption bits are set; the codec does not hold keys.
 * - `unknown_message`: no codec is registered for the message id (the header is still returned).
 * - `bad_body`: a body field is invalid or bytes are left over after the last field.
 * - `bad_signature`: 驾培 校验串 / 鉴权密文 verification failed under the `enforce` policy.
 */
export type DecodeFailureReason =
  | 'bad_frame'
  | 'bad_escape'
  | 'bad_checksum'
  | 'truncated'
  | 'bad_header'
  | 'body_length_mismatch'
  | 'body_too_long'
  | 'encrypted'
  | 'unknown_message'
  | 'bad_body'
  | 'bad_signature';

/**
 * Internal control-flow error used by body readers. It never escapes the public API: the top-level
 * `decode*` functions catch it and turn it into `{ ok: false, reason }`.
 */
export class DecodeError extends Error {
  constructor(
    readonly reason: DecodeFailureReason,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'DecodeError';
  }
}

/**
 * Thrown by `encode*` when the message given to it cannot be represented on the wire (a value out of
 * range, a string too long for its fixed field, a body above 1023 bytes). Encoding input comes from
 * our own code, so this is a programmer error, not a runtime condition.
 */
export class EncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}
