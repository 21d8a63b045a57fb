import { defineMessage } from './define.ts';

/** JT/T 808-2013 §8.2 平台通用应答 (表4); REFERENCE §1.4. */
export type PlatformGeneralReply = {
  /** 应答流水号: serial of the terminal message answered. */
  replySerial: number;
  /** 应答 ID: id of the terminal message answered. */
  replyId: number;
  /** 0 成功/确认, 1 失败, 2 消息有误, 3 不支持, 4 报警处理确认. */
  result: number;
};

/** 0x8001 / 0x0001 result codes. */
export const GeneralResult = {
  ok: 0,
  failure: 1,
  messageError: 2,
  unsupported: 3,
  alarmConfirmed: 4,
} as const;

export const platformGeneralReply = defineMessage<PlatformGeneralReply>({
  id: 0x8001,
  name: '平台通用应答 platform general reply',
  direction: 'down',
  decode(r) {
    const body = { replySerial: r.u16('replySerial'), replyId: r.u16('replyId'), result: r.u8('result') };
    r.expectEnd('0x8001');
    return body;
  },
  encode(w, b) {
    w.u16(b.replySerial, 'replySerial');
    w.u16(b.replyId, 'replyId');
    w.u8(b.result, 'result');
  },
});

export const decodePlatformGeneralReply = platformGeneralReply.decode;
export const encodePlatformGeneralReply = platformGeneralReply.encode;
