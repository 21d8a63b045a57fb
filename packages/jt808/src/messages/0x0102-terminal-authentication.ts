import { EncodeError } from '../errors.ts';
import { encodeText, readFixedText, readText, writeFixedText } from '../fields/gbk-string.ts';
import { asBytes } from '../io/writer.ts';
import type { AuthenticationLayout, BodyContext } from '../options.ts';
import { defineMessage } from './define.ts';

/**
 * 终端鉴权.
 * - `2013` (JT/T 808-2013 §8.8): 鉴权码 STRING, the whole body.
 * - `2019` (JT/T 808-2019 §8.8): 鉴权码长度 BYTE, 鉴权码 STRING, 终端IMEI BYTE[15], 软件版本号 BYTE[20].
 * - `jiapei` (REFERENCE §1.5): 时间戳 DWORD (Unix s) + 鉴权密文 BYTE[256] = RSA PKCS#1 v1.5 private-key
 *   operation on SHA-256(计时终端编号 as 16 ASCII bytes ‖ 时间戳 BE). Verify with `verifyJiapeiAuthentication`.
 */
export type TerminalAuthentication = {
  authCode?: string;
  imei?: string;
  softwareVersion?: string;
  /** 驾培: Unix seconds. */
  timestamp?: number;
  /** 驾培: 鉴权密文 (256 bytes for RSA-2048). */
  signature?: Uint8Array;
  layout?: AuthenticationLayout;
};

/** 4-byte timestamp + 256-byte RSA-2048 block: the only 驾培 body length seen. */
const JIAPEI_LENGTH = 260;

function layoutFor(ctx: BodyContext, bodyLength: number | null): AuthenticationLayout {
  const o = ctx.opts.layouts.authentication;
  if (o !== 'auto') return o;
  if (ctx.version === '2019') return '2019';
  if (ctx.version === 'jiapei') return 'jiapei';
  // A 260-byte 2013 auth code does not occur; a 驾培 body behind a 2013 header does.
  return bodyLength === JIAPEI_LENGTH ? 'jiapei' : '2013';
}

export const terminalAuthentication = defineMessage<TerminalAuthentication>({
  id: 0x0102,
  name: '终端鉴权 terminal authentication',
  direction: 'up',
  decode(r, ctx) {
    const layout = layoutFor(ctx, r.remaining);
    const t = ctx.opts.text;
    switch (layout) {
      case '2013':
        return { authCode: readText(r, r.remaining, t, 'authCode'), layout };
      case '2019': {
        const n = r.u8('authCode length');
        const authCode = readText(r, n, t, 'authCode');
        const imei = readFixedText(r, 15, t, 'imei');
        const softwareVersion = readFixedText(r, 20, t, 'softwareVersion');
        r.expectEnd('0x0102');
        return { authCode, imei, softwareVersion, layout };
      }
      case 'jiapei':
        return { timestamp: r.u32('timestamp'), signature: r.rest(), layout };
    }
  },
  encode(w, b, ctx) {
    const layout = b.layout ?? layoutFor(ctx, null);
    const t = ctx.opts.text;
    switch (layout) {
      case '2013':
        w.bytes(encodeText(b.authCode ?? '', t, 'authCode'));
        return;
      case '2019': {
        const code = encodeText(b.authCode ?? '', t, 'authCode');
        w.u8(code.length, 'authCode length');
        w.bytes(code);
        writeFixedText(w, b.imei ?? '', 15, t, 'imei');
        writeFixedText(w, b.softwareVersion ?? '', 20, t, 'softwareVersion');
        return;
      }
      case 'jiapei':
        if (b.timestamp === undefined) throw new EncodeError('0x0102 jiapei: timestamp is required');
        w.u32(b.timestamp, 'timestamp');
        w.bytes(asBytes(b.signature, 'signature'));
        return;
    }
  },
});

export const decodeTerminalAuthentication = terminalAuthentication.decode;
export const encodeTerminalAuthentication = terminalAuthentication.encode;
