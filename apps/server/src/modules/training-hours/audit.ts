/**
 * The automatic audit (RULES §2, REFERENCE §3.4 and §5.2) as pure functions over plain arrays: no
 * database, no clock, so it is fast and every rule can be tested at its edge.
 *
 * Order of evaluation, for all sessions of one trainee at once (the daily cap spans sessions):
 *   1. per minute: window, coach/car, engine, long stop, fence;
 *   2. per session: mileage under the minimum voids every minute; missing photos void the minutes
 *      around them, two missing in a row void the session;
 *   3. a school override (初审) replaces the outcome of 1–2 for that minute;
 *   4. the daily cap, in +08:00 days, chronologically across sessions: only minutes still valid use
 *      up the allowance, the rest of the day's minutes are void;
 *   5. per session: the 75 % rule with the 4/3 factor; the minutes it credits beyond the valid ones are
 *      also bounded by the day's remaining allowance, so no day ever exceeds its cap. Minutes over the
 *      cap and minutes a regulator voided as a finding (`finalVoid`) stay outside the rule.
 * School-entered sessions (classroom, simulator, remote) carry no minute records: they are counted in
 * 学时 blocks of 60 minutes from their start, and a block with at least `minEffectiveMinutesPerHour`
 * (45) minutes inside the window earns one 学时 (60 minutes); a block below that line earns nothing.
 */
import type { AuditParams } from './audit-params.ts';
import { minuteOfDay } from './audit-params.ts';
import { isInsideFence, type Fence } from './fence.ts';
import { ReasonCode } from './reason-codes.ts';

/** 课程方式 (REFERENCE §1.9): 1 实操, 2 课堂教学, 3 模拟器教学, 4 远程教学. */
export type CourseMethod = 1 | 2 | 3 | 4;

export type AuditMinute = {
  recordNumber: string;
  /** recorded_at, epoch milliseconds. */
  atMs: number;
  maxSpeedDecikmh: number;
  mileageDecikm: number;
  /** 行驶记录速度, when the terminal reported it. */
  recorderSpeedDecikmh: number | null;
  /** 发动机转速; null when the terminal did not report it (the rule is then not applied). */
  engineRpm: number | null;
  latitude: number | null;
  longitude: number | null;
  /** The school's 初审 decision for this minute, if any. */
  override: boolean | null;
  /**
   * A regulator voided this minute for a fault found in 人工审核: it is out of the 75 % rule (neither
   * for nor against the session, never credited back by the 4/3 factor), like a minute over the cap.
   */
  finalVoid?: boolean;
};

export type AuditPhoto = {
  /** 发起图片的事件类型 (REFERENCE §1.8): 17 学员登录, 18 学员登出, 19 培训过程中, 5 定时拍照, 0 中心查询. */
  eventType: number;
  takenAtMs: number | null;
  /** False for a photo whose upload never completed. */
  usable: boolean;
};

export type AuditCoach = { status: string; licenceClasses: readonly string[] } | null;
export type AuditVehicle = { status: string; licenceClass: string; inspectionValidUntil: string } | null;

export type AuditSession = {
  id: string;
  /** 'terminal' sessions carry minute records and photos; the others are entered by the school. */
  source: 'terminal' | 'classroom' | 'simulator' | 'remote';
  method: CourseMethod;
  licenceClass: string;
  startedAtMs: number;
  endedAtMs: number;
  minutes: readonly AuditMinute[];
  photos: readonly AuditPhoto[];
  /** Terminal sessions: the coach and car as filed (null = not filed). */
  coach?: AuditCoach;
  vehicle?: AuditVehicle;
  fence: Fence;
  params: AuditParams;
};

export type Verdict = 'valid' | 'partial' | 'invalid';

export type MinuteVerdict = { recordNumber: string; valid: boolean; reasons: ReasonCode[] };

export type SessionResult = {
  id: string;
  minutes: MinuteVerdict[];
  totalMinutes: number;
  /** Minutes that count after overrides and the daily cap. */
  validMinutes: number;
  creditedMinutes: number;
  mileageM: number;
  verdict: Verdict;
  sessionReasons: ReasonCode[];
  flagged: boolean;
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** China Standard Time has no daylight saving: one fixed offset defines every "day" and window. */
const CST_OFFSET_MS = 8 * 3_600_000;
/** Slack for a terminal clock a few seconds off when matching sign-in/sign-out photos. */
const PHOTO_EDGE_SLACK_MS = 60_000;
const PERIODIC_PHOTO_EVENTS = new Set([0, 5, 19]);

/** The +08:00 calendar day of an instant, as a day number (days since 1970-01-01 local). */
export function cstDay(atMs: number): number {
  return Math.floor((atMs + CST_OFFSET_MS) / DAY_MS);
}

/** Minutes after +08:00 midnight. */
export function cstMinuteOfDay(atMs: number): number {
  const local = atMs + CST_OFFSET_MS;
  return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS);
}

function cstDateString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

type Category = 'practical' | 'theory';
const categoryOf = (method: CourseMethod): Category =>
  method === 1 || method === 3 ? 'practical' : 'theory';
const windowKey = { 1: 'practical', 2: 'classroom', 3: 'simulator', 4: 'remote' } as const;

function inWindow(params: AuditParams, method: CourseMethod, atMs: number): boolean {
  const w = params.windows[windowKey[method]];
  const m = cstMinuteOfDay(atMs);
  return m >= minuteOfDay(w.from) && m < minuteOfDay(w.to);
}

/** Coach and car reasons that hold for the whole session (rule 2); inspection is checked per day. */
function filingReasons(s: AuditSession): ReasonCode[] {
  const reasons: ReasonCode[] = [];
  if (s.coach === null) reasons.push(ReasonCode.coachNotFiled);
  else if (s.coach) {
    if (s.coach.status !== 'active') reasons.push(ReasonCode.coachSuspended);
    if (!s.coach.licenceClasses.includes(s.licenceClass)) reasons.push(ReasonCode.coachClassMismatch);
  }
  if (s.vehicle === null) reasons.push(ReasonCode.vehicleNotFiled);
  else if (s.vehicle) {
    if (s.vehicle.status !== 'active') reasons.push(ReasonCode.vehicleSuspended);
    if (s.vehicle.licenceClass !== s.licenceClass) reasons.push(ReasonCode.vehicleClassMismatch);
  }
  return reasons;
}

const isStopped = (m: AuditMinute) =>
  m.maxSpeedDecikmh === 0 || m.mileageDecikm === 0 || m.recorderSpeedDecikmh === 0;

/**
 * Rule 4: runs of `maxStopMinutes` or more consecutive stopped minutes. Minutes are consecutive when
 * their timestamps are exactly one minute apart; a gap in the records ends a run.
 */
export function longStopMask(minutes: readonly AuditMinute[], maxStopMinutes: number): boolean[] {
  const mask = new Array<boolean>(minutes.length).fill(false);
  let runStart = -1;
  const close = (end: number) => {
    if (runStart >= 0 && end - runStart >= maxStopMinutes) mask.fill(true, runStart, end);
    runStart = -1;
  };
  for (let i = 0; i < minutes.length; i++) {
    const m = minutes[i]!;
    const follows = i > 0 && m.atMs - minutes[i - 1]!.atMs === MINUTE_MS;
    if (!isStopped(m)) {
      close(i);
      continue;
    }
    if (runStart >= 0 && !follows) close(i);
    if (runStart < 0) runStart = i;
  }
  close(minutes.length);
  return mask;
}

/** A required photo moment (rule 8) and the minutes that depend on it: [fromMs, toMs). */
type Checkpoint = { atMs: number; fromMs: number; toMs: number; met: boolean };

/**
 * Rule 8: sign-in (event 17), sign-out (event 18) and one photo per interval from sign-in. A periodic
 * checkpoint at sign-in + k·I is met by an in-session photo within ±I/2; a missing one voids the
 * minutes within ±I/2 of it ("the minutes around it"). Photos outside sign-in–sign-out do not count.
 */
export function photoCheckpoints(s: AuditSession): Checkpoint[] {
  const intervalMs = s.params.photoIntervalMinutes * MINUTE_MS;
  const half = intervalMs / 2;
  const start = s.startedAtMs;
  const end = s.endedAtMs;
  const usable = s.photos.filter(
    (p) =>
      p.usable &&
      p.takenAtMs !== null &&
      p.takenAtMs >= start - PHOTO_EDGE_SLACK_MS &&
      p.takenAtMs <= end + PHOTO_EDGE_SLACK_MS,
  );
  const has = (events: (e: number) => boolean, from: number, to: number) =>
    usable.some((p) => events(p.eventType) && p.takenAtMs! >= from && p.takenAtMs! <= to);
  const checkpoints: Checkpoint[] = [
    {
      atMs: start,
      fromMs: start,
      toMs: start + half,
      met: has((e) => e === 17, start - PHOTO_EDGE_SLACK_MS, start + half),
    },
  ];
  for (let at = start + intervalMs; at <= end - half; at += intervalMs) {
    checkpoints.push({
      atMs: at,
      fromMs: at - half,
      toMs: at + half,
      met: has((e) => PERIODIC_PHOTO_EVENTS.has(e), at - half, at + half),
    });
  }
  checkpoints.push({
    atMs: end,
    fromMs: end - half,
    toMs: end + MINUTE_MS,
    met: has((e) => e === 18, end - half, end + PHOTO_EDGE_SLACK_MS),
  });
  return checkpoints;
}

type Pending = {
  session: AuditSession;
  /** Per minute: automatic reasons of rules 1–2 and 4–8. */
  reasons: ReasonCode[][];
  /** Per minute: counts before the cap (override, else no reasons). */
  effective: boolean[];
  capped: boolean[];
  sessionReasons: Set<ReasonCode>;
  mileageDecikm: number;
  /** School sessions: 60-minute blocks. */
  blocks: Array<{ startMs: number; minutes: number; inWindow: number; capped: boolean }>;
};

function auditTerminalSession(s: AuditSession): Pending {
  const p = s.params;
  const filing = filingReasons(s);
  const stops = longStopMask(s.minutes, p.maxStopMinutes);
  const inspectionByDay = new Map<number, boolean>();
  const lapsed = (day: number) => {
    let v = inspectionByDay.get(day);
    if (v === undefined) {
      v = !!s.vehicle && s.vehicle.inspectionValidUntil < cstDateString(day);
      inspectionByDay.set(day, v);
    }
    return v;
  };
  let mileageDecikm = 0;
  const reasons = s.minutes.map((m, i) => {
    mileageDecikm += m.mileageDecikm;
    const r: ReasonCode[] = filing.length ? [...filing] : [];
    if (!inWindow(p, s.method, m.atMs)) r.push(ReasonCode.outsideWindow);
    if (lapsed(cstDay(m.atMs))) r.push(ReasonCode.vehicleInspectionLapsed);
    if (s.method === 1) {
      if (m.engineRpm === 0) r.push(ReasonCode.engineOff);
      if (stops[i]) r.push(ReasonCode.longStop);
      if (m.latitude === null || m.longitude === null) r.push(ReasonCode.noPosition);
      else if (!isInsideFence(s.fence, m.longitude, m.latitude)) r.push(ReasonCode.outsideTeachingArea);
    }
    return r;
  });

  const sessionReasons = new Set<ReasonCode>();
  if (s.minutes.length === 0) sessionReasons.add(ReasonCode.noMinutes);
  if (s.method === 1 && s.minutes.length > 0 && mileageDecikm * 100 < p.minSessionMileageM) {
    sessionReasons.add(ReasonCode.sessionMileageTooLow);
    for (const r of reasons) r.push(ReasonCode.sessionMileageTooLow);
  }
  const checkpoints = photoCheckpoints(s);
  const missing = checkpoints.filter((c) => !c.met);
  if (missing.length > 0) {
    const twoInARow = checkpoints.some((c, i) => i > 0 && !c.met && !checkpoints[i - 1]!.met);
    if (twoInARow) sessionReasons.add(ReasonCode.photosMissingConsecutive);
    s.minutes.forEach((m, i) => {
      if (twoInARow) reasons[i]!.push(ReasonCode.photosMissingConsecutive);
      else if (missing.some((c) => m.atMs >= c.fromMs && m.atMs < c.toMs)) {
        reasons[i]!.push(ReasonCode.photoMissing);
      }
    });
  }
  const effective = s.minutes.map((m, i) => m.override ?? reasons[i]!.length === 0);
  return {
    session: s,
    reasons,
    effective,
    capped: new Array<boolean>(s.minutes.length).fill(false),
    sessionReasons,
    mileageDecikm,
    blocks: [],
  };
}

function auditSchoolSession(s: AuditSession): Pending {
  const hourMs = 60 * MINUTE_MS;
  const blocks: Pending['blocks'] = [];
  for (let start = s.startedAtMs; start + MINUTE_MS <= s.endedAtMs; start += hourMs) {
    const end = Math.min(start + hourMs, s.endedAtMs);
    const minutes = Math.floor((end - start) / MINUTE_MS);
    let inside = 0;
    for (let k = 0; k < minutes; k++) if (inWindow(s.params, s.method, start + k * MINUTE_MS)) inside++;
    blocks.push({ startMs: start, minutes, inWindow: inside, capped: false });
  }
  const sessionReasons = new Set<ReasonCode>();
  if (blocks.some((b) => b.inWindow < b.minutes)) sessionReasons.add(ReasonCode.outsideWindow);
  if (blocks.some((b) => b.inWindow < s.params.minEffectiveMinutesPerHour)) {
    sessionReasons.add(ReasonCode.belowMinEffectiveMinutes);
  }
  return {
    session: s,
    reasons: [],
    effective: [],
    capped: [],
    sessionReasons,
    mileageDecikm: 0,
    blocks,
  };
}

type Allowance = { used: Map<string, number>; cap(cat: Category, p: AuditParams): number };

/**
 * Audits every session of one trainee together (sessions of other trainees never interact). The input
 * order does not matter; results come back in input order.
 */
export function auditTraineeSessions(sessions: readonly AuditSession[]): SessionResult[] {
  const pending = sessions.map((s) =>
    s.source === 'terminal' ? auditTerminalSession(s) : auditSchoolSession(s),
  );

  // Rule 6, the daily cap: units (a terminal minute = 1 minute, a school 学时 block = 60) in time order.
  type Unit = { atMs: number; weight: number; pending: Pending; index: number; block: boolean };
  const units: Unit[] = [];
  for (const p of pending) {
    if (p.session.source === 'terminal') {
      p.session.minutes.forEach((m, index) => {
        if (p.effective[index]) units.push({ atMs: m.atMs, weight: 1, pending: p, index, block: false });
      });
    } else {
      p.blocks.forEach((b, index) => {
        if (b.inWindow >= p.session.params.minEffectiveMinutesPerHour) {
          units.push({ atMs: b.startMs, weight: 60, pending: p, index, block: true });
        }
      });
    }
  }
  units.sort((a, b) => a.atMs - b.atMs);
  const allowance: Allowance = {
    used: new Map(),
    cap: (cat, p) => p.dailyCapHours[cat] * 60,
  };
  const keyOf = (cat: Category, atMs: number) => `${cat}:${cstDay(atMs)}`;
  for (const u of units) {
    const s = u.pending.session;
    const cat = categoryOf(s.method);
    const key = keyOf(cat, u.atMs);
    const used = allowance.used.get(key) ?? 0;
    if (used + u.weight > allowance.cap(cat, s.params)) {
      if (u.block) u.pending.blocks[u.index]!.capped = true;
      else u.pending.capped[u.index] = true;
      u.pending.sessionReasons.add(ReasonCode.dailyCapExceeded);
    } else {
      allowance.used.set(key, used + u.weight);
    }
  }

  // Rules 9 and the 45-minute line, sessions in start order so the 4/3 credit meets the cap fairly.
  const order = [...pending.keys()].sort(
    (a, b) => pending[a]!.session.startedAtMs - pending[b]!.session.startedAtMs,
  );
  const results = new Array<SessionResult>(pending.length);
  for (const i of order) {
    const p = pending[i]!;
    results[i] = p.session.source === 'terminal' ? creditTerminal(p, allowance) : creditSchool(p);
  }
  return results;
}

function verdictOf(credited: number, total: number): Verdict {
  if (credited <= 0) return 'invalid';
  return credited >= total ? 'valid' : 'partial';
}

/** A final void only holds while the minute's override is a void (a later valid override clears it). */
const isFinalVoid = (m: AuditMinute) => m.finalVoid === true && m.override === false;

function creditTerminal(p: Pending, allowance: Allowance): SessionResult {
  const s = p.session;
  const { validSharePercent, creditFactor } = s.params;
  const total = s.minutes.length;
  let capped = 0;
  let voidedForGood = 0;
  let valid = 0;
  const minutes: MinuteVerdict[] = s.minutes.map((m, i) => {
    const reasons = p.capped[i] ? [...p.reasons[i]!, ReasonCode.dailyCapExceeded] : p.reasons[i]!;
    if (p.capped[i]) capped++;
    else if (isFinalVoid(m)) voidedForGood++;
    else if (p.effective[i]) valid++;
    return { recordNumber: m.recordNumber, valid: reasons.length === 0, reasons };
  });
  // Minutes over the daily cap are outside the 75 % rule: neither counted for nor against the session.
  // So are minutes a regulator voided as a finding: the rule forgives lost minutes, not faked ones.
  const base = total - capped - voidedForGood;
  const fullShare = base > 0 && valid * 100 >= base * validSharePercent;
  const flagged = base > 0 && !fullShare;
  const creditedBy75 = fullShare
    ? base
    : Math.min(base, Math.floor((valid * creditFactor.numerator) / creditFactor.denominator));
  // The extra minutes the 75 % rule credits are taken from the days of the uncredited minutes, and
  // only while that day's allowance lasts.
  let extra = creditedBy75 - valid;
  const cat = categoryOf(s.method);
  const cap = allowance.cap(cat, s.params);
  for (let i = 0; i < total && extra > 0; i++) {
    if (p.effective[i] || p.capped[i] || isFinalVoid(s.minutes[i]!)) continue;
    const key = `${cat}:${cstDay(s.minutes[i]!.atMs)}`;
    const used = allowance.used.get(key) ?? 0;
    if (used < cap) {
      allowance.used.set(key, used + 1);
      extra--;
    }
  }
  const credited = creditedBy75 - extra;
  if (flagged) p.sessionReasons.add(ReasonCode.belowValidShare);
  return {
    id: s.id,
    minutes,
    totalMinutes: total,
    validMinutes: valid,
    creditedMinutes: credited,
    mileageM: p.mileageDecikm * 100,
    verdict: verdictOf(credited, total),
    sessionReasons: [...p.sessionReasons],
    flagged,
  };
}

function creditSchool(p: Pending): SessionResult {
  const s = p.session;
  const line = s.params.minEffectiveMinutesPerHour;
  let credited = 0;
  let valid = 0;
  let total = 0;
  for (const b of p.blocks) {
    total += b.minutes;
    if (b.inWindow >= line && !b.capped) {
      credited += 60;
      valid += b.inWindow;
    }
  }
  const earned = p.blocks.filter((b) => b.inWindow >= line && !b.capped).length;
  return {
    id: s.id,
    minutes: [],
    totalMinutes: total,
    validMinutes: valid,
    creditedMinutes: credited,
    mileageM: 0,
    verdict: earned === 0 ? 'invalid' : earned === p.blocks.length ? 'valid' : 'partial',
    sessionReasons: [...p.sessionReasons],
    flagged: false,
  };
}
