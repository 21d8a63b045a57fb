/**
 * Demo work orders (工单) of the demo city over the last seven weeks, so the regulator home's 监管驾驶舱
 * (工单处置率, 逾期, the funnel), 工单管理 and the notices have something to show on a fresh demo. Written in
 * the seeding transaction as the work-orders module would have stored them: numbers from the county's
 * daily sequence, deadlines by `dueAtFor` / `dueAfterReturn` with the calendar's exception days, one
 * history row per step, the notices of each step, disposal evidence per round, and the jobs loop's
 * reminder (one working day before a deadline) and escalation (just after it) wherever an order was still
 * waiting then. No audit entries: like the other demo history, the seeding is one `demo.seeded` entry.
 *
 * Deterministic for a given seeding instant: the orders are a fixed list, the schools are picked by a fixed
 * rule and only the dates move with "now" (China time). A step that would fall after "now" (a seeding
 * right after a long holiday stretches deadlines) is not taken: the order stays in the state it reached.
 *
 * Who acts is who the module lets act, with the demo's own accounts:
 * - the demo's schools other than 兴华 have no accounts, and disposal evidence names its author, so orders
 *   pushed to schools are all still waiting (some overdue and escalated to the city, as the jobs loop does);
 * - disposals, returns, closings and reopenings are on orders kept at the regulators: 历下区's own (disposed
 *   by demo-county, verified by demo-city) and the city's (disposed by demo-city, verified by
 *   demo-province). Without a school there is no coach, so no 教练员记分 is recorded.
 *
 * Kept clear of what the demo and its browser specs act on: never the demo school (demo-school's, whose
 * list the specs read) and, like the supervision seed, only schools of grade 2 or 3 (the lists open on 一级
 * schools, the ones specs pick first); every order is older than anything a spec creates, so a spec's new
 * order is the first of the list; no `anomaly` or `review` orders (specs look for theirs by source).
 * Sources are linked only where the row exists: `inspection` orders are the demo's qualification checks
 * that found problems (supervision actions), `complaint` orders the demo complaints escalated to the
 * regulator; the rest are `manual`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { createCalendarRepository } from '../../modules/calendar/index.ts';
import {
  beijingDay,
  createWorkOrdersRepository,
  dueAfterReturn,
  dueAtFor,
  remindAtFor,
  workOrderNumber,
  type WorkOrderCategory,
} from '../../modules/work-orders/index.ts';
import type { WorkingDayExceptions } from '../../shared/working-days.ts';
import type { DB } from '../types.ts';
import { toDayNumber } from './seeded-random.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CST = 8 * HOUR;
/** The demo's photos (served at /demo/photos), used as evidence pictures when they are there. */
const PHOTO_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../web/public/demo/photos',
);

type Assignee = 'school' | 'county' | 'city';
type Actor = 'county' | 'city' | 'province';
type Photo = { file: string; name: string };

/** One step after the order was pushed; `days` count from the previous step (or the push) at `hour` China time. */
type Step =
  | { kind: 'dispose'; days: number; hour: number; text: string; photos?: Photo[] }
  /** Disposed `days` after its deadline passed (the jobs loop has escalated it by then). */
  | { kind: 'disposeLate'; days: number; hour: number; text: string; photos?: Photo[] }
  | { kind: 'close'; days: number; hour: number; note: string }
  | { kind: 'return'; days: number; hour: number; reason: string }
  /** Reopened `daysAgo` days before today (China), whatever the earlier steps' dates. */
  | { kind: 'reopen'; daysAgo: number; hour: number; reason: string };

type Plan = {
  assignee: Assignee;
  countyCode: string;
  schoolId: string | null;
  coachId: string | null;
  sourceKind: 'inspection' | 'complaint' | 'manual';
  sourceId: string | null;
  category: WorkOrderCategory;
  title: string;
  description: string;
  createdAt: Date;
  createdBy: Actor;
  steps: Step[];
};

export type DemoWorkOrdersResult = { orders: number } & Record<
  'open' | 'disposed' | 'returned' | 'reopened' | 'closed' | 'escalated',
  number
>;

/** Inserts the demo city's work orders with their history (in the caller's transaction). */
export async function seedDemoWorkOrders(
  db: Kysely<DB>,
  cityCode: string,
  now = new Date(),
): Promise<DemoWorkOrdersResult> {
  const result: DemoWorkOrdersResult = {
    orders: 0,
    open: 0,
    disposed: 0,
    returned: 0,
    reopened: 0,
    closed: 0,
    escalated: 0,
  };
  const prefix = cityCode.slice(0, 4);
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'schoolId', 'regionCode'])
    .where('username', 'in', ['demo-province', 'demo-city', 'demo-county', 'demo-school'])
    .execute();
  const userOf = (name: string) => users.find((u) => u.username === name)?.id;
  const actors: Record<Actor, string | undefined> = {
    county: userOf('demo-county'),
    city: userOf('demo-city'),
    province: userOf('demo-province'),
  };
  const demoSchoolId = users.find((u) => u.username === 'demo-school')?.schoolId;
  const regions = await db
    .selectFrom('regions')
    .select(['code', 'parentCode', 'level'])
    .where('code', 'like', `${prefix.slice(0, 2)}%`)
    .execute();
  const countyCodes = regions
    .filter((r) => r.level === 'county' && r.code.startsWith(prefix))
    .map((r) => r.code)
    .sort();
  const provinceCode = regions.find((r) => r.code === cityCode)?.parentCode ?? null;
  // The demo county account's county (历下区): its own orders are the only county orders a demo account disposes.
  const ownCounty = users.find((u) => u.username === 'demo-county')?.regionCode?.trim();
  if (!actors.county || !actors.city || !actors.province || !demoSchoolId || !provinceCode) return result;
  // Seven other counties keep city orders, the last two of them county orders nobody has disposed.
  if (!ownCounty || !countyCodes.includes(ownCounty) || countyCodes.length < 8) return result;

  const schools = (
    await db
      .selectFrom('schools')
      .select(['id', 'name', 'countyCode', 'grade', 'status'])
      .where('countyCode', 'like', `${prefix}%`)
      .where('id', '<>', demoSchoolId)
      .where('grade', '>=', 2)
      .where('status', '=', 'operating')
      .orderBy('countyCode')
      .orderBy('id')
      .execute()
  ).map((s) => ({ ...s, countyCode: s.countyCode.trim() }));
  // One school per county, round robin (counties in code order), for the orders pushed by hand.
  const spread: typeof schools = [];
  for (const code of countyCodes) {
    const s = schools.find((x) => x.countyCode === code && !spread.includes(x));
    if (s) spread.push(s);
  }
  if (spread.length < 7) return result;
  const coach = await db
    .selectFrom('coaches')
    .select('id')
    .where('schoolId', '=', spread[4]!.id)
    .where('status', '=', 'active')
    .orderBy('coachNumber')
    .executeTakeFirst();

  const today = beijingDay(now);
  /** `daysAgo` days before today at `hour`:00 China time, or now when that is later. */
  const at = (daysAgo: number, hour: number) =>
    new Date(Math.min((toDayNumber(today) - daysAgo) * DAY - CST + hour * HOUR, now.getTime()));
  /** The China day of `instant` at `hour`:00, `days` later. */
  const dayAt = (instant: Date, days: number, hour: number) =>
    new Date(toDayNumber(beijingDay(instant)) * DAY + days * DAY - CST + hour * HOUR);

  const plans: Plan[] = [];
  const plan = (p: Omit<Plan, 'coachId' | 'sourceId' | 'sourceKind' | 'schoolId'> & Partial<Plan>) =>
    plans.push({ sourceKind: 'manual', sourceId: null, schoolId: null, coachId: null, ...p });

  // ---- pushed to schools: qualification checks that found problems, escalated complaints, by hand --------
  const checks = await db
    .selectFrom('supervisionActions as a')
    .innerJoin('schools as s', 's.id', 'a.schoolId')
    .select([
      'a.id',
      'a.schoolId',
      'a.countyCode',
      'a.note',
      'a.createdAt',
      'a.createdBy',
      's.name',
      's.grade',
    ])
    .where('a.kind', '=', 'qualification_check')
    .where('a.countyCode', 'like', `${prefix}%`)
    .where('a.note', 'like', '%发现%')
    .where('a.note', 'not like', '%未发现%')
    .where('a.schoolId', '<>', demoSchoolId)
    .orderBy('a.createdAt')
    .execute();
  for (const c of checks) {
    if (c.grade < 2) continue;
    // As the supervision service pushes a finding (pushWorkOrder): the school's order, at the action's commit.
    plan({
      assignee: 'school',
      countyCode: c.countyCode.trim(),
      schoolId: c.schoolId,
      sourceKind: 'inspection',
      sourceId: c.id,
      category: 'rectification',
      title: `资质核查发现问题：${c.name}`.slice(0, 100),
      description: c.note ?? c.name,
      createdAt: new Date(Math.min(c.createdAt.getTime() + MINUTE, now.getTime())),
      createdBy: c.createdBy === actors.county ? 'county' : 'city',
      steps: [],
    });
  }
  const complaints = await db
    .selectFrom('complaints as c')
    .innerJoin('schools as s', 's.id', 'c.schoolId')
    .select([
      'c.id',
      'c.trackingNumber',
      'c.schoolId',
      'c.coachId',
      'c.countyCode',
      'c.body',
      'c.schoolDueAt',
    ])
    .where('c.status', '=', 'escalated')
    .where('c.countyCode', 'like', `${prefix}%`)
    .where('c.schoolId', '<>', demoSchoolId)
    .where('s.grade', '>=', 2)
    .orderBy('c.createdAt')
    .execute();
  for (const c of complaints) {
    if (!c.schoolId || !c.schoolDueAt) continue;
    // 转工单 two days after the school let its answer lapse and the complaint reached the regulator.
    const createdAt = dayAt(c.schoolDueAt, 2, 10);
    if (createdAt > now) continue;
    plan({
      assignee: 'school',
      countyCode: c.countyCode.trim(),
      schoolId: c.schoolId,
      coachId: c.coachId,
      sourceKind: 'complaint',
      sourceId: c.id,
      category: 'complaint',
      title: `投诉转办：${c.trackingNumber}`,
      description: c.body,
      createdAt,
      createdBy: c.countyCode.trim() === ownCounty ? 'county' : 'city',
      steps: [],
    });
  }
  const bySchool = (
    i: number,
    p: Pick<Plan, 'category' | 'title' | 'description'> & { daysAgo: number; hour: number; coach?: boolean },
  ) => {
    const s = spread[i]!;
    plan({
      assignee: 'school',
      countyCode: s.countyCode,
      schoolId: s.id,
      coachId: p.coach ? (coach?.id ?? null) : null,
      category: p.category,
      title: p.title,
      description: p.description,
      createdAt: at(p.daysAgo, p.hour),
      createdBy: s.countyCode === ownCounty ? 'county' : 'city',
      steps: [],
    });
  };
  bySchool(0, {
    daysAgo: 40,
    hour: 10,
    category: 'rectification',
    title: '教学区域备案与实际不符',
    description:
      '现场核查发现该校备案的训练场地与实际使用场地不一致，实际场地面积不足备案面积的六成，且有两处教学区域未备案即投入使用。请限期整改，重新备案教学区域并上传场地照片和备案回执。',
  });
  bySchool(1, {
    daysAgo: 7,
    hour: 9,
    category: 'hours_irregular',
    title: '教学日志抽查学时记录异常',
    description:
      '随机抽查该校近一个月的教学日志，发现12条记录存在签到与签退照片不一致、训练轨迹中断等问题。请逐条核查，对不实学时予以核减，说明原因并上传核查记录。',
  });
  bySchool(2, {
    daysAgo: 2,
    hour: 15,
    category: 'complaint',
    title: '12328热线转办：退学退费纠纷',
    description:
      '12328交通运输服务监督电话转来学员反映：报名后因工作调动申请退学，驾校以“已产生培训费用”为由拒绝退还剩余学费。请核实培训进度，按合同约定办理退费并答复学员。',
  });
  bySchool(3, {
    daysAgo: 12,
    hour: 11,
    category: 'rectification',
    title: '教练车超过检验有效期仍在使用',
    description:
      '监督检查发现该校3辆教练车已超过机动车检验有效期，仍在训练场开展培训。请立即停止使用上述车辆，完成检验后上传检验合格证明。',
  });
  bySchool(4, {
    daysAgo: 9,
    hour: 16,
    coach: true,
    category: 'hours_fraud',
    title: '群众举报教练员代学员刷脸签到',
    description:
      '群众举报该校教练员在学员未到场的情况下代为刷脸签到、虚增培训学时。请核查该教练员近一个月的教学日志和车载视频，对查实的学时予以作废，并报告对教练员的处理情况。',
  });
  bySchool(5, {
    daysAgo: 3,
    hour: 10,
    category: 'other',
    title: '收费项目公示不全',
    description:
      '检查发现该校经营场所未公示培训收费项目、收费标准和监督投诉电话，平台公示的班型价格与实际收费不一致。请按规定在经营场所和平台完整公示收费信息。',
  });
  bySchool(6, {
    daysAgo: 1,
    hour: 14,
    category: 'hours_irregular',
    title: '计时终端长期离线',
    description:
      '平台监测显示该校2台教练车的计时终端已连续7日以上离线，期间仍有学员预约训练记录。请排查终端故障，离线期间的训练不得计入学时，并说明原因。',
  });

  // ---- 历下区's own orders: the city pushes them to the county, the county disposes, the city verifies ---
  const own = (
    daysAgo: number,
    hour: number,
    p: Pick<Plan, 'category' | 'title' | 'description' | 'steps'>,
  ) =>
    plan({
      assignee: 'county',
      countyCode: ownCounty,
      createdAt: at(daysAgo, hour),
      createdBy: 'city',
      ...p,
    });
  const ok = '处置措施落实到位，经复核属实，予以办结。';
  own(45, 9, {
    category: 'other',
    title: '驾校周边道路违规练车扰民',
    description:
      '群众反映旅游路、奥体西路沿线有教练车在非训练时段、非指定路段练车，造成交通拥堵并扰民。请会同交警部门核查，督促相关驾校规范道路训练。',
    steps: [
      {
        kind: 'dispose',
        days: 4,
        hour: 15,
        text: '已会同交警历下大队开展联合检查，约谈涉及的3所驾校，明确道路训练路线和时段，设置提示牌2处，近一周复查未再发现违规练车。',
        photos: [{ file: 'car-03.jpg', name: '联合检查现场.jpg' }],
      },
      { kind: 'close', days: 1, hour: 10, note: '经回访，群众反映的问题已解决，予以办结。' },
    ],
  });
  own(38, 10, {
    category: 'rectification',
    title: '非法招生点清理',
    description:
      '巡查发现经十路、山大路沿线有未备案的招生点以“包过”“低价”名义招揽学员。请逐一核查，依法清理未备案招生点。',
    steps: [
      {
        kind: 'dispose',
        days: 6,
        hour: 16,
        text: '已核查5处招生点，其中3处为未备案招生点，已责令撤除；2处为驾校已备案的招生点，已督促规范公示内容。',
        photos: [{ file: 'school-07.jpg', name: '招生点整改后.jpg' }],
      },
      { kind: 'close', days: 2, hour: 9, note: ok },
    ],
  });
  own(35, 14, {
    category: 'complaint',
    title: '12328热线转办：驾校退费纠纷集中',
    description:
      '近期12328热线集中接到辖区一所驾校学员退费诉求18件，反映驾校经营困难、拖延退费。请牵头协调，督促驾校按合同办理退费并逐一答复来电人。',
    steps: [
      {
        kind: 'disposeLate',
        days: 2,
        hour: 16,
        text: '已召集驾校和学员代表协调，18名学员的退费已全部办理完毕，退费凭证和来电人答复记录见附件。',
        photos: [{ file: 'classroom-04.jpg', name: '协调会现场.jpg' }],
      },
      {
        kind: 'close',
        days: 1,
        hour: 11,
        note: '退费已全部办结，但超过办理期限，已提醒县区今后按期处置。予以办结。',
      },
    ],
  });
  own(33, 11, {
    category: 'complaint',
    title: '12328热线转办：无证人员收费带练',
    description:
      '12328热线转办：市民反映有人在解放东路附近以“私教陪练”名义收费带练，疑似无教练员证、使用非教练车辆。请核查处理并答复来电人。',
    steps: [
      {
        kind: 'dispose',
        days: 3,
        hour: 11,
        text: '经核查系个人私自收费带练，已移交公安交管部门依法处理，并已电话答复来电人。',
      },
      { kind: 'close', days: 1, hour: 15, note: ok },
    ],
  });
  own(30, 9, {
    category: 'complaint',
    title: '教练车夜间练车噪音扰民',
    description: '居民反映辖区一处训练场夜间十点后仍有教练车练车，噪音扰民。请核查并督促驾校调整训练时间。',
    steps: [
      {
        kind: 'dispose',
        days: 3,
        hour: 17,
        text: '已约谈该训练场所属驾校，训练时间调整为每日7时至21时，并在场地入口公示。',
      },
      { kind: 'close', days: 2, hour: 10, note: ok },
      {
        kind: 'reopen',
        daysAgo: 2,
        hour: 9,
        reason: '居民再次反映近一周夜间仍有练车，问题反弹，重新打开督促处置。',
      },
    ],
  });
  own(28, 10, {
    category: 'other',
    title: '驾培机构备案信息核查',
    description:
      '市局抽查发现辖区部分驾校备案的教练员、教练车信息与平台数据不一致。请组织辖区驾校逐一核对并更新备案。',
    steps: [
      {
        kind: 'dispose',
        days: 7,
        hour: 16,
        text: '已组织辖区全部驾校核对备案信息，更正教练员信息11条、教练车信息6条，平台数据已同步。',
      },
      { kind: 'close', days: 1, hour: 9, note: ok },
    ],
  });
  own(27, 15, {
    category: 'rectification',
    title: '教练车标识喷涂不规范',
    description:
      '检查发现辖区多所驾校的教练车未按规定喷涂“教练车”字样和驾校名称，部分车辆副制动装置未检验。请督促限期整改。',
    steps: [
      {
        kind: 'disposeLate',
        days: 3,
        hour: 10,
        text: '已督促辖区驾校完成42辆教练车标识喷涂，副制动装置全部送检，整改台账见附件。',
        photos: [{ file: 'car-08.jpg', name: '整改后教练车.jpg' }],
      },
    ],
  });
  own(24, 9, {
    category: 'hours_irregular',
    title: '辖区计时终端在线率偏低',
    description:
      '上月以来辖区计时终端日均在线率低于90%。请督促驾校排查终端故障和通讯问题，提高在线率，离线期间的训练按规定不计学时。',
    steps: [
      {
        kind: 'dispose',
        days: 8,
        hour: 17,
        text: '已通报在线率偏低的驾校并督促维修终端，更换通讯卡15张，目前辖区日均在线率回升至97%。',
      },
      { kind: 'close', days: 3, hour: 10, note: ok },
    ],
  });
  own(19, 9, {
    category: 'complaint',
    title: '12328热线转办：教练员索要好处费',
    description:
      '12328热线转办：学员反映辖区一所驾校的教练员以“加练”“约考”为由索要红包和好处费。请核查并督促驾校处理，答复来电人。',
    steps: [
      {
        kind: 'dispose',
        days: 3,
        hour: 16,
        text: '经核查属实，涉事教练员已被驾校停岗并退还学员费用，驾校已开展职业道德教育，已答复来电人。',
      },
      { kind: 'close', days: 1, hour: 10, note: ok },
    ],
  });
  own(16, 14, {
    category: 'rectification',
    title: '训练场安全设施检查',
    description:
      '市局检查发现辖区部分训练场安全隔离设施缺失、消防器材过期。请督促相关驾校整改并上传整改照片。',
    steps: [
      {
        kind: 'dispose',
        days: 9,
        hour: 11,
        text: '已督促4处训练场补设隔离护栏、更换过期灭火器，整改前后照片见附件。',
        photos: [
          { file: 'ground-02.jpg', name: '训练场护栏.jpg' },
          { file: 'ground-09.jpg', name: '训练场全景.jpg' },
        ],
      },
      { kind: 'close', days: 2, hour: 16, note: '整改照片齐全，现场抽查属实，予以办结。' },
    ],
  });
  own(14, 10, {
    category: 'other',
    title: '驾校经营场所消防安全检查',
    description: '请组织对辖区驾校经营场所、教室开展消防安全检查，消除安全隐患。',
    steps: [
      {
        kind: 'dispose',
        days: 8,
        hour: 15,
        text: '已检查辖区全部驾校经营场所，发现隐患9处，已督促整改完毕。',
      },
      {
        kind: 'return',
        days: 5,
        hour: 10,
        reason: '处置材料未附消防部门复查意见和隐患整改清单，请补充后重新提交。',
      },
    ],
  });
  own(10, 14, {
    category: 'rectification',
    title: '教练车副制动装置检查',
    description: '请组织对辖区驾校教练车副制动装置和安全带开展专项检查，不合格车辆停止使用至整改合格。',
    steps: [
      {
        kind: 'dispose',
        days: 4,
        hour: 17,
        text: '已检查辖区教练车126辆，副制动装置不合格的5辆已停用并维修复检合格，检查台账见附件。',
        photos: [{ file: 'car-10.jpg', name: '副制动复检.jpg' }],
      },
      { kind: 'close', days: 2, hour: 10, note: ok },
    ],
  });
  own(6, 9, {
    category: 'other',
    title: '考场周边“黄牛”招揽学员',
    description:
      '考场周边有人以“内部关系”“保过”为名招揽学员、收取费用。请会同公安部门开展清理，并在考场周边张贴提示。',
    steps: [
      {
        kind: 'dispose',
        days: 4,
        hour: 16,
        text: '已会同公安部门在考场周边开展两次清理行动，劝离招揽人员6名，张贴防骗提示12处。',
      },
    ],
  });
  own(2, 10, {
    category: 'other',
    title: '冬季训练安全专项检查',
    description:
      '入冬以来雨雪天气增多，请组织辖区驾校开展冬季训练安全检查，重点检查教练车防滑措施和训练场排水除冰。',
    steps: [],
  });

  // ---- kept at the city: the city disposes, the province verifies ----------------------------------------
  const [c1, c2, c3, c4, c5, c6, c7] = countyCodes.filter((c) => c !== ownCounty);
  const city = (
    daysAgo: number,
    hour: number,
    countyCode: string,
    createdBy: Actor,
    p: Pick<Plan, 'category' | 'title' | 'description' | 'steps'>,
  ) => plan({ assignee: 'city', countyCode, createdAt: at(daysAgo, hour), createdBy, ...p });
  const verified = '市级处置情况属实，予以办结。';
  city(48, 10, c1!, 'province', {
    category: 'rectification',
    title: '驾培市场无证培训联合整治',
    description:
      '省厅督办：该区存在无证驾校使用无牌无证车辆开展培训的问题，群众举报较多。请市局牵头会同公安、市场监管部门开展联合整治。',
    steps: [
      {
        kind: 'dispose',
        days: 12,
        hour: 16,
        text: '市局牵头开展联合整治3次，取缔无证培训点4处，暂扣无牌无证车辆7辆，已移交公安部门依法处理。',
        photos: [{ file: 'ground-11.jpg', name: '联合整治现场.jpg' }],
      },
      { kind: 'close', days: 3, hour: 10, note: verified },
    ],
  });
  city(42, 14, c2!, 'city', {
    category: 'other',
    title: '驾培机构收费公示专项检查',
    description: '组织对该区驾培机构收费公示情况开展专项检查，督促未公示、公示不全的驾校限期整改。',
    steps: [
      {
        kind: 'dispose',
        days: 7,
        hour: 11,
        text: '已检查该区驾校15所，督促4所驾校补充公示收费项目，平台公示价格已与实际收费一致。',
      },
      { kind: 'close', days: 2, hour: 15, note: verified },
    ],
  });
  city(31, 9, c3!, 'province', {
    category: 'rectification',
    title: '训练场地与备案不符专项整改',
    description:
      '省厅督办：抽查发现该区多所驾校实际训练场地与备案不符、场地面积不达标。请市局督促整改并重新核定场地。',
    steps: [],
  });
  city(25, 10, c4!, 'city', {
    category: 'complaint',
    title: '信访件转办：驾校停业学员无法继续培训',
    description:
      '信访件转办：该区一所驾校停业，30余名学员已缴费未完成培训。请协调其他驾校接收学员继续培训，并妥善处理学费问题。',
    steps: [
      {
        kind: 'dispose',
        days: 4,
        hour: 16,
        text: '已协调两所驾校接收学员，学员培训进度和已有学时随档转移。',
      },
      {
        kind: 'return',
        days: 1,
        hour: 10,
        reason: '处置说明未附学员转校名单和学费处理方案，请补充。',
      },
      {
        kind: 'dispose',
        days: 2,
        hour: 17,
        text: '已补充32名学员的转校名单和学费结转方案，学员已全部签字确认。',
      },
      { kind: 'close', days: 2, hour: 9, note: '材料齐全，学员已全部妥善安置，予以办结。' },
    ],
  });
  city(21, 15, c5!, 'city', {
    category: 'hours_irregular',
    title: '学时数据异常集中核查',
    description: '平台监测显示该区部分驾校夜间学时占比异常偏高。请组织核查，对不实学时予以核减。',
    steps: [
      {
        kind: 'dispose',
        days: 6,
        hour: 15,
        text: '已核查异常教学日志86条，核减不实学时31学时，约谈相关驾校负责人2名。',
      },
      { kind: 'close', days: 2, hour: 10, note: verified },
    ],
  });
  city(17, 10, c2!, 'city', {
    category: 'rectification',
    title: '驾校教学车辆超标排放整改',
    description: '生态环境部门通报该区部分教练车尾气排放超标。请督促相关驾校维修或更新车辆，并上传复检结果。',
    steps: [
      {
        kind: 'dispose',
        days: 8,
        hour: 15,
        text: '已督促3所驾校对通报的9辆教练车完成维修，复检全部合格，2辆车龄较长的车辆已报废更新。',
      },
      { kind: 'close', days: 2, hour: 9, note: verified },
    ],
  });
  city(11, 9, c6!, 'city', {
    category: 'other',
    title: '教练员继续教育落实情况检查',
    description: '检查该区教练员年度继续教育落实情况，督促未完成的教练员按期参加。',
    steps: [
      {
        kind: 'dispose',
        days: 5,
        hour: 16,
        text: '已检查该区教练员继续教育台账，督促23名未完成的教练员参加集中培训，均已结业。',
      },
      { kind: 'close', days: 2, hour: 11, note: verified },
    ],
  });
  city(8, 10, c7!, 'city', {
    category: 'other',
    title: '驾培行业安全生产大检查',
    description: '按照全省安全生产大检查部署，组织对该区驾培机构开展安全生产检查。',
    steps: [
      {
        kind: 'dispose',
        days: 5,
        hour: 17,
        text: '已检查该区驾校12所，排查隐患17处，已全部督促整改，整改台账见附件。',
      },
    ],
  });

  // ---- pushed to counties without a demo account: still waiting --------------------------------------
  const others = countyCodes.filter((c) => c !== ownCounty);
  plan({
    assignee: 'county',
    countyCode: others.at(-2)!,
    category: 'other',
    title: '驾校周边无证教练车训练',
    description: '群众反映辖区有外地号牌车辆以教练车名义在居民区周边道路训练。请核查处理。',
    createdAt: at(18, 10),
    createdBy: 'city',
    steps: [],
  });
  plan({
    assignee: 'county',
    countyCode: others.at(-1)!,
    category: 'rectification',
    title: '驾校经营场所未按规定悬挂许可证件',
    description: '检查发现辖区部分驾校未在经营场所醒目位置悬挂经营许可证件和收费标准。请督促整改。',
    createdAt: at(4, 15),
    createdBy: 'city',
    steps: [],
  });

  // ---- write them: numbers in push order, then history and notices in time order -------------------------
  plans.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const repo = createWorkOrdersRepository();
  const earliest = plans[0]?.createdAt ?? now;
  const exceptions: WorkingDayExceptions = new Map(
    (await createCalendarRepository().from(db, beijingDay(earliest))).map((r) => [
      r.day,
      r.kind as 'holiday' | 'workday',
    ]),
  );
  const photo = (p: Photo, position: number) => {
    const file = path.join(PHOTO_DIR, p.file);
    if (!fs.existsSync(file)) return undefined;
    const data = fs.readFileSync(file);
    return { position, fileName: p.name, contentType: 'image/jpeg', sizeBytes: data.length, data };
  };
  type Event = {
    workOrderId: string;
    action: string;
    actorUserId: string | null;
    note: string | null;
    at: Date;
  };
  type Notice = {
    workOrderId: string;
    kind: string;
    schoolId?: string | null;
    regionCode?: string | null;
    at: Date;
  };
  const events: Event[] = [];
  const notices: Notice[] = [];

  for (const p of plans) {
    const day = beijingDay(p.createdAt);
    const number = workOrderNumber(p.countyCode, day, await repo.nextSequence(db, p.countyCode, day));
    const createdBy = actors[p.createdBy]!;
    let dueAt = dueAtFor(p.category, p.createdAt, exceptions);
    const id = (await repo.insert(db, {
      number,
      sourceKind: p.sourceKind,
      sourceId: p.sourceId,
      category: p.category,
      title: p.title,
      description: p.description,
      countyCode: p.countyCode,
      schoolId: p.schoolId,
      coachId: p.coachId,
      assigneeKind: p.assignee,
      dueAt,
      createdBy,
      createdAt: p.createdAt,
    }))!;
    const cityOf = `${p.countyCode.slice(0, 4)}00`;
    const assignee =
      p.assignee === 'school'
        ? { schoolId: p.schoolId }
        : { regionCode: p.assignee === 'city' ? cityOf : p.countyCode };
    const disposer = p.assignee === 'city' ? actors.city! : actors.county!;
    const verifier = p.assignee === 'city' ? actors.province! : actors.city!;
    events.push({ workOrderId: id, action: 'created', actorUserId: createdBy, note: null, at: p.createdAt });
    notices.push({ workOrderId: id, kind: 'assigned', ...assignee, at: p.createdAt });

    const o = {
      status: 'open' as 'open' | 'disposed' | 'returned' | 'reopened' | 'closed',
      disposalRound: 0,
      reminderSentAt: null as Date | null,
      escalatedAt: null as Date | null,
      escalatedTo: null as string | null,
      wasOverdue: false,
      firstDisposedAt: null as Date | null,
      disposedAt: null as Date | null,
      closedAt: null as Date | null,
      closedBy: null as string | null,
      updatedAt: p.createdAt,
    };
    const pending = () => o.status === 'open' || o.status === 'returned' || o.status === 'reopened';
    /** The jobs loop (every minute) up to `until`: the reminder, then the escalation, of a waiting order. */
    const jobsUntil = (until: Date) => {
      if (!pending()) return;
      const remindAt = remindAtFor(dueAt, exceptions);
      if (!o.reminderSentAt && remindAt <= until && remindAt >= o.updatedAt) {
        o.reminderSentAt = remindAt;
        events.push({ workOrderId: id, action: 'reminded', actorUserId: null, note: null, at: remindAt });
        notices.push({ workOrderId: id, kind: 'reminder', ...assignee, at: remindAt });
      }
      const escalateAt = new Date(dueAt.getTime() + MINUTE);
      if (!o.escalatedAt && escalateAt <= until) {
        const to = p.assignee === 'city' ? provinceCode : cityOf;
        Object.assign(o, {
          escalatedAt: escalateAt,
          escalatedTo: to,
          wasOverdue: true,
          updatedAt: escalateAt,
        });
        events.push({ workOrderId: id, action: 'escalated', actorUserId: null, note: to, at: escalateAt });
        notices.push({ workOrderId: id, kind: 'escalated', regionCode: to, at: escalateAt });
        notices.push({ workOrderId: id, kind: 'escalated', ...assignee, at: escalateAt });
      }
    };

    let last = p.createdAt;
    for (const step of p.steps) {
      const when =
        step.kind === 'reopen'
          ? at(step.daysAgo, step.hour)
          : dayAt(step.kind === 'disposeLate' ? dueAt : last, step.days, step.hour);
      if (when > now || when <= last) break;
      jobsUntil(when);
      if (step.kind === 'dispose' || step.kind === 'disposeLate') {
        if (!pending()) break;
        const round = o.disposalRound + 1;
        const files = (step.photos ?? []).map(photo).filter((f) => f !== undefined);
        await repo.insertEvidence(
          db,
          { workOrderId: id, round, body: step.text, createdBy: disposer, createdAt: when },
          files,
        );
        Object.assign(o, {
          status: 'disposed',
          disposalRound: round,
          disposedAt: when,
          firstDisposedAt: o.firstDisposedAt ?? when,
          wasOverdue: o.wasOverdue || when > dueAt,
          updatedAt: when,
        });
        events.push({ workOrderId: id, action: 'disposed', actorUserId: disposer, note: null, at: when });
        notices.push({
          workOrderId: id,
          kind: 'disposed',
          regionCode: p.assignee === 'school' ? p.countyCode : cityOf,
          at: when,
        });
      } else if (step.kind === 'close') {
        if (o.status !== 'disposed') break;
        Object.assign(o, { status: 'closed', closedAt: when, closedBy: verifier, updatedAt: when });
        events.push({ workOrderId: id, action: 'closed', actorUserId: verifier, note: step.note, at: when });
      } else {
        const reopen = step.kind === 'reopen';
        if (o.status !== (reopen ? 'closed' : 'disposed')) break;
        dueAt = reopen ? dueAtFor(p.category, when, exceptions) : dueAfterReturn(when, exceptions);
        Object.assign(o, {
          status: reopen ? 'reopened' : 'returned',
          reminderSentAt: null,
          ...(reopen ? { closedAt: null, closedBy: null } : {}),
          updatedAt: when,
        });
        const action = reopen ? 'reopened' : 'returned';
        events.push({ workOrderId: id, action, actorUserId: verifier, note: step.reason, at: when });
        notices.push({ workOrderId: id, kind: action, ...assignee, at: when });
      }
      last = when;
    }
    jobsUntil(now);
    await db
      .updateTable('workOrders')
      .set({ ...o, dueAt })
      .where('id', '=', id)
      .execute();
    result.orders++;
    result[o.status]++;
    if (o.escalatedAt) result.escalated++;
  }
  // Histories and notice lists read in id order, as the service would have written them over the weeks.
  const byTime = <T extends { at: Date }>(rows: T[]) =>
    [...rows].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const e of byTime(events)) await repo.insertEvent(db, e);
  for (const n of byTime(notices)) await repo.insertNotice(db, n);
  return result;
}
