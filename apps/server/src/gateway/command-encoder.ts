import { ExtMsgId, TrainingBanState, type AppParams } from '@jiapei/jt808';
import type { OutgoingCommand } from '../modules/terminal-commands/index.ts';

/** One 驾培 extended message to send down in 0x8900. */
export type ExtendedDownlink = { id: number; data: Record<string, unknown> };

/** 表B.56 numbered items that 0x8501 can set one at a time (参数编号 1–7). */
const PARAM_NUMBERS: Record<string, number> = {
  photoIntervalMin: 1,
  photoUpload: 2,
  readAloud: 3,
  stopDelayMin: 4,
  gnssIntervalSec: 5,
  coachLogoutDelayMin: 6,
  reverifyMin: 7,
};

/**
 * A regulator's command as 驾培 downlink messages (REFERENCE §1.8). Setting several parameters sends
 * one 0x8501 per item: the table defines single-item setting for 参数编号 1–7, while a full block would
 * overwrite the items the regulator did not name.
 */
export function toDownlinks(command: OutgoingCommand): ExtendedDownlink[] {
  const p = command.params;
  switch (command.kind) {
    case 'take_photo':
      // 上传模式 1 = upload at once (自动请求上传); 通道 0 = the terminal chooses.
      return [
        {
          id: ExtMsgId.takePhoto,
          data: { uploadMode: 1, channel: Number(p.channel ?? 0), size: Number(p.size ?? 1) },
        },
      ];
    case 'set_training_ban':
      return [
        {
          id: ExtMsgId.setTrainingBan,
          data: {
            state: p.banned ? TrainingBanState.banned : TrainingBanState.allowed,
            message: String(p.message ?? ''),
          },
        },
      ];
    case 'set_parameters': {
      const params = (p.params ?? {}) as Partial<AppParams>;
      // In 参数编号 order (the stored jsonb does not keep the order the regulator wrote them in).
      return Object.entries(params)
        .filter(([key, v]) => PARAM_NUMBERS[key] !== undefined && typeof v === 'number')
        .sort(([a], [b]) => PARAM_NUMBERS[a]! - PARAM_NUMBERS[b]!)
        .map(([key, v]) => ({
          id: ExtMsgId.setAppParams,
          data: { paramNo: PARAM_NUMBERS[key]!, params: { [key]: v } },
        }));
    }
    case 'request_records':
      // 查询方式 1 = by time; 查询条数 unused then.
      return [
        {
          id: ExtMsgId.requestRecords,
          data: { queryMode: 1, start: String(p.from), end: String(p.to), count: 0 },
        },
      ];
  }
}
