export { createMonthlyReportRepository, type MonthlyReportRepository } from './monthly-report.repository.ts';
export { createMonthlyReportService, type MonthlyReportService } from './monthly-report.service.ts';
export { monthlyReportRoutes } from './monthly-report.routes.ts';
