import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/** 学员登出应答 (REFERENCE §1.8): 登出结果 BYTE + 学员编号 BYTE[16]. */
export type TraineeLogoutReply = { result: number; traineeNo: string };

export const traineeLogoutReply = defineMessage<TraineeLogoutReply>({
  id: 0x8202,
  name: '学员登出应答 trainee logout reply',
  direction: 'down',
  decode(r, ctx) {
    const body = {
      result: r.u8('result'),
      traineeNo: readFixedText(r, ID_LENGTH, ctx.opts.text, 'traineeNo'),
    };
    r.expectEnd('0x8202');
    return body;
  },
  encode(w, b, ctx) {
    w.u8(b.result, 'result');
    writeFixedText(w, b.traineeNo, ID_LENGTH, ctx.opts.text, 'traineeNo');
  },
});

export const decodeTraineeLogoutReply = traineeLogoutReply.decode;
export const encodeTraineeLogoutReply = traineeLogoutReply.encode;
