import { asBytes } from '../io/writer.ts';
import { defineMessage } from '../messages/define.ts';
import {
  appParamItem,
  readAppParams,
  readOneAppParam,
  writeAppParams,
  type AppParams,
} from './app-params.ts';

/**
 * 设置计时终端应用参数 (REFERENCE §1.8 表B.56): 参数编号 BYTE (0 all; 1–7 one item; 220–255 custom) then
 * the parameter block.
 *
 * Decision (the table does not say what follows a single-item 参数编号): when 参数编号 is 1–7 and the
 * rest is exactly that item's width, only that item is present; otherwise the block is read in wire
 * order. Custom numbers (≥ 220) keep their content raw.
 */
export type SetAppParams = { paramNo: number; params: Partial<AppParams>; raw?: Uint8Array };

export const setAppParams = defineMessage<SetAppParams>({
  id: 0x8501,
  name: '设置计时终端应用参数 set application parameters',
  direction: 'down',
  decode(r) {
    const paramNo = r.u8('paramNo');
    if (paramNo >= 220) return { paramNo, params: {}, raw: r.rest() };
    const item = appParamItem(paramNo);
    if (item && r.remaining === item[1]) return { paramNo, params: readOneAppParam(r, paramNo) };
    return { paramNo, params: readAppParams(r) };
  },
  encode(w, b) {
    w.u8(b.paramNo, 'paramNo');
    if (b.raw !== undefined) {
      w.bytes(asBytes(b.raw, 'raw'));
      return;
    }
    const item = appParamItem(b.paramNo);
    const keys = Object.keys(b.params);
    if (item && keys.length === 1 && keys[0] === item[0]) {
      const v = b.params[item[0]]!;
      if (item[1] === 1) w.u8(v, item[0]);
      else w.u16(v, item[0]);
      return;
    }
    writeAppParams(w, b.params);
  },
});

export const decodeSetAppParams = setAppParams.decode;
export const encodeSetAppParams = setAppParams.encode;
