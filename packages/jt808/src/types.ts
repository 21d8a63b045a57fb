import type { DecodeFailureReason } from './errors.ts';

/**
 * Header generations (REFERENCE §1.3, ARCHITECTURE §B12):
 * - `2013`: JT/T 808-2011/2013, 12 bytes — id, attributes, BCD[6] phone, serial.
 * - `2019`: JT/T 808-2019, 17 bytes — id, attributes (bit 14 = version flag), 协议版本号, BCD[10] phone, serial.
 * - `jiapei`: the 16-byte header of the 2016-generation 驾培 terminals — 协议版本号, id, attributes,
 *   BCD[8] phone, serial, 预留 byte.
 * Each grows by 4 bytes (总包数 WORD + 包序号 WORD) when attribute bit 13 (分包) is set.
 */
export type HeaderVariant = '2013' | '2019' | 'jiapei';

/** 消息包封装项: this frame is packet `index` (1-based) of `total`. */
export type PacketInfo = { total: number; index: number };

/** A decoded message header. Every bit of the wire header is here, so re-encoding is exact. */
export type Header = {
  /** 消息ID. */
  msgId: number;
  /** Which header layout the frame used (detected or configured). */
  version: HeaderVariant;
  /** 终端手机号 as all its BCD digits (12, 20 or 16 of them), leading zeros kept. */
  phone: string;
  /** 消息流水号. */
  serial: number;
  /** True when the encryption bits (10–12) are not zero. */
  encrypted: boolean;
  /** Sub-packet items, or null when attribute bit 13 is clear. */
  packet: PacketInfo | null;
  /** 消息体属性 bits 10–12 (bit 10 = RSA). */
  encryption: number;
  /** Body length from the attributes (bits 0–9). */
  bodyLength: number;
  /** 协议版本号 (2019: 1 for the first 2019 edition; 驾培: usually 0x00); 0 for 2013. */
  protocolVersion: number;
  /** 消息体属性 bits 14–15 as received (bit 14 is the 2019 version flag). */
  attrFlags: number;
  /** The 驾培 header's 预留 byte (offset 15); 0 for other variants. */
  reserved: number;
};

/** What `encode` needs for a header; everything but `msgId` and `phone` has a default. */
export type HeaderInput = {
  msgId: number;
  phone: string;
  /** Default 0. */
  serial?: number;
  /** Default: `options.header` when it names a variant, else `2013`. */
  version?: HeaderVariant;
  packet?: PacketInfo | null;
  encryption?: number;
  /** Default 1 for 2019, 0 otherwise. */
  protocolVersion?: number;
  /** Default 0b01 (version flag) for 2019, 0 otherwise. */
  attrFlags?: number;
  reserved?: number;
};

/** `decode` could not produce a message. `header` is present when the header itself was readable. */
export type DecodeFailure = {
  ok: false;
  reason: DecodeFailureReason;
  detail?: string;
  header?: Header;
};

/** Outcome of checking a 驾培 校验串 or 0x0102 鉴权密文 (see `SignaturePolicy`). */
export type Verification = {
  /**
   * - `valid` / `invalid`: the verifier ran.
   * - `unsigned`: the message carries no signature.
   * - `unverified`: no verifier (or, for 0x0102, no terminal number) was configured.
   */
  status: 'valid' | 'invalid' | 'unsigned' | 'unverified';
  digest?: DigestAlgorithm;
};

export type DigestAlgorithm = 'sha1' | 'sha256';

/**
 * Pure signature check injected into the codec, so the core needs no crypto module. `node-crypto.ts`
 * provides the Node implementation (RSA PKCS#1 v1.5 over the raw digest, REFERENCE §1.5/§1.6).
 */
export type SignatureVerifier = {
  /** True when `signature` is a valid signature of `digest(message)` for this terminal. */
  verify(input: {
    message: Uint8Array;
    signature: Uint8Array;
    digest: DigestAlgorithm;
    /** 计时终端编号 when known (the session's terminal); lets one verifier serve many terminals. */
    terminalNo?: string;
  }): boolean;
};

/** Pure signer, the other half (used by simulators and tests). */
export type Signer = {
  sign(input: { message: Uint8Array; digest: DigestAlgorithm }): Uint8Array;
};
