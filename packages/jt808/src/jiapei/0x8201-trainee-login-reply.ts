import { readFixedText, readPrefixedText, writeFixedText, writePrefixedText } from '../fields/gbk-string.ts';
import { tenths, toTenths } from '../fields/gnss.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/**
 * 学员登录应答 (REFERENCE §1.8): 登录结果 BYTE, 学员编号 BYTE[16], 总培训学时 WORD (min), 当前培训部分已完成
 * 学时 WORD (min), 总培训里程 WORD (1/10 km), 当前培训部分已完成里程 WORD (1/10 km), 是否报读附加消息 BYTE,
 * 附加消息长度 BYTE, 附加消息 STRING.
 */
export type TraineeLoginReply = {
  result: number;
  traineeNo: string;
  totalMinutes: number;
  partDoneMinutes: number;
  totalMileageKm: number;
  partDoneMileageKm: number;
  readAloud: number;
  message: string;
};

/** 1 成功; 2 无效的学员编号; 3 禁止登录的学员; 4 区域外教学提醒; 5 准教车型与培训车型不符; 9 其他. */
export const TraineeLoginResult = {
  ok: 1,
  unknownTrainee: 2,
  traineeBanned: 3,
  outsideArea: 4,
  classMismatch: 5,
  other: 9,
} as const;

export const traineeLoginReply = defineMessage<TraineeLoginReply>({
  id: 0x8201,
  name: '学员登录应答 trainee login reply',
  direction: 'down',
  decode(r, ctx) {
    const t = ctx.opts.text;
    const body = {
      result: r.u8('result'),
      traineeNo: readFixedText(r, ID_LENGTH, t, 'traineeNo'),
      totalMinutes: r.u16('totalMinutes'),
      partDoneMinutes: r.u16('partDoneMinutes'),
      totalMileageKm: tenths(r.u16('totalMileage')),
      partDoneMileageKm: tenths(r.u16('partDoneMileage')),
      readAloud: r.u8('readAloud'),
      message: readPrefixedText(r, t, 'message'),
    };
    r.expectEnd('0x8201');
    return body;
  },
  encode(w, b, ctx) {
    const t = ctx.opts.text;
    w.u8(b.result, 'result');
    writeFixedText(w, b.traineeNo, ID_LENGTH, t, 'traineeNo');
    w.u16(b.totalMinutes, 'totalMinutes');
    w.u16(b.partDoneMinutes, 'partDoneMinutes');
    w.u16(toTenths(b.totalMileageKm, 'totalMileageKm'), 'totalMileageKm');
    w.u16(toTenths(b.partDoneMileageKm, 'partDoneMileageKm'), 'partDoneMileageKm');
    w.u8(b.readAloud, 'readAloud');
    writePrefixedText(w, b.message, t, 'message');
  },
});

export const decodeTraineeLoginReply = traineeLoginReply.decode;
export const encodeTraineeLoginReply = traineeLoginReply.encode;
