/**
 * The numbers of the automatic audit (RULES §2), stored as `audit_rule_sets.params`. Every value is a
 * default a city (or a school override) may change; none is buried in the rule functions.
 */
export type TimeWindow = { from: string; to: string };

export type AuditParams = {
  /** Local (+08:00) windows, `HH:MM`, start inclusive, end exclusive; per 课程方式. */
  windows: { practical: TimeWindow; classroom: TimeWindow; simulator: TimeWindow; remote: TimeWindow };
  /** A run of this many or more consecutive minutes with speed or distance 0 is void (最大允许停车时间). */
  maxStopMinutes: number;
  /** Per trainee per +08:00 day, in 学时 of 60 minutes: practical (实操 + 模拟器) and theory (课堂 + 远程). */
  dailyCapHours: { practical: number; theory: number };
  /** A terminal session that covered less than this many metres is void. */
  minSessionMileageM: number;
  /** 定时拍照时间间隔 (REFERENCE §1.8 parameter 1), minutes from sign-in. */
  photoIntervalMinutes: number;
  /** The 75 % rule: at or above this share (percent) the session is credited in full. */
  validSharePercent: number;
  /** Below it, credited = valid × numerator / denominator (4/3), at most the session's minutes. */
  creditFactor: { numerator: number; denominator: number };
  /** One 学时 = 60 minutes of which at least this many effective (RULES §1). */
  minEffectiveMinutesPerHour: number;
  /**
   * A session never signed out is closed this many minutes after its last minute record (or its
   * sign-in, without records) — the default is the terminal's 参数 6 default (REFERENCE §1.8).
   */
  autoSignOutMinutes: number;
};

export const DEFAULT_AUDIT_PARAMS: AuditParams = {
  windows: {
    practical: { from: '07:00', to: '21:00' },
    classroom: { from: '08:00', to: '22:00' },
    simulator: { from: '08:00', to: '22:00' },
    remote: { from: '00:00', to: '24:00' },
  },
  maxStopMinutes: 2,
  dailyCapHours: { practical: 4, theory: 4 },
  minSessionMileageM: 100,
  photoIntervalMinutes: 15,
  validSharePercent: 75,
  creditFactor: { numerator: 4, denominator: 3 },
  minEffectiveMinutesPerHour: 45,
  autoSignOutMinutes: 150,
};

export type AuditParamsPatch = {
  windows?: Partial<AuditParams['windows']>;
  maxStopMinutes?: number;
  dailyCapHours?: Partial<AuditParams['dailyCapHours']>;
  minSessionMileageM?: number;
  photoIntervalMinutes?: number;
  validSharePercent?: number;
  creditFactor?: AuditParams['creditFactor'];
  minEffectiveMinutesPerHour?: number;
  autoSignOutMinutes?: number;
};

/** `base` with `patch` laid over it (nested objects merged one level deep). */
export function mergeParams(base: AuditParams, patch: AuditParamsPatch): AuditParams {
  return {
    ...base,
    ...patch,
    windows: { ...base.windows, ...patch.windows },
    dailyCapHours: { ...base.dailyCapHours, ...patch.dailyCapHours },
    creditFactor: patch.creditFactor ?? base.creditFactor,
  };
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes after local midnight for `HH:MM` (24:00 = 1440). */
export function minuteOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Problems with a parameter set, as field/message pairs; empty when it can be used. */
export function validateParams(p: AuditParams): Array<{ field: string; message: string }> {
  const issues: Array<{ field: string; message: string }> = [];
  for (const [name, w] of Object.entries(p.windows)) {
    if (!HHMM.test(w.from) || !HHMM.test(w.to)) {
      issues.push({ field: `windows.${name}`, message: 'times are HH:MM (00:00–24:00)' });
    } else if (minuteOfDay(w.from) >= minuteOfDay(w.to)) {
      issues.push({ field: `windows.${name}`, message: 'the window must end after it starts' });
    }
  }
  const positiveInt = (field: string, v: number, max: number) => {
    if (!Number.isInteger(v) || v < 1 || v > max) issues.push({ field, message: `an integer 1–${max}` });
  };
  positiveInt('maxStopMinutes', p.maxStopMinutes, 60);
  positiveInt('dailyCapHours.practical', p.dailyCapHours.practical, 24);
  positiveInt('dailyCapHours.theory', p.dailyCapHours.theory, 24);
  positiveInt('photoIntervalMinutes', p.photoIntervalMinutes, 255);
  positiveInt('validSharePercent', p.validSharePercent, 100);
  positiveInt('minEffectiveMinutesPerHour', p.minEffectiveMinutesPerHour, 60);
  positiveInt('creditFactor.numerator', p.creditFactor.numerator, 100);
  positiveInt('creditFactor.denominator', p.creditFactor.denominator, 100);
  // Not below 2 minutes (a live session has a record every minute), not beyond the 12 h a session may last.
  if (!Number.isInteger(p.autoSignOutMinutes) || p.autoSignOutMinutes < 2 || p.autoSignOutMinutes > 720) {
    issues.push({ field: 'autoSignOutMinutes', message: 'an integer 2–720' });
  }
  if (!Number.isInteger(p.minSessionMileageM) || p.minSessionMileageM < 0 || p.minSessionMileageM > 100_000) {
    issues.push({ field: 'minSessionMileageM', message: 'an integer 0–100000' });
  }
  return issues;
}

/** Reads stored params defensively: anything missing falls back to the defaults. */
export function paramsFromJson(json: unknown): AuditParams {
  return mergeParams(DEFAULT_AUDIT_PARAMS, (json ?? {}) as AuditParamsPatch);
}
