/**
 * Why a minute or a session was not credited (RULES §2). The codes are stored in
 * `minute_verdicts.reasons` and `teaching_logs.session_reasons`; the text here is what trainees, schools
 * and reviewers read, so it is plain language, not rule jargon. Exported for the ledger API and the UI.
 */
export const ReasonCode = {
  outsideWindow: 'outside_window',
  coachNotFiled: 'coach_not_filed',
  coachSuspended: 'coach_suspended',
  coachClassMismatch: 'coach_class_mismatch',
  vehicleNotFiled: 'vehicle_not_filed',
  vehicleSuspended: 'vehicle_suspended',
  vehicleInspectionLapsed: 'vehicle_inspection_lapsed',
  vehicleClassMismatch: 'vehicle_class_mismatch',
  engineOff: 'engine_off',
  longStop: 'long_stop',
  noPosition: 'no_position',
  outsideTeachingArea: 'outside_teaching_area',
  dailyCapExceeded: 'daily_cap_exceeded',
  sessionMileageTooLow: 'session_mileage_too_low',
  photoMissing: 'photo_missing',
  photosMissingConsecutive: 'photos_missing_consecutive',
  belowValidShare: 'below_valid_share',
  belowMinEffectiveMinutes: 'below_min_effective_minutes',
  noMinutes: 'no_minutes',
  sessionAutoClosed: 'session_auto_closed',
} as const;
export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

export type ReasonText = { zh: string; en: string; scope: 'minute' | 'session' };

export const reasonCatalogue: Readonly<Record<ReasonCode, ReasonText>> = {
  outside_window: {
    scope: 'minute',
    zh: '不在允许培训的时段内(如实车 07:00–21:00、课堂 08:00–22:00)',
    en: 'Outside the permitted training hours (e.g. on-road 07:00–21:00, classroom 08:00–22:00)',
  },
  coach_not_filed: {
    scope: 'minute',
    zh: '教练员未备案',
    en: 'The coach is not on file with the authority',
  },
  coach_suspended: {
    scope: 'minute',
    zh: '教练员已被停用或已离职,不能带教',
    en: 'The coach is suspended or has left and may not teach',
  },
  coach_class_mismatch: {
    scope: 'minute',
    zh: '教练员的准教车型不包含该培训车型',
    en: 'The coach may not teach this licence class',
  },
  vehicle_not_filed: {
    scope: 'minute',
    zh: '教练车未备案',
    en: 'The training car is not on file',
  },
  vehicle_suspended: {
    scope: 'minute',
    zh: '教练车已停用或报废',
    en: 'The training car is suspended or scrapped',
  },
  vehicle_inspection_lapsed: {
    scope: 'minute',
    zh: '教练车年检已过期',
    en: "The training car's annual inspection has lapsed",
  },
  vehicle_class_mismatch: {
    scope: 'minute',
    zh: '教练车车型与培训车型不符',
    en: "The car's class does not match the licence class being trained",
  },
  engine_off: {
    scope: 'minute',
    zh: '这一分钟发动机未运转(转速为 0)',
    en: 'The engine was not running in this minute (0 rpm)',
  },
  long_stop: {
    scope: 'minute',
    zh: '车辆连续停驶超过允许时间(速度或里程连续 2 分钟及以上为 0)',
    en: 'The car stood still too long (speed or distance 0 for 2 or more minutes in a row)',
  },
  no_position: {
    scope: 'minute',
    zh: '这一分钟没有定位数据,无法确认在教学区域内',
    en: 'No position in this minute, so it cannot be placed inside the teaching area',
  },
  outside_teaching_area: {
    scope: 'minute',
    zh: '车辆不在驾校备案的教学区域(电子围栏)内',
    en: "The car was outside the school's filed teaching area (fence)",
  },
  daily_cap_exceeded: {
    scope: 'minute',
    zh: '超过每日学时上限(实操、理论每天各最多 4 学时)',
    en: 'Over the daily limit (at most 4 hours of practice and 4 of theory per day)',
  },
  session_mileage_too_low: {
    scope: 'session',
    zh: '本次培训总里程不足 100 米,整次培训不计学时',
    en: 'The session covered less than 100 m, so none of it counts',
  },
  photo_missing: {
    scope: 'minute',
    zh: '缺少规定的照片(登录、登出或每 15 分钟的过程照片),前后时段不计学时',
    en: 'A required photo (sign-in, sign-out or the one every 15 minutes) is missing; the minutes around it do not count',
  },
  photos_missing_consecutive: {
    scope: 'session',
    zh: '连续两张规定照片缺失,整次培训不计学时',
    en: 'Two required photos in a row are missing, so none of the session counts',
  },
  below_valid_share: {
    scope: 'session',
    zh: '有效分钟不足 75%,按 有效分钟 × 4/3 折算学时,并标记待查',
    en: 'Fewer than 75 % of minutes were valid: credited as valid minutes × 4/3 and flagged',
  },
  below_min_effective_minutes: {
    scope: 'session',
    zh: '有一个学时的有效时间不足 45 分钟,该学时不计',
    en: 'An hour had fewer than 45 effective minutes and does not count',
  },
  no_minutes: {
    scope: 'session',
    zh: '本次培训没有分钟学时记录',
    en: 'The session has no minute records',
  },
  session_auto_closed: {
    scope: 'session',
    zh: '终端未上报学员签退,系统在最后一条分钟学时记录后按超时规则自动签退',
    en: 'The terminal never signed the trainee out; the system closed the session at its last minute record',
  },
};

export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(reasonCatalogue, code);
}
