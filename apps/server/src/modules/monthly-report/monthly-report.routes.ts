import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import type { MonthlyReportService } from './monthly-report.service.ts';
import {
  DrilldownPageSchema,
  DrilldownQuerySchema,
  ExportQuerySchema,
  IdParamsSchema,
  MonthlyReportSchema,
  ReportQuerySchema,
  SubmissionSchema,
  SubmissionStatusSchema,
  SubmitSchema,
} from './monthly-report.schemas.ts';

const auth = (permission: Permission) => ({ auth: { permission } });

/** `attachment` with an ASCII fallback name and the Chinese name in RFC 5987 form (filename*=UTF-8''…). */
function attachment(file: { fileName: string; asciiName: string }): string {
  return `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function monthlyReportRoutes(reports: MonthlyReportService) {
  return async (app: Api) => {
    app.get(
      '/api/regulator/monthly-report',
      {
        config: auth(Permission.regulatorReportRead),
        schema: {
          tags: ['regulator'],
          description:
            '全省机动车驾驶员培训专项整治月报表 for a month: a province gets one row per city and a total, a city ' +
            'its row, a county regulator its county’s share.',
          querystring: ReportQuerySchema,
          response: { 200: MonthlyReportSchema },
        },
      },
      async (request) => reports.report(actorOf(request), request.query),
    );
    app.get(
      '/api/regulator/monthly-report/drilldown',
      {
        config: auth(Permission.regulatorReportRead),
        schema: {
          tags: ['regulator'],
          description: 'The records behind one figure of the report, paged; total equals the figure.',
          querystring: DrilldownQuerySchema,
          response: { 200: DrilldownPageSchema },
        },
      },
      async (request) => reports.drilldown(actorOf(request), request.query),
    );
    app.get(
      '/api/regulator/monthly-report/export.xlsx',
      {
        config: auth(Permission.regulatorReportRead),
        schema: { tags: ['regulator'], querystring: ExportQuerySchema },
      },
      async (request, reply) => {
        const file = await reports.exportXlsx(actorOf(request), request.query);
        return reply.type(XLSX_TYPE).header('content-disposition', attachment(file)).send(file.body);
      },
    );
    app.get(
      '/api/regulator/monthly-report/export.pdf',
      {
        config: auth(Permission.regulatorReportRead),
        schema: { tags: ['regulator'], querystring: ExportQuerySchema },
      },
      async (request, reply) => {
        const file = await reports.exportPdf(actorOf(request), request.query);
        return reply.type('application/pdf').header('content-disposition', attachment(file)).send(file.body);
      },
    );
    app.get(
      '/api/regulator/monthly-report/submissions',
      {
        config: auth(Permission.regulatorReportRead),
        schema: {
          tags: ['regulator'],
          description: 'Which cities submitted the month (versions, on time or late) and which have not.',
          querystring: ReportQuerySchema,
          response: { 200: SubmissionStatusSchema },
        },
      },
      async (request) => reports.submissionStatus(actorOf(request), request.query),
    );
    app.get(
      '/api/regulator/monthly-report/submissions/:id',
      {
        config: auth(Permission.regulatorReportRead),
        schema: { tags: ['regulator'], params: IdParamsSchema, response: { 200: MonthlyReportSchema } },
      },
      async (request) => reports.submission(actorOf(request), request.params.id),
    );
    app.post(
      '/api/regulator/monthly-report/submissions',
      {
        config: auth(Permission.regulatorReportSubmit),
        schema: {
          tags: ['regulator'],
          description:
            'A city submits a finished month: the figures are frozen; a new version needs a reason.',
          body: SubmitSchema,
          response: { 200: SubmissionSchema },
        },
      },
      async (request) => reports.submit(actorOf(request), request.body),
    );
  };
}
