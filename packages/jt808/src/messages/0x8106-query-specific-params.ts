import { defineMessage } from './define.ts';

/** 查询指定终端参数 (JT/T 808-2013 §8.11 表13): 参数总数 BYTE + 参数ID DWORD×n; answered by 0x0104. */
export type QuerySpecificParams = { ids: number[] };

export const querySpecificParams = defineMessage<QuerySpecificParams>({
  id: 0x8106,
  name: '查询指定终端参数 query specific terminal parameters',
  direction: 'down',
  decode(r) {
    const n = r.u8('count');
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(r.u32('param id'));
    r.expectEnd('0x8106');
    return { ids };
  },
  encode(w, b) {
    w.u8(b.ids.length, 'count');
    for (const id of b.ids) w.u32(id, 'param id');
  },
});

export const decodeQuerySpecificParams = querySpecificParams.decode;
export const encodeQuerySpecificParams = querySpecificParams.encode;
