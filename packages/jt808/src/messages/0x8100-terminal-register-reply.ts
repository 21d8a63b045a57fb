import { encodeText, readFixedText, readText, writeFixedText } from '../fields/gbk-string.ts';
import type { BodyContext } from '../options.ts';
import { defineMessage } from './define.ts';

/**
 * 终端注册应答.
 * - `jt808` (JT/T 808-2013 §8.6 表8): 应答流水号 WORD, 结果 BYTE, 鉴权码 STRING (on success).
 * - `jiapei` (REFERENCE §1.5): 应答流水号, 结果, then on success 平台编号 BYTE[5], 培训机构编号 BYTE[16],
 *   计时终端编号 BYTE[16], 终端证书口令 BYTE[12], 终端证书 STRING (Base64 PKCS#12).
 * The trailing fields are read whenever bytes follow the result, so nothing is dropped.
 */
export type TerminalRegisterReply = {
  replySerial: number;
  /**
   * 0 成功; 1 车辆已被注册; 2 数据库中无该车辆; 3 终端已被注册; 4 数据库中无该终端.
   */
  result: number;
  /** jt808 layout. */
  authCode?: string;
  /** 驾培: 平台编号, e.g. `A0107`. */
  platformNo?: string;
  /** 驾培: 培训机构编号 (16 digits). */
  institutionNo?: string;
  /** 驾培: 计时终端编号 (16 digits), used everywhere afterwards. */
  terminalNo?: string;
  /** 驾培: 终端证书口令 (PKCS#12 password). */
  certPassword?: string;
  /** 驾培: 终端证书, Base64 of the PKCS#12. */
  certificate?: string;
  layout?: 'jt808' | 'jiapei';
};

export const RegisterResult = {
  ok: 0,
  vehicleAlreadyRegistered: 1,
  vehicleUnknown: 2,
  terminalAlreadyRegistered: 3,
  terminalUnknown: 4,
} as const;

function layoutFor(ctx: BodyContext): 'jt808' | 'jiapei' {
  const o = ctx.opts.layouts.register;
  if (o === 'jiapei') return 'jiapei';
  if (o !== 'auto') return 'jt808';
  return ctx.version === 'jiapei' ? 'jiapei' : 'jt808';
}

export const terminalRegisterReply = defineMessage<TerminalRegisterReply>({
  id: 0x8100,
  name: '终端注册应答 terminal register reply',
  direction: 'down',
  decode(r, ctx) {
    const layout = layoutFor(ctx);
    const t = ctx.opts.text;
    const replySerial = r.u16('replySerial');
    const result = r.u8('result');
    if (r.remaining === 0) return { replySerial, result, layout };
    if (layout === 'jt808') {
      return { replySerial, result, authCode: readText(r, r.remaining, t, 'authCode'), layout };
    }
    return {
      replySerial,
      result,
      platformNo: readFixedText(r, 5, t, 'platformNo'),
      institutionNo: readFixedText(r, 16, t, 'institutionNo'),
      terminalNo: readFixedText(r, 16, t, 'terminalNo'),
      certPassword: readFixedText(r, 12, t, 'certPassword'),
      certificate: readText(r, r.remaining, t, 'certificate'),
      layout,
    };
  },
  encode(w, b, ctx) {
    const layout = b.layout ?? layoutFor(ctx);
    const t = ctx.opts.text;
    w.u16(b.replySerial, 'replySerial');
    w.u8(b.result, 'result');
    if (layout === 'jt808') {
      if (b.authCode !== undefined) w.bytes(encodeText(b.authCode, t, 'authCode'));
      return;
    }
    if (b.terminalNo === undefined) return;
    writeFixedText(w, b.platformNo ?? '', 5, t, 'platformNo');
    writeFixedText(w, b.institutionNo ?? '', 16, t, 'institutionNo');
    writeFixedText(w, b.terminalNo, 16, t, 'terminalNo');
    writeFixedText(w, b.certPassword ?? '', 12, t, 'certPassword');
    w.bytes(encodeText(b.certificate ?? '', t, 'certificate'));
  },
});

export const decodeTerminalRegisterReply = terminalRegisterReply.decode;
export const encodeTerminalRegisterReply = terminalRegisterReply.encode;
