/**
 * Demo 重点监管 and 监管行动 for the demo city, so the regulator's key-supervision and supervision-action
 * pages, the public monthly notice and the first columns of the monthly report (附件2) have something to
 * show on a fresh demo. Written in the seeding transaction as the supervision module would have stored
 * them over the last months (history the service would refuse to back-date: lifted entries, ended periods).
 *
 * Deterministic for a given seeding day, like the demo training history: the schools are picked by a
 * fixed rule, only the calendar dates move with "now" (China time): actions fill the previous calendar
 * month and the current one up to today; entries started weeks to months ago.
 *
 * Kept clear of what the demo and its browser specs act on:
 * - never the demo school (demo-school's, where the specs enrol trainees), and only schools of grade 2 or
 *   3: the regulator's school list and the public list open on 一级 schools, the ones specs pick first;
 * - the only 停止执教 is a coach of a school that is not operating (the simulated fleet drives operating
 *   schools' cars only), and it ended last month, so no terminal sign-in is refused today.
 */
import type { Kysely } from 'kysely';
import {
  chinaDate,
  createSupervisionRepository,
  toNoticeItem,
  type ActionKind,
} from '../../modules/supervision/index.ts';
import type { DB } from '../types.ts';
import { fromDayNumber, toDayNumber } from './seeded-random.ts';

const HOUR = 3_600_000;
const CST = 8 * HOUR;

/** The calendar the demo's supervision is laid out on, from the seeding instant (China time). */
export type DemoSupervisionCalendar = {
  today: string;
  thisMonth: string;
  lastMonth: string;
  /** Day `n` of the previous month (n ≤ 28, so it always exists). */
  lastMonthDay(n: number): string;
  /** Day `n` of this month, or today when that is later (an action is never recorded ahead). */
  thisMonthDay(n: number): string;
  addDays(day: string, n: number): string;
  /** `day` at `hour`:00 China time, or `now` when that is later (nothing is stamped in the future). */
  at(day: string, hour: number): Date;
};

export function demoSupervisionCalendar(now: Date): DemoSupervisionCalendar {
  const today = chinaDate(now);
  const thisMonth = today.slice(0, 7);
  const [y, m] = thisMonth.split('-').map(Number) as [number, number];
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    today,
    thisMonth,
    lastMonth,
    lastMonthDay: (n) => `${lastMonth}-${pad(n)}`,
    thisMonthDay: (n) => {
      const day = `${thisMonth}-${pad(n)}`;
      return day < today ? day : today;
    },
    addDays: (day, n) => fromDayNumber(toDayNumber(day) + n),
    at: (day, hour) => new Date(Math.min(toDayNumber(day) * 86_400_000 - CST + hour * HOUR, now.getTime())),
  };
}

type School = { id: string; name: string; countyCode: string; grade: number; status: string };

/** Round robin over counties (in code order): the first n picks are in n different counties. */
function spreadOverCounties(schools: School[]): School[] {
  const byCounty = new Map<string, School[]>();
  for (const s of schools) byCounty.set(s.countyCode, [...(byCounty.get(s.countyCode) ?? []), s]);
  const queues = [...byCounty.keys()].sort().map((code) => byCounty.get(code)!);
  const out: School[] = [];
  for (let round = 0; out.length < schools.length; round++) {
    for (const queue of queues) if (queue[round]) out.push(queue[round]!);
  }
  return out;
}

export type DemoSupervisionResult = { entries: number; lifted: number; actions: number; notices: number };

/** Inserts the demo city's entries, actions and last month's notice (in the caller's transaction). */
export async function seedDemoSupervision(
  db: Kysely<DB>,
  cityCode: string,
  now = new Date(),
): Promise<DemoSupervisionResult> {
  const none = { entries: 0, lifted: 0, actions: 0, notices: 0 };
  const prefix = cityCode.slice(0, 4);
  const cal = demoSupervisionCalendar(now);
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'schoolId', 'regionCode'])
    .where('username', 'in', ['demo-city', 'demo-county', 'demo-school'])
    .execute();
  const cityUser = users.find((u) => u.username === 'demo-city')?.id;
  const countyUser = users.find((u) => u.username === 'demo-county');
  const demoSchoolId = users.find((u) => u.username === 'demo-school')?.schoolId;
  if (!cityUser || !demoSchoolId) return none;

  const schools: School[] = (
    await db
      .selectFrom('schools')
      .select(['id', 'name', 'countyCode', 'grade', 'status'])
      .where('countyCode', 'like', `${prefix}%`)
      .orderBy('countyCode')
      .orderBy('id')
      .execute()
  ).map((s) => ({ ...s, countyCode: s.countyCode.trim() }));
  const eligible = schools.filter((s) => s.id !== demoSchoolId && s.grade >= 2);
  const operating = spreadOverCounties(eligible.filter((s) => s.status === 'operating'));
  // The actions below name nine operating schools (in nine counties when the city has them).
  if (operating.length < 9) return none;
  const coaches = await db
    .selectFrom('coaches')
    .select(['id', 'schoolId', 'name'])
    .where(
      'schoolId',
      'in',
      eligible.map((s) => s.id),
    )
    .where('status', '=', 'active')
    .orderBy('coachNumber')
    .execute();
  const firstCoachOf = (schoolId: string) => coaches.find((c) => c.schoolId === schoolId);

  const [a, d, c, checked1, checked2, interviewed, penalised, enforcedElsewhere, checkedNow] = operating;
  const stopped = eligible.find((s) => s.status === 'enrolment_stopped');
  // Not operating: none of its cars is in the simulated fleet, so its coach's 停止执教 touches no terminal.
  // Another school than the one that stopped enrolling, when there is one.
  const idle = eligible.filter((s) => s.status !== 'operating' && firstCoachOf(s.id));
  const idleSchool = idle.find((s) => s.id !== stopped?.id) ?? idle[0];
  const suspendedCoach = idleSchool && firstCoachOf(idleSchool.id);
  const rectifiedCoach = firstCoachOf(a!.id);

  // ---- key supervision entries --------------------------------------------------------------------
  type Entry = {
    subject: 'school' | 'coach';
    schoolId: string;
    coachId: string | null;
    countyCode: string;
    reason: string;
    sanction: string;
    fromDate: string;
    untilDate: string | null;
    lift?: { on: string; note: string };
  };
  const schoolEntry = (s: School, e: Omit<Entry, 'subject' | 'schoolId' | 'coachId' | 'countyCode'>) => ({
    subject: 'school' as const,
    schoolId: s.id,
    coachId: null,
    countyCode: s.countyCode,
    ...e,
  });
  const dRectifiedOn = cal.lastMonthDay(9);
  const suspensionEnds = cal.lastMonthDay(20);
  const entries: Entry[] = [
    schoolEntry(a!, {
      reason: '教学日志抽查发现部分学员培训学时与车载视频不符，存在代打卡、虚增学时问题，责令限期整改',
      sanction: 'rectify',
      fromDate: cal.addDays(cal.lastMonthDay(1), -40),
      untilDate: null,
    }),
    schoolEntry(d!, {
      reason: '资质核查发现3台教练车未安装计时终端即开展培训，2名教练员未备案即上岗执教，责令限期整改',
      sanction: 'rectify',
      fromDate: dRectifiedOn,
      untilDate: cal.addDays(dRectifiedOn, 89),
    }),
    schoolEntry(c!, {
      reason: '教练员数量不足教练车数量的110%，部分教练车无固定教练员，教学质量难以保障，责令限期整改',
      sanction: 'rectify',
      fromDate: cal.addDays(cal.lastMonthDay(1), -70),
      untilDate: null,
      lift: {
        on: cal.lastMonthDay(12),
        note: '复查确认已新聘并备案教练员6名，教练员配备达到要求，整改到位，移出重点监管',
      },
    }),
  ];
  if (stopped) {
    entries.push(
      schoolEntry(stopped, {
        reason: '违规收取模拟考试费、场地使用费等合同外费用，经学员投诉查实且逾期未退还，停止招生至复查合格',
        sanction: 'enrolment_stopped',
        fromDate: cal.lastMonthDay(15),
        untilDate: null,
      }),
    );
  }
  if (suspendedCoach && idleSchool) {
    entries.push({
      subject: 'coach',
      schoolId: idleSchool.id,
      coachId: suspendedCoach.id,
      countyCode: idleSchool.countyCode,
      reason: '培训中遮挡车载摄像头、代学员刷脸签到，虚假记录培训学时，停止执教30日',
      sanction: 'suspended',
      fromDate: cal.addDays(suspensionEnds, -29),
      untilDate: suspensionEnds,
    });
  }
  if (rectifiedCoach) {
    entries.push({
      subject: 'coach',
      schoolId: a!.id,
      coachId: rectifiedCoach.id,
      countyCode: a!.countyCode,
      reason: '多名学员投诉训练中辱骂学员、态度恶劣，经调查核实，责令限期整改并参加职业道德教育',
      sanction: 'rectify',
      fromDate: cal.lastMonthDay(18),
      untilDate: null,
    });
  }
  for (const e of entries) {
    await db
      .insertInto('keySupervisions')
      .values({
        subject: e.subject,
        schoolId: e.schoolId,
        coachId: e.coachId,
        countyCode: e.countyCode,
        reason: e.reason,
        sanction: e.sanction,
        fromDate: e.fromDate,
        untilDate: e.untilDate,
        createdBy: cityUser,
        createdAt: cal.at(e.fromDate, 9),
        ...(e.lift ? { liftedAt: cal.at(e.lift.on, 10), liftNote: e.lift.note, liftedBy: cityUser } : {}),
      })
      .execute();
  }

  // ---- supervision actions ------------------------------------------------------------------------
  let actions = 0;
  const record = async (
    kind: ActionKind,
    happenedOn: string,
    note: string,
    target: { countyCode: string; schoolId?: string; coachId?: string; enforcementId?: string },
  ) => {
    actions++;
    // The county regulator records in its own county; the city everywhere, and alone interviews authorities.
    const byCounty = countyUser?.regionCode?.trim() === target.countyCode && kind !== 'interview_authority';
    const { id } = await db
      .insertInto('supervisionActions')
      .values({
        kind,
        countyCode: target.countyCode,
        schoolId: target.schoolId ?? null,
        coachId: target.coachId ?? null,
        enforcementId: target.enforcementId ?? null,
        happenedOn,
        note,
        createdBy: byCounty && countyUser ? countyUser.id : cityUser,
        createdAt: cal.at(happenedOn, 17),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };
  const at = (s: School) => ({ countyCode: s.countyCode, schoolId: s.id });
  const last = cal.lastMonthDay;

  // Last month: qualification checks, two of which found enough to order rectification.
  await record('qualification_check', last(3), '抽查教学日志与车载视频，发现部分学员学时记录异常', at(a!));
  await record(
    'qualification_check',
    last(5),
    '核查教练车、计时终端和教练员备案与实际是否一致，发现问题',
    at(d!),
  );
  await record(
    'qualification_check',
    last(8),
    '核查经营备案、教练员和教练车备案信息，未发现问题',
    at(checked1!),
  );
  await record(
    'qualification_check',
    last(12),
    '核查收费公示和培训合同使用情况，发现未公示部分收费项目',
    at(checked2!),
  );
  await record(
    'rectification_order',
    dRectifiedOn,
    '限期30日内为3台教练车安装并备案计时终端，2名教练员完成备案前不得执教',
    at(d!),
  );
  await record(
    'rectification_order',
    last(14),
    '限期15日内在经营场所和平台公示全部收费项目及标准',
    at(checked2!),
  );
  // 分级约谈: the city interviews two counties' authorities, the counties their schools.
  await record(
    'interview_authority',
    last(16),
    '辖区驾培机构投诉集中、计时终端离线率偏高，约谈主管部门负责人',
    {
      countyCode: d!.countyCode,
    },
  );
  await record('interview_authority', last(17), '辖区驾培机构收费公示不到位，约谈主管部门分管负责人', {
    countyCode: checked2!.countyCode,
  });
  await record(
    'interview_school',
    last(18),
    '整改进展缓慢，约谈驾培机构主要负责人，要求按期完成整改',
    at(a!),
  );
  await record(
    'interview_school',
    last(19),
    '学员投诉退费纠纷较多，约谈驾培机构负责人并督促妥善处理',
    at(interviewed!),
  );
  // 集中执法 in two counties, with penalties decided on the spot.
  const enforcement = await record(
    'enforcement',
    last(22),
    '联合开展驾培市场集中执法，突击检查训练场和教练车，随机抽查教学日志',
    { countyCode: penalised!.countyCode },
  );
  await record('penalty_school', last(22), '使用未备案车辆从事培训，当场责令停止使用并依法处罚', {
    ...at(penalised!),
    enforcementId: enforcement,
  });
  const penalisedCoach = firstCoachOf(penalised!.id);
  if (penalisedCoach) {
    await record('penalty_coach', last(22), '未携带教练员证件、未按规定使用计时终端，当场依法处罚', {
      ...at(penalised!),
      coachId: penalisedCoach.id,
      enforcementId: enforcement,
    });
  }
  const enforcementElsewhere = await record(
    'enforcement',
    last(26),
    '开展驾培行业集中执法检查，重点检查教练员持证上岗和学时真实性',
    { countyCode: enforcedElsewhere!.countyCode },
  );
  const coachElsewhere = firstCoachOf(enforcedElsewhere!.id);
  if (coachElsewhere) {
    await record('penalty_coach', last(26), '培训中接打手机、擅离教练车，当场依法处罚', {
      ...at(enforcedElsewhere!),
      coachId: coachElsewhere.id,
      enforcementId: enforcementElsewhere,
    });
  }

  // This month, up to today: follow-up checks and an enforcement.
  await record('qualification_check', cal.thisMonthDay(2), '复查限期整改落实情况，计时终端已安装1台', at(d!));
  await record(
    'qualification_check',
    cal.thisMonthDay(3),
    '核查经营备案、教练员和教练车备案信息，未发现问题',
    at(checkedNow!),
  );
  await record(
    'interview_school',
    cal.thisMonthDay(4),
    '收费项目公示整改未完成，约谈驾培机构负责人',
    at(checked2!),
  );
  await record('enforcement', cal.thisMonthDay(5), '开展训练场安全和教学秩序集中执法检查', {
    countyCode: interviewed!.countyCode,
  });

  // ---- the search flag and last month's public notice ---------------------------------------------
  const repo = createSupervisionRepository();
  await repo.syncSearchFlags(db, cal.today, [...new Set(entries.map((e) => e.schoolId))]);
  const [first, lastDay] = [cal.lastMonthDay(1), monthLastDay(cal.lastMonth)];
  const rows = await repo.entriesInEffect(db, prefix, first, lastDay);
  const items = rows.map(toNoticeItem);
  await db
    .insertInto('keySupervisionNotices')
    .values({
      cityCode,
      month: cal.lastMonth,
      items: JSON.stringify(items),
      publishedBy: cityUser,
      publishedAt: cal.at(cal.thisMonthDay(3), 10),
    })
    .execute();

  return { entries: entries.length, lifted: entries.filter((e) => e.lift).length, actions, notices: 1 };
}

function monthLastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
