import { DecodeError, EncodeError } from '../errors.ts';
import { readExtrasFixed, writeExtras, type Extras } from '../fields/extras.ts';
import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { readJiapeiGnss, writeJiapeiGnss, type JiapeiGnss } from '../fields/gnss.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/**
 * 照片上传初始化 (REFERENCE §1.8 表B.53): 照片编号 BYTE[10], 学员或教练员编号 BYTE[16], 上传模式 BYTE,
 * 摄像头通道号 BYTE, 图片尺寸 BYTE, 发起图片的事件类型 BYTE, 总包数 WORD, 照片数据大小 DWORD, 课堂ID DWORD,
 * 附加GNSS数据包 GNSS38, 人脸识别置信度 BYTE.
 *
 * REFERENCE §8 disagreements, settled here:
 * - GNSS length 38 (spec-quoting classes) or 28 (one Java decoder): told apart by the body length
 *   (79/78 vs 69/68 bytes), which is unambiguous. `gnss.extras` is present exactly for 38.
 * - 人脸识别置信度 absent in older terminals: the 78/68-byte bodies.
 * - 上传模式/通道号 order: `options.jiapei.photoInitOrder` (default mode first); when the configured
 *   order yields an upload mode outside {1, 129, 255} and the swapped order yields one inside, the
 *   swap is taken. `fieldOrder` records what was used.
 */
export type PhotoUploadInit = {
  photoNo: string;
  /** 学员或教练员编号. */
  personNo: string;
  /** 1 自动请求上传; 129 终端主动拍照上传; 255 停止拍摄并上传. */
  uploadMode: number;
  channel: number;
  size: number;
  /** 0 中心查询 … 5 定时拍照 … 17 学员登录, 18 学员登出, 19 培训过程中, 20 教练员登录, 21 教练员登出. */
  eventType: number;
  totalPackets: number;
  photoBytes: number;
  classId: number;
  /** GNSS38 (with `extras`) or GNSS28 (without). */
  gnss: JiapeiGnss & { extras?: Extras; extrasTail?: Uint8Array };
  /** 0–100; absent in the short layout. */
  faceConfidence?: number;
  fieldOrder?: 'mode-channel' | 'channel-mode';
};

/** 图片尺寸 codes (REFERENCE §1.8). */
export const PhotoSize = {
  '320x240': 0x01,
  '640x480': 0x02,
  '800x600': 0x03,
  '1024x768': 0x04,
  '176x144': 0x05,
  '352x288': 0x06,
  '704x288': 0x07,
  '704x576': 0x08,
} as const;

/** Fixed part before the GNSS block: 10+16+1+1+1+1+2+4+4. */
const HEAD = 40;
const UPLOAD_MODES = new Set([1, 129, 255]);

export const photoUploadInit = defineMessage<PhotoUploadInit>({
  id: 0x0305,
  name: '照片上传初始化 photo upload init',
  direction: 'up',
  decode(r, ctx) {
    const len = r.remaining;
    const gnssLength =
      len === HEAD + 38 + 1 || len === HEAD + 38 ? 38 : len === HEAD + 28 + 1 || len === HEAD + 28 ? 28 : 0;
    if (gnssLength === 0) {
      throw new DecodeError('bad_body', `0x0305: ${len} bytes fits no known layout (68, 69, 78, 79)`);
    }
    const hasConfidence = len === HEAD + gnssLength + 1;
    const t = ctx.opts.text;
    const photoNo = readFixedText(r, 10, t, 'photoNo');
    const personNo = readFixedText(r, ID_LENGTH, t, 'personNo');
    const a = r.u8('uploadMode/channel');
    const b = r.u8('channel/uploadMode');
    let fieldOrder = ctx.opts.jiapei.photoInitOrder;
    const [modeIfConfigured, modeIfSwapped] = fieldOrder === 'mode-channel' ? [a, b] : [b, a];
    if (!UPLOAD_MODES.has(modeIfConfigured) && UPLOAD_MODES.has(modeIfSwapped)) {
      fieldOrder = fieldOrder === 'mode-channel' ? 'channel-mode' : 'mode-channel';
    }
    const [uploadMode, channel] = fieldOrder === 'mode-channel' ? [a, b] : [b, a];
    const size = r.u8('size');
    const eventType = r.u8('eventType');
    const totalPackets = r.u16('totalPackets');
    const photoBytes = r.u32('photoBytes');
    const classId = r.u32('classId');
    const gnss: PhotoUploadInit['gnss'] = readJiapeiGnss(r);
    if (gnssLength === 38) {
      const { extras, tail } = readExtrasFixed(r, 10, 'GNSS38 items');
      gnss.extras = extras;
      if (tail) gnss.extrasTail = tail;
    }
    const body: PhotoUploadInit = {
      photoNo,
      personNo,
      uploadMode,
      channel,
      size,
      eventType,
      totalPackets,
      photoBytes,
      classId,
      gnss,
    };
    if (hasConfidence) body.faceConfidence = r.u8('faceConfidence');
    body.fieldOrder = fieldOrder;
    r.expectEnd('0x0305');
    return body;
  },
  encode(w, b, ctx) {
    const t = ctx.opts.text;
    writeFixedText(w, b.photoNo, 10, t, 'photoNo');
    writeFixedText(w, b.personNo, ID_LENGTH, t, 'personNo');
    if ((b.fieldOrder ?? ctx.opts.jiapei.photoInitOrder) === 'mode-channel') {
      w.u8(b.uploadMode, 'uploadMode');
      w.u8(b.channel, 'channel');
    } else {
      w.u8(b.channel, 'channel');
      w.u8(b.uploadMode, 'uploadMode');
    }
    w.u8(b.size, 'size');
    w.u8(b.eventType, 'eventType');
    w.u16(b.totalPackets, 'totalPackets');
    w.u32(b.photoBytes, 'photoBytes');
    w.u32(b.classId, 'classId');
    writeJiapeiGnss(w, b.gnss);
    if (b.gnss.extras) {
      const at = w.pos;
      writeExtras(w, b.gnss.extras, b.gnss.extrasTail);
      if (w.pos - at !== 10) throw new EncodeError('0x0305: GNSS38 items must take 10 bytes');
    }
    if (b.faceConfidence !== undefined) w.u8(b.faceConfidence, 'faceConfidence');
  },
});

export const decodePhotoUploadInit = photoUploadInit.decode;
export const encodePhotoUploadInit = photoUploadInit.encode;
