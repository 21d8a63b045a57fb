import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  AddDaysSchema,
  AddedDaysSchema,
  CalendarDayParamsSchema,
  CalendarDaySchema,
  CalendarYearQuerySchema,
  CalendarYearSchema,
  RemovedDaySchema,
  ReplaceDaySchema,
} from './calendar.schemas.ts';
import type { CalendarService } from './calendar.service.ts';

export function calendarRoutes(calendar: CalendarService) {
  return async (app: Api) => {
    const auth = { permission: Permission.regulatorCalendarWrite };
    const tags = ['regulator'];

    app.get(
      '/api/regulator/calendar/days',
      {
        config: { auth },
        schema: {
          tags,
          description: 'The exception days of a year (weekday holidays, 调休 weekend workdays), by day.',
          querystring: CalendarYearQuerySchema,
          response: { 200: CalendarYearSchema },
        },
      },
      async (request) => calendar.listYear(actorOf(request), request.query),
    );

    app.post(
      '/api/regulator/calendar/days',
      {
        config: { auth },
        schema: {
          tags,
          description:
            'Adds days; one already entered (or twice in the list) refuses all with calendar.duplicate.',
          body: AddDaysSchema,
          response: { 201: AddedDaysSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await calendar.addDays(actorOf(request), request.body)),
    );

    app.put(
      '/api/regulator/calendar/days/:day',
      {
        config: { auth },
        schema: {
          tags,
          description: 'Enters the day or replaces its kind and name.',
          params: CalendarDayParamsSchema,
          body: ReplaceDaySchema,
          response: { 200: CalendarDaySchema },
        },
      },
      async (request) => calendar.putDay(actorOf(request), request.params.day, request.body),
    );

    app.delete(
      '/api/regulator/calendar/days/:day',
      {
        config: { auth },
        schema: {
          tags,
          description: 'Removes the day: it counts as Monday–Friday again. Stored deadlines do not move.',
          params: CalendarDayParamsSchema,
          response: { 200: RemovedDaySchema },
        },
      },
      async (request) => calendar.removeDay(actorOf(request), request.params.day),
    );
  };
}
