import { describe, expect, it } from 'vitest';
import {
  auditTraineeSessions,
  cstDay,
  type AuditMinute,
  type AuditPhoto,
  type AuditSession,
} from './audit.ts';
import {
  DEFAULT_AUDIT_PARAMS,
  mergeParams,
  paramsFromJson,
  validateParams,
  type AuditParamsPatch,
} from './audit-params.ts';
import { isInsideFence, prepareFence } from './fence.ts';
import { ReasonCode } from './reason-codes.ts';

/** A square training ground 117.00–117.01 E, 36.60–36.61 N. */
const ground = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [117.0, 36.6],
      [117.01, 36.6],
      [117.01, 36.61],
      [117.0, 36.61],
      [117.0, 36.6],
    ],
  ],
};
const fence = prepareFence([ground]);
const MINUTE = 60_000;
/** +08:00 wall-clock time on 2026-11-02 (or a later day) as epoch ms. */
const at = (hhmm: string, day = 2) => Date.parse(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

function minute(i: number, startMs: number, over: Partial<AuditMinute> = {}): AuditMinute {
  return {
    recordNumber: `R${startMs}-${i}`,
    atMs: startMs + i * MINUTE,
    maxSpeedDecikmh: 200,
    mileageDecikm: 3,
    recorderSpeedDecikmh: 200,
    engineRpm: 1500,
    latitude: 36.605,
    longitude: 117.005,
    override: null,
    ...over,
  };
}

/** Sign-in, sign-out and one periodic photo per 15 minutes: a session with no photo problems. */
function photosFor(startMs: number, endMs: number): AuditPhoto[] {
  const photos: AuditPhoto[] = [{ eventType: 17, takenAtMs: startMs + 5_000, usable: true }];
  for (let t = startMs + 15 * MINUTE; t <= endMs - 7.5 * MINUTE; t += 15 * MINUTE) {
    photos.push({ eventType: 19, takenAtMs: t, usable: true });
  }
  photos.push({ eventType: 18, takenAtMs: endMs, usable: true });
  return photos;
}

function practical(
  startMs: number,
  count: number,
  options: {
    minute?: (i: number) => Partial<AuditMinute>;
    photos?: AuditPhoto[];
    params?: AuditParamsPatch;
    id?: string;
  } = {},
): AuditSession {
  const endMs = startMs + count * MINUTE;
  return {
    id: options.id ?? `s${startMs}`,
    source: 'terminal',
    method: 1,
    licenceClass: 'C1',
    startedAtMs: startMs,
    endedAtMs: endMs,
    minutes: Array.from({ length: count }, (_, i) => minute(i, startMs, options.minute?.(i))),
    photos: options.photos ?? photosFor(startMs, endMs),
    coach: { status: 'active', licenceClasses: ['C1', 'C2'] },
    vehicle: { status: 'active', licenceClass: 'C1', inspectionValidUntil: '2027-06-30' },
    fence,
    params: mergeParams(DEFAULT_AUDIT_PARAMS, options.params ?? {}),
  };
}

function school(
  source: 'classroom' | 'simulator' | 'remote',
  startMs: number,
  minutes: number,
  params: AuditParamsPatch = {},
): AuditSession {
  const method = { classroom: 2, simulator: 3, remote: 4 } as const;
  return {
    id: `${source}${startMs}`,
    source,
    method: method[source],
    licenceClass: 'C1',
    startedAtMs: startMs,
    endedAtMs: startMs + minutes * MINUTE,
    minutes: [],
    photos: [],
    fence,
    params: mergeParams(DEFAULT_AUDIT_PARAMS, params),
  };
}

const one = (s: AuditSession) => auditTraineeSessions([s])[0]!;
const reasonsAt = (s: AuditSession, i: number) => one(s).minutes[i]!.reasons;

describe('training window (rule 1)', () => {
  it('credits 07:00 and 20:59 but not 06:59 or 21:00 for real-car training', () => {
    const early = practical(at('06:59'), 2, { minute: () => ({}) });
    const late = practical(at('20:59'), 2);

    expect(reasonsAt(early, 0)).toContain(ReasonCode.outsideWindow);
    expect(reasonsAt(early, 1)).not.toContain(ReasonCode.outsideWindow);
    expect(reasonsAt(late, 0)).not.toContain(ReasonCode.outsideWindow);
    expect(reasonsAt(late, 1)).toContain(ReasonCode.outsideWindow);
  });

  it('uses the classroom window 08:00–22:00 for classroom sessions', () => {
    const r = one(school('classroom', at('07:30'), 60));

    expect(r.sessionReasons).toContain(ReasonCode.outsideWindow);
    expect(r.validMinutes).toBe(0);
    expect(r.creditedMinutes).toBe(0);
  });
});

describe('coach and car (rule 2)', () => {
  it('voids every minute when the car class does not match or the coach may not teach it', () => {
    const s = { ...practical(at('09:00'), 30), licenceClass: 'C2' };

    const r = one(s);

    expect(r.creditedMinutes).toBe(0);
    expect(r.minutes[0]!.reasons).toContain(ReasonCode.vehicleClassMismatch);
    expect(r.minutes[0]!.reasons).not.toContain(ReasonCode.coachClassMismatch);
  });

  it('voids minutes after the inspection lapsed, by +08:00 date', () => {
    const s = practical(at('09:00', 3), 30);
    const lapsed = { ...s, vehicle: { ...s.vehicle!, inspectionValidUntil: '2026-11-02' } };
    const valid = { ...s, vehicle: { ...s.vehicle!, inspectionValidUntil: '2026-11-03' } };

    expect(one(lapsed).minutes[0]!.reasons).toEqual([ReasonCode.vehicleInspectionLapsed]);
    expect(one(valid).minutes[0]!.reasons).toEqual([]);
  });

  it('names an unfiled coach or car', () => {
    const s = { ...practical(at('09:00'), 30), coach: null, vehicle: null };

    expect(one(s).minutes[0]!.reasons).toEqual([ReasonCode.coachNotFiled, ReasonCode.vehicleNotFiled]);
  });
});

describe('engine (rule 3)', () => {
  it('voids a minute with 0 rpm and ignores a terminal that reports no rpm', () => {
    const s = practical(at('09:00'), 30, {
      minute: (i) => (i === 3 ? { engineRpm: 0 } : i === 4 ? { engineRpm: null } : {}),
    });

    expect(reasonsAt(s, 3)).toEqual([ReasonCode.engineOff]);
    expect(reasonsAt(s, 4)).toEqual([]);
  });
});

describe('long stop (rule 4)', () => {
  it('keeps one stopped minute and voids two in a row (the 2-minute threshold)', () => {
    const single = practical(at('09:00'), 30, { minute: (i) => (i === 5 ? { maxSpeedDecikmh: 0 } : {}) });
    const pair = practical(at('09:00'), 30, {
      minute: (i) => (i === 5 ? { maxSpeedDecikmh: 0 } : i === 6 ? { mileageDecikm: 0 } : {}),
    });

    expect(reasonsAt(single, 5)).toEqual([]);
    expect(reasonsAt(pair, 4)).toEqual([]);
    expect(reasonsAt(pair, 5)).toEqual([ReasonCode.longStop]);
    expect(reasonsAt(pair, 6)).toEqual([ReasonCode.longStop]);
    expect(reasonsAt(pair, 7)).toEqual([]);
  });

  it('follows the configured threshold and counts recorder speed 0 as stopped', () => {
    const s = practical(at('09:00'), 30, {
      minute: (i) => (i >= 5 && i <= 6 ? { recorderSpeedDecikmh: 0 } : {}),
      params: { maxStopMinutes: 3 },
    });
    const three = practical(at('09:00'), 30, {
      minute: (i) => (i >= 5 && i <= 7 ? { recorderSpeedDecikmh: 0 } : {}),
      params: { maxStopMinutes: 3 },
    });

    expect(reasonsAt(s, 5)).toEqual([]);
    expect(reasonsAt(three, 7)).toEqual([ReasonCode.longStop]);
  });

  it('does not join stopped minutes across a gap in the records', () => {
    const s = practical(at('09:00'), 30, { minute: (i) => (i === 5 ? { mileageDecikm: 0 } : {}) });
    const gap = {
      ...s,
      minutes: s.minutes.map((m, i) =>
        i === 6
          ? { ...m, atMs: m.atMs + MINUTE, mileageDecikm: 0 }
          : i > 6
            ? { ...m, atMs: m.atMs + MINUTE }
            : m,
      ),
    };

    expect(one(gap).minutes[5]!.reasons).toEqual([]);
    expect(one(gap).minutes[6]!.reasons).toEqual([]);
  });
});

describe('teaching-area fence (rule 5)', () => {
  it('counts a point exactly on an edge or a vertex as inside', () => {
    expect(isInsideFence(fence, 117.005, 36.6)).toBe(true);
    expect(isInsideFence(fence, 117.01, 36.605)).toBe(true);
    expect(isInsideFence(fence, 117.0, 36.61)).toBe(true);
  });

  it('puts a point a millionth of a degree beyond the edge outside', () => {
    expect(isInsideFence(fence, 117.005, 36.599999)).toBe(false);
    expect(isInsideFence(fence, 117.010001, 36.605)).toBe(false);
    expect(isInsideFence(fence, 117.005, 36.600001)).toBe(true);
  });

  it('handles a slanted edge and a hole', () => {
    const triangle = prepareFence([
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [3, 0],
            [0, 3],
            [0, 0],
          ],
          [
            [0.5, 0.5],
            [1, 0.5],
            [1, 1],
            [0.5, 1],
            [0.5, 0.5],
          ],
        ],
      },
    ]);

    expect(isInsideFence(triangle, 1.5, 1.5)).toBe(true);
    expect(isInsideFence(triangle, 1.6, 1.5)).toBe(false);
    expect(isInsideFence(triangle, 0.75, 0.75)).toBe(false);
    expect(isInsideFence(triangle, 0.75, 0.5)).toBe(true);
  });

  it('voids out-of-fence minutes and minutes without a position', () => {
    const s = practical(at('09:00'), 30, {
      minute: (i) => (i === 2 ? { longitude: 117.02 } : i === 3 ? { latitude: null } : {}),
    });

    expect(reasonsAt(s, 2)).toEqual([ReasonCode.outsideTeachingArea]);
    expect(reasonsAt(s, 3)).toEqual([ReasonCode.noPosition]);
  });
});

describe('session mileage (rule 7)', () => {
  it('voids every minute below the minimum and keeps a session exactly at it', () => {
    const params = { minSessionMileageM: 300 };
    const short = practical(at('09:00'), 30, { minute: (i) => ({ mileageDecikm: i < 2 ? 1 : 0 }), params });
    const enough = practical(at('09:00'), 30, {
      minute: (i) => ({ mileageDecikm: i % 10 === 0 ? 1 : 1 }),
      params: { minSessionMileageM: 3000 },
    });

    const r = one(short);
    expect(r.sessionReasons).toContain(ReasonCode.sessionMileageTooLow);
    expect(r.minutes.every((m) => m.reasons.includes(ReasonCode.sessionMileageTooLow))).toBe(true);
    expect(r.creditedMinutes).toBe(0);
    expect(r.verdict).toBe('invalid');
    expect(one(enough).sessionReasons).not.toContain(ReasonCode.sessionMileageTooLow);
    expect(one(enough).mileageM).toBe(3000);
  });
});

describe('photos (rule 8)', () => {
  it('voids the minutes around one missing periodic photo only', () => {
    const start = at('09:00');
    const photos = photosFor(start, start + 60 * MINUTE).filter((p) => p.takenAtMs !== start + 30 * MINUTE);

    const r = one(practical(start, 60, { photos }));

    const voided = r.minutes.flatMap((m, i) => (m.reasons.includes(ReasonCode.photoMissing) ? [i] : []));
    expect(voided[0]).toBe(23);
    expect(voided.at(-1)).toBe(37);
    expect(voided).toHaveLength(15);
    expect(r.sessionReasons).not.toContain(ReasonCode.photosMissingConsecutive);
  });

  it('voids the session when two photos in a row are missing, or a photo was never completed', () => {
    const start = at('09:00');
    const all = photosFor(start, start + 60 * MINUTE);
    const twoGone = all.filter(
      (p) => p.takenAtMs !== start + 15 * MINUTE && p.takenAtMs !== start + 30 * MINUTE,
    );
    const broken = all.map((p) =>
      p.takenAtMs === start + 15 * MINUTE || p.eventType === 17 ? { ...p, usable: false } : p,
    );

    expect(one(practical(start, 60, { photos: twoGone })).creditedMinutes).toBe(0);
    expect(one(practical(start, 60, { photos: broken })).sessionReasons).toContain(
      ReasonCode.photosMissingConsecutive,
    );
  });

  it('does not accept a photo taken after sign-out as the sign-out photo', () => {
    const start = at('09:00');
    const end = start + 30 * MINUTE;
    const photos = photosFor(start, end).map((p) =>
      p.eventType === 18 ? { ...p, takenAtMs: end + 5 * MINUTE } : p,
    );

    const r = one(practical(start, 30, { photos }));

    expect(r.minutes[29]!.reasons).toEqual([ReasonCode.photoMissing]);
  });
});

describe('75 % rule (rule 9)', () => {
  const withInvalid = (total: number, invalid: number) =>
    practical(at('09:00'), total, { minute: (i) => (i >= total - invalid ? { engineRpm: 0 } : {}) });

  it('credits a session with exactly 75 % valid minutes in full', () => {
    const r = one(withInvalid(60, 15));

    expect(r.validMinutes).toBe(45);
    expect(r.creditedMinutes).toBe(60);
    expect(r.flagged).toBe(false);
    expect(r.verdict).toBe('valid');
  });

  it('credits valid × 4/3, rounded down, and flags the session just below 75 %', () => {
    const r = one(withInvalid(60, 16));

    expect(r.validMinutes).toBe(44);
    expect(r.creditedMinutes).toBe(58);
    expect(r.flagged).toBe(true);
    expect(r.sessionReasons).toContain(ReasonCode.belowValidShare);
    expect(r.verdict).toBe('partial');
  });

  it('never credits more than the session lasted and credits nothing for no valid minute', () => {
    expect(one(withInvalid(10, 0)).creditedMinutes).toBe(10);
    expect(one(withInvalid(10, 10)).creditedMinutes).toBe(0);
    expect(one(withInvalid(10, 10)).verdict).toBe('invalid');
  });

  it('lets a school override count a voided minute', () => {
    const s = withInvalid(60, 16);
    const overridden = {
      ...s,
      minutes: s.minutes.map((m, i) => (i === 59 ? { ...m, override: true } : m)),
    };

    const r = one(overridden);

    expect(r.validMinutes).toBe(45);
    expect(r.creditedMinutes).toBe(60);
    expect(r.minutes[59]!.valid).toBe(false);
  });

  it('keeps minutes a regulator voided as a finding out of the rule: exactly the kept minutes count', () => {
    const s = practical(at('09:00'), 20);
    const reviewed = {
      ...s,
      minutes: s.minutes.map((m, i) => (i >= 10 ? { ...m, override: false, finalVoid: true } : m)),
    };
    const school = { ...s, minutes: s.minutes.map((m, i) => (i >= 10 ? { ...m, override: false } : m)) };

    // A school's void of the same ten minutes stays under the rule: ⌊10 × 4/3⌋ = 13.
    expect(one(school).creditedMinutes).toBe(13);
    const r = one(reviewed);
    expect(r.validMinutes).toBe(10);
    expect(r.creditedMinutes).toBe(10);
    expect(r.flagged).toBe(false);
    expect(r.verdict).toBe('partial');
    // A later valid override clears the finding.
    const restored = { ...reviewed, minutes: reviewed.minutes.map((m) => ({ ...m, override: true })) };
    expect(one(restored).creditedMinutes).toBe(20);
  });
});

describe('the 45-minute line (one 学时 = 60 minutes, at least 45 effective)', () => {
  it('earns one 学时 for a 45-minute classroom lesson and nothing for 44 minutes', () => {
    expect(one(school('classroom', at('09:00'), 45)).creditedMinutes).toBe(60);
    const short = one(school('classroom', at('09:00'), 44));
    expect(short.creditedMinutes).toBe(0);
    expect(short.sessionReasons).toContain(ReasonCode.belowMinEffectiveMinutes);
  });

  it('counts each 60-minute block of a longer lesson on its own', () => {
    expect(one(school('classroom', at('09:00'), 104)).creditedMinutes).toBe(60);
    expect(one(school('classroom', at('09:00'), 105)).creditedMinutes).toBe(120);
    expect(one(school('classroom', at('09:00'), 105)).verdict).toBe('valid');
    expect(one(school('classroom', at('09:00'), 104)).verdict).toBe('partial');
  });

  it('drops a block that loses minutes to the window below 45', () => {
    const r = one(school('classroom', at('21:16'), 60));

    expect(r.creditedMinutes).toBe(0);
    expect(one(school('classroom', at('21:15'), 60)).creditedMinutes).toBe(60);
  });
});

describe('daily caps in +08:00 days (rule 6)', () => {
  const allDay = { windows: { practical: { from: '00:00', to: '24:00' } } };

  it('splits a session across +08:00 midnight between the two days', () => {
    const afternoon = practical(at('14:00'), 120, { params: allDay, id: 'afternoon' });
    const evening = practical(at('18:00'), 120, { params: allDay, id: 'evening' });
    const night = practical(at('22:00'), 240, { params: allDay, id: 'night' });

    const [n, a, e] = auditTraineeSessions([night, afternoon, evening]);

    expect(a!.creditedMinutes).toBe(120);
    expect(e!.creditedMinutes).toBe(120);
    // 22:00–24:00 falls on a full day and is void; 00:00–02:00 starts a new +08:00 day.
    expect(n!.minutes[0]!.reasons).toEqual([ReasonCode.dailyCapExceeded]);
    expect(n!.minutes[119]!.reasons).toEqual([ReasonCode.dailyCapExceeded]);
    expect(n!.minutes[120]!.reasons).toEqual([]);
    expect(n!.creditedMinutes).toBe(120);
    expect(n!.verdict).toBe('partial');
    expect(cstDay(at('23:59'))).toBe(cstDay(at('00:00', 3)) - 1);
  });

  it('allows exactly 4 学时 of theory a day and a fifth the next +08:00 day', () => {
    const remote = school('remote', at('20:00'), 300);

    const r = one(remote);

    expect(r.creditedMinutes).toBe(300);
    const sameDay = one(school('remote', at('19:00'), 300));
    expect(sameDay.creditedMinutes).toBe(240);
    expect(sameDay.sessionReasons).toContain(ReasonCode.dailyCapExceeded);
  });

  it('keeps practice and theory caps apart', () => {
    const drive = practical(at('08:00'), 240);
    const lesson = school('classroom', at('13:00'), 240);

    const [d, l] = auditTraineeSessions([drive, lesson]);

    expect(d!.creditedMinutes).toBe(240);
    expect(l!.creditedMinutes).toBe(240);
  });

  it('does not let the 75 % rule credit past the cap', () => {
    const morning = practical(at('08:00'), 200, { id: 'morning' });
    const noon = practical(at('12:00'), 60, { minute: (i) => (i < 10 ? { engineRpm: 0 } : {}), id: 'noon' });

    const [m, n] = auditTraineeSessions([morning, noon]);

    expect(m!.creditedMinutes).toBe(200);
    expect(n!.creditedMinutes).toBe(40);
    expect(m!.creditedMinutes + n!.creditedMinutes).toBe(240);
  });
});

describe('auditTraineeSessions', () => {
  it('gives the same answer twice and does not depend on input order', () => {
    const sessions = [practical(at('08:00'), 200, { id: 'a' }), practical(at('12:00'), 90, { id: 'b' })];

    const first = auditTraineeSessions(sessions);
    const reversed = auditTraineeSessions([...sessions].reverse()).reverse();

    expect(reversed).toEqual(first);
  });
});

describe('autoSignOutMinutes (rule-set parameter)', () => {
  const issuesFor = (autoSignOutMinutes: number) =>
    validateParams(mergeParams(DEFAULT_AUDIT_PARAMS, { autoSignOutMinutes })).filter(
      (i) => i.field === 'autoSignOutMinutes',
    );

  it('defaults to the terminal parameter 6 default of 150 minutes, also for rule sets stored without it', () => {
    expect(DEFAULT_AUDIT_PARAMS.autoSignOutMinutes).toBe(150);
    const { autoSignOutMinutes: _omitted, ...stored } = DEFAULT_AUDIT_PARAMS;
    expect(paramsFromJson({ ...stored, maxStopMinutes: 3 }).autoSignOutMinutes).toBe(150);
  });

  it('accepts 2 to 720 whole minutes and nothing else', () => {
    expect(issuesFor(2)).toEqual([]);
    expect(issuesFor(720)).toEqual([]);
    for (const bad of [1, 721, 0, -5, 30.5, Number.NaN]) {
      expect(issuesFor(bad)).toEqual([{ field: 'autoSignOutMinutes', message: 'an integer 2–720' }]);
    }
  });
});
