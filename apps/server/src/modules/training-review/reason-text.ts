/**
 * Plain-Chinese texts for audit reason codes. The catalogue belongs to the training-hours engine; until
 * it exports one, this fallback covers the codes of RULES §2 we know of, and an unknown code is shown
 * as itself inside a generic sentence rather than hidden (a trainee must always see *a* reason).
 */
const fallback: Record<string, string> = {
  outside_fence: '车辆不在备案的教学区域（电子围栏）内',
  out_of_fence: '车辆不在备案的教学区域（电子围栏）内',
  speed_zero: '车辆长时间停止不动',
  stopped: '车辆长时间停止不动',
  over_daily_cap: '超过每日学时上限',
  daily_cap: '超过每日学时上限',
  session_over_45: '连续培训超过规定时长',
  photo_missing: '缺少培训照片',
  photos_missing: '缺少培训照片',
  face_mismatch: '照片与学员本人不符',
  mileage_under_100m: '本次培训里程不足',
  gnss_missing: '缺少卫星定位数据',
  course_mismatch: '培训内容与车型或阶段不符',
  night_window: '不在允许的培训时段内',
  below_75_percent: '有效分钟不足本次培训的 75%，整次无效',
};

export type ReasonCatalogue = (code: string) => string | undefined;

export function reasonTexts(codes: readonly string[], catalogue?: ReasonCatalogue) {
  return codes.map((code) => ({
    code,
    text: catalogue?.(code) ?? fallback[code] ?? `审核未通过（原因代码 ${code}）`,
  }));
}
