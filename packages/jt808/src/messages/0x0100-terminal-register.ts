import { readFixedText, readText, writeFixedText, encodeText } from '../fields/gbk-string.ts';
import type { BodyContext, RegisterLayout } from '../options.ts';
import { defineMessage } from './define.ts';

/**
 * 终端注册. Four layouts share the field order and differ in widths:
 *
 * | layout | source | 制造商ID | 终端型号 | 终端ID | extra |
 * |---|---|---|---|---|---|
 * | 2011 | JT/T 808-2011 §8.5 | BYTE[5] | BYTE[8] | BYTE[7] | |
 * | 2013 | JT/T 808-2013 §8.5 表6 | BYTE[5] | BYTE[20] | BYTE[7] | |
 * | 2019 | JT/T 808-2019 §8.5 | BYTE[11] | BYTE[30] | BYTE[30] | |
 * | jiapei | REFERENCE §1.5 | BYTE[5] | BYTE[20] | BYTE[7] (计时终端出厂序列号) | IMEI BYTE[15] |
 *
 * All start with 省域ID WORD, 市县域ID WORD and end with 车牌颜色 BYTE + 车牌 STRING (GBK, to the end).
 */
export type TerminalRegister = {
  /** 省域ID: first two digits of the GB/T 2260 code. */
  province: number;
  /** 市县域ID: last four digits of the GB/T 2260 code. */
  city: number;
  maker: string;
  model: string;
  /** 终端ID (驾培: 计时终端出厂序列号). */
  terminalId: string;
  /** 驾培 layout only. */
  imei?: string;
  /** JT/T 415 colour code; 0 = not registered (2019: then `plate` is the VIN). */
  plateColor: number;
  plate: string;
  /** Layout the body used; set by decode, defaults from the header when encoding. */
  layout?: RegisterLayout;
};

const WIDTHS: Record<RegisterLayout, { maker: number; model: number; terminalId: number; imei: number }> = {
  '2011': { maker: 5, model: 8, terminalId: 7, imei: 0 },
  '2013': { maker: 5, model: 20, terminalId: 7, imei: 0 },
  '2019': { maker: 11, model: 30, terminalId: 30, imei: 0 },
  jiapei: { maker: 5, model: 20, terminalId: 7, imei: 15 },
};

/** 2013 fixed part: 2+2+5+20+7+1 = 37 bytes; a 2013-header body shorter than that is the 2011 layout. */
const FIXED_2013 = 37;

function layoutFor(ctx: BodyContext, bodyLength: number | null): RegisterLayout {
  const o = ctx.opts.layouts.register;
  if (o !== 'auto') return o;
  if (ctx.version === '2019') return '2019';
  if (ctx.version === 'jiapei') return 'jiapei';
  return bodyLength !== null && bodyLength < FIXED_2013 ? '2011' : '2013';
}

export const terminalRegister = defineMessage<TerminalRegister>({
  id: 0x0100,
  name: '终端注册 terminal register',
  direction: 'up',
  decode(r, ctx) {
    const layout = layoutFor(ctx, r.remaining);
    const w = WIDTHS[layout];
    const t = ctx.opts.text;
    const province = r.u16('province');
    const city = r.u16('city');
    const maker = readFixedText(r, w.maker, t, 'maker');
    const model = readFixedText(r, w.model, t, 'model');
    const terminalId = readFixedText(r, w.terminalId, t, 'terminalId');
    const imei = w.imei ? readFixedText(r, w.imei, t, 'imei') : undefined;
    const plateColor = r.u8('plateColor');
    const plate = readText(r, r.remaining, t, 'plate');
    return imei === undefined
      ? { province, city, maker, model, terminalId, plateColor, plate, layout }
      : { province, city, maker, model, terminalId, imei, plateColor, plate, layout };
  },
  encode(wr, b, ctx) {
    const layout = b.layout ?? layoutFor(ctx, null);
    const w = WIDTHS[layout];
    const t = ctx.opts.text;
    wr.u16(b.province, 'province');
    wr.u16(b.city, 'city');
    writeFixedText(wr, b.maker, w.maker, t, 'maker');
    writeFixedText(wr, b.model, w.model, t, 'model');
    writeFixedText(wr, b.terminalId, w.terminalId, t, 'terminalId');
    if (w.imei) writeFixedText(wr, b.imei ?? '', w.imei, t, 'imei');
    wr.u8(b.plateColor, 'plateColor');
    wr.bytes(encodeText(b.plate, t, 'plate'));
  },
});

export const decodeTerminalRegister = terminalRegister.decode;
export const encodeTerminalRegister = terminalRegister.encode;
