import { describe, expect, it } from 'vitest';
import { decode, encode, gbk, type TextCodec } from '../src/index.ts';

describe('GBK text', () => {
  it('encodes and decodes plates such as 鲁A1234学', () => {
    const bytes = gbk.encode('鲁A1234学');

    expect(Buffer.from(bytes).toString('hex')).toBe('c2b34131323334d1a7');
    expect(gbk.decode(bytes)).toBe('鲁A1234学');
  });

  it('round-trips the plate provinces and common 驾培 words', () => {
    const text =
      '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领警学挂港澳教练员学员禁训驾校€';

    expect(gbk.decode(gbk.encode(text))).toBe(text);
  });

  it('decodes bytes that are not GBK to escapes that encode back to the same bytes', () => {
    const bytes = Uint8Array.of(0x41, 0xff, 0xc2, 0x00, 0xd1, 0xa7, 0x81);

    const text = gbk.decode(bytes);

    expect(text).toBe('A\udcff\udcc2\u0000学\udc81');
    expect(gbk.encode(text)).toEqual(bytes);
  });

  it('writes ? for characters GBK cannot express', () => {
    expect(gbk.decode(gbk.encode('A😀B'))).toBe('A?B');
  });

  it('is injectable: a codec sees every text field', () => {
    const seen: string[] = [];
    const upper: TextCodec = {
      encode: (s) => {
        seen.push(s);
        return gbk.encode(s.toUpperCase());
      },
      decode: (b) => gbk.decode(b).toLowerCase(),
    };

    const frame = encode(
      { header: { msgId: 0x8100, phone: '1' }, body: { replySerial: 1, result: 0, authCode: 'token' } },
      { text: upper },
    );

    expect(seen).toEqual(['token']);
    expect(decode(frame)).toMatchObject({ body: { authCode: 'TOKEN' } });
    expect(decode(frame, { text: upper })).toMatchObject({ body: { authCode: 'token' } });
  });
});
