import type { Database } from '../../db/connect.ts';
import { isInRegion, regionPrefix, requirePermission, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { DrillRow, MonthlyReportRepository, SubmissionRow } from './monthly-report.repository.ts';
import {
  countFigures,
  disposalRate,
  figureSource,
  FORM_TITLE,
  monthWindow,
  periodText,
  sourceTables,
  sumFigures,
  type CountFigure,
  type Figures,
  type MonthWindow,
  type SourceTable,
} from './report-form.ts';
import { formToPdf } from './report-pdf.ts';
import { formToXlsx, type FormSheet } from './report-xlsx.ts';

type Region = { code: string; name: string; level: 'province' | 'city' | 'county' };

export type ReportRow = { regionCode: string; regionName: string; figures: Figures };

export type MonthlyReport = {
  month: string;
  firstDay: string;
  lastDay: string;
  region: Region;
  asOf: string;
  deadline: string;
  rows: ReportRow[];
  /** The province's total line (sum of its cities); null for a city or county report. */
  total: Figures | null;
  missingSources: SourceTable[];
  /** Set when the figures are a city's submitted snapshot rather than computed now. */
  submission: { id: string; version: number; submittedAt: string; submittedByName: string } | null;
};

export type SubmissionView = {
  id: string;
  cityCode: string;
  month: string;
  version: number;
  reason: string | null;
  submittedByName: string;
  submittedAt: string;
  onTime: boolean;
};

export type CityStatus = {
  cityCode: string;
  cityName: string;
  /** submitted (first version by the deadline), late (after it), missing (none yet). */
  status: 'submitted' | 'late' | 'missing';
  overdue: boolean;
  latest: SubmissionView | null;
  versions: SubmissionView[];
};

const DISPOSAL_NOTE =
  '工单处置率 = 本月推送综合监管平台的工单中，截至统计时点已处置过的数量（含已办结，及处置后被退回补充的）÷ 本月推送的工单数量。';

const emptyFigures = (present: Set<SourceTable>): Figures => {
  const counts = Object.fromEntries(
    countFigures.map((k) => [k, present.has(figureSource[k]) ? 0 : null]),
  ) as Record<CountFigure, number | null>;
  return { ...counts, workOrderDisposalRate: null };
};

export type DrillItem = Omit<DrillRow, 'at'> & { at: string | null };

/** Timestamps as ISO instants; `date` columns come as YYYY-MM-DD text already. */
function drillItem(row: DrillRow): DrillItem {
  return { ...row, at: row.at instanceof Date ? row.at.toISOString() : row.at };
}

/** Beijing time, to the minute, as printed on the form. */
function chinaTime(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The monthly report (seed 001 附件2). Reading is region-scoped: a province regulator reads the province
 * (one row per city and a total) or any of its cities; a city regulator its city; a county regulator only
 * its own county's share of the same columns. Only a city submits (the form is a city's report to the
 * province); a county gets no submission board.
 */
export function createMonthlyReportService(deps: {
  db: Database;
  repo: MonthlyReportRepository;
  audit: AuditLogService;
  clock: Clock;
}) {
  const { db, repo, audit, clock } = deps;

  async function requireRegion(actor: Actor, code: string | undefined): Promise<Region> {
    const target = code ?? actor.regionCode;
    if (!actor.regionCode || !target) throw new AppError('auth.forbidden');
    const region = await repo.region(db, target);
    if (!region) throw new AppError('report.region_not_found');
    if (!isInRegion(actor.regionCode, region.code)) {
      throw new AppError('auth.forbidden', { message: 'region outside scope' });
    }
    return { code: region.code, name: region.name, level: region.level as Region['level'] };
  }

  function requireMonth(month: string, opts: { over: boolean }): MonthWindow {
    const w = monthWindow(month);
    const now = clock.now();
    if (w.start > now) throw new AppError('report.month_invalid', { message: `${month} has not begun` });
    if (opts.over && w.end > now) {
      throw new AppError('report.month_not_over', { message: `${month} is not over` });
    }
    return w;
  }

  async function compute(region: Region, w: MonthWindow) {
    const present = await repo.presentSources(db);
    const counts = await repo.countsByCity(db, regionPrefix(region.code), w, present);
    const figuresOf = (cityPrefix: string): Figures => {
      const base = emptyFigures(present);
      const found = counts.get(cityPrefix) ?? {};
      for (const key of countFigures) if (base[key] !== null) base[key] = found[key] ?? 0;
      base.workOrderDisposalRate = disposalRate(base.workOrdersPushed, base.workOrdersDisposed);
      return base;
    };
    let rows: ReportRow[];
    if (region.level === 'province') {
      const cities = await repo.citiesOf(db, region.code);
      rows = cities.map((c) => ({
        regionCode: c.code,
        regionName: c.name,
        figures: figuresOf(c.code.slice(0, 4)),
      }));
    } else {
      rows = [
        { regionCode: region.code, regionName: region.name, figures: figuresOf(region.code.slice(0, 4)) },
      ];
    }
    return {
      rows,
      total: region.level === 'province' ? sumFigures(rows.map((r) => r.figures)) : null,
      missingSources: sourceTables.filter((t) => !present.has(t)),
    };
  }

  function view(s: SubmissionRow): SubmissionView {
    return {
      id: s.id,
      cityCode: s.cityCode,
      month: s.month,
      version: s.version,
      reason: s.reason,
      submittedByName: s.submittedByName,
      submittedAt: s.submittedAt.toISOString(),
      onTime: s.submittedAt < monthWindow(s.month).deadline,
    };
  }

  async function report(actor: Actor, q: { month: string; region?: string }): Promise<MonthlyReport> {
    requirePermission(actor, Permission.regulatorReportRead);
    const region = await requireRegion(actor, q.region);
    const w = requireMonth(q.month, { over: false });
    const asOf = clock.now();
    const computed = await compute(region, w);
    return {
      month: w.month,
      firstDay: w.firstDay,
      lastDay: w.lastDay,
      region,
      asOf: asOf.toISOString(),
      deadline: w.deadline.toISOString(),
      ...computed,
      submission: null,
    };
  }

  /** A submitted snapshot as a report, for exporting exactly what was sent. */
  async function snapshotReport(actor: Actor, submissionId: string): Promise<MonthlyReport> {
    requirePermission(actor, Permission.regulatorReportRead);
    const s = await repo.submission(db, submissionId);
    if (!s || !actor.regionCode || !isInRegion(actor.regionCode, s.cityCode)) {
      throw new AppError('report.submission_not_found');
    }
    const region = await requireRegion(actor, s.cityCode);
    const w = monthWindow(s.month);
    return {
      month: s.month,
      firstDay: w.firstDay,
      lastDay: w.lastDay,
      region,
      asOf: s.submittedAt.toISOString(),
      deadline: w.deadline.toISOString(),
      rows: [{ regionCode: region.code, regionName: region.name, figures: s.figures as Figures }],
      total: null,
      missingSources: s.missingSources as SourceTable[],
      submission: {
        id: s.id,
        version: s.version,
        submittedAt: s.submittedAt.toISOString(),
        submittedByName: s.submittedByName,
      },
    };
  }

  function sheetOf(r: MonthlyReport): FormSheet {
    const unitLine =
      r.region.level === 'province'
        ? `省交通运输厅：${r.region.name}`
        : r.region.level === 'city'
          ? `市交通运输局：${r.region.name}`
          : `县(市、区)交通运输局：${r.region.name}`;
    const notes = [
      r.submission
        ? `报送版本 第${r.submission.version}版，${r.submission.submittedByName} 于 ${chinaTime(new Date(r.submission.submittedAt))}（北京时间）报送，数据为报送时的快照。`
        : `统计时点 ${chinaTime(new Date(r.asOf))}（北京时间），数据由系统按本月记录实时计算。`,
      DISPOSAL_NOTE,
      ...(r.missingSources.length
        ? [`以下数据来源尚未接入，相应栏目以“—”表示：${r.missingSources.join('、')}。`]
        : []),
    ];
    return {
      title: FORM_TITLE,
      unitLine,
      periodLine: periodText(monthWindow(r.month)),
      unitHeading: r.region.level === 'province' ? '市' : '地区',
      rows: r.rows.map((row) => ({ name: row.regionName, figures: row.figures })),
      total: r.total ? { name: '合计', figures: r.total } : null,
      notes,
    };
  }

  async function exportReport(
    actor: Actor,
    q: { month: string; region?: string; submissionId?: string },
    format: 'xlsx' | 'pdf',
  ): Promise<{ fileName: string; asciiName: string; body: Buffer }> {
    const r = q.submissionId ? await snapshotReport(actor, q.submissionId) : await report(actor, q);
    const sheet = sheetOf(r);
    const version = r.submission ? `_第${r.submission.version}版` : '';
    const body = format === 'xlsx' ? formToXlsx(sheet) : await formToPdf(sheet);
    return {
      fileName: `${FORM_TITLE}_${r.region.name}_${r.month}${version}.${format}`,
      asciiName: `monthly-report-${r.region.code}-${r.month}${r.submission ? `-v${r.submission.version}` : ''}.${format}`,
      body,
    };
  }

  return {
    report,

    /** The records behind one figure, paged; the total equals the figure of the same report. */
    async drilldown(
      actor: Actor,
      q: { month: string; region?: string; figure: CountFigure; page: number; pageSize: number },
    ): Promise<{ items: DrillItem[]; total: number; page: number; pageSize: number; missing: boolean }> {
      requirePermission(actor, Permission.regulatorReportRead);
      const region = await requireRegion(actor, q.region);
      const w = requireMonth(q.month, { over: false });
      const present = await repo.presentSources(db);
      if (!present.has(figureSource[q.figure])) {
        return { items: [], total: 0, page: q.page, pageSize: q.pageSize, missing: true };
      }
      const { total, items } = await repo.drillPage(db, q.figure, regionPrefix(region.code), w, {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { items: items.map(drillItem), total, page: q.page, pageSize: q.pageSize, missing: false };
    },

    /**
     * A city submits a finished month: the figures computed now are frozen with who and when. The first
     * submission needs no reason; every later one is a new version and must say why. Audited.
     */
    async submit(actor: Actor, input: { month: string; reason?: string }): Promise<SubmissionView> {
      requirePermission(actor, Permission.regulatorReportSubmit);
      const region = await requireRegion(actor, undefined);
      if (region.level !== 'city') throw new AppError('auth.forbidden', { message: 'only a city submits' });
      const w = requireMonth(input.month, { over: true });
      const reason = input.reason?.trim() || null;
      const now = clock.now();
      const computed = await compute(region, w);
      const figures = computed.rows[0]!.figures;
      const id = await db.transaction().execute(async (tx) => {
        const version = (await repo.lockLatestVersion(tx, region.code, w.month)) + 1;
        if (version > 1 && !reason) {
          throw new AppError('report.reason_required', {
            message: `version ${version} of ${w.month} needs the reason for resubmitting`,
          });
        }
        const submissionId = await repo.insertSubmission(tx, {
          cityCode: region.code,
          month: w.month,
          version,
          figures,
          missingSources: computed.missingSources,
          reason: version > 1 ? reason : null,
          submittedBy: actor.userId,
          submittedAt: now,
        });
        await audit.append(tx, actor, {
          action: version > 1 ? 'monthly_report.resubmitted' : 'monthly_report.submitted',
          entityType: 'monthly_report_submissions',
          entityId: submissionId,
          regionCode: region.code,
          details: { month: w.month, version, reason: version > 1 ? reason : null, figures },
        });
        return submissionId;
      });
      const saved = await repo.submission(db, id);
      return view(saved!);
    },

    /**
     * Who has submitted a month: for a province every city (submitted, late, or missing, and whether the
     * deadline has passed); for a city its own versions. Counties are refused: they do not submit.
     */
    async submissionStatus(
      actor: Actor,
      q: { month: string; region?: string },
    ): Promise<{ month: string; deadline: string; deadlinePassed: boolean; cities: CityStatus[] }> {
      requirePermission(actor, Permission.regulatorReportRead);
      const region = await requireRegion(actor, q.region);
      if (region.level === 'county') {
        throw new AppError('auth.forbidden', { message: 'counties do not submit' });
      }
      const w = requireMonth(q.month, { over: false });
      const cities =
        region.level === 'province'
          ? await repo.citiesOf(db, region.code)
          : [{ code: region.code, name: region.name }];
      const all = await repo.submissions(
        db,
        w.month,
        cities.map((c) => c.code),
      );
      const deadlinePassed = clock.now() >= w.deadline;
      return {
        month: w.month,
        deadline: w.deadline.toISOString(),
        deadlinePassed,
        cities: cities.map((c) => {
          const versions = all.filter((s) => s.cityCode === c.code).map(view);
          const first = versions[0];
          return {
            cityCode: c.code,
            cityName: c.name,
            status: !first ? 'missing' : first.onTime ? 'submitted' : 'late',
            overdue: !first && deadlinePassed,
            latest: versions.at(-1) ?? null,
            versions,
          };
        }),
      };
    },

    /** One submitted snapshot with its figures, in the shape of a report. */
    submission: snapshotReport,

    exportXlsx: (actor: Actor, q: { month: string; region?: string; submissionId?: string }) =>
      exportReport(actor, q, 'xlsx'),
    exportPdf: (actor: Actor, q: { month: string; region?: string; submissionId?: string }) =>
      exportReport(actor, q, 'pdf'),
  };
}

export type MonthlyReportService = ReturnType<typeof createMonthlyReportService>;
