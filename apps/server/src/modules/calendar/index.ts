export { createCalendarRepository, type CalendarRepository } from './calendar.repository.ts';
export { createCalendarService, type CalendarService, type WorkingCalendar } from './calendar.service.ts';
export { calendarRoutes } from './calendar.routes.ts';
export type { CalendarDay } from './calendar.schemas.ts';
