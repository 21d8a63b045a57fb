import { Type, type Static } from '@sinclair/typebox';

/**
 * A day as 'YYYY-MM-DD'. Only its length is checked here: whether it is a real calendar day is the
 * service's call, so every malformed day gets the same `calendar.day_invalid` rather than a schema error.
 */
const Day = Type.String({ minLength: 1, maxLength: 10, description: "a China calendar day 'YYYY-MM-DD'" });
const Kind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')], {
  description: 'holiday: a weekday off (节假日); workday: a Saturday or Sunday worked instead (调休上班)',
});
const Name = Type.String({ minLength: 1, maxLength: 30, description: 'the holiday, e.g. 春节, 国庆节' });

export const CalendarYearQuerySchema = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
});
export type CalendarYearQuery = Static<typeof CalendarYearQuerySchema>;

export const CalendarDayParamsSchema = Type.Object({ day: Day });

export const CalendarDaySchema = Type.Object({
  day: Type.String(),
  kind: Kind,
  name: Type.String(),
  /** 'national' (the only scope so far). */
  scope: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type CalendarDay = Static<typeof CalendarDaySchema>;

export const CalendarYearSchema = Type.Object({
  year: Type.Integer(),
  items: Type.Array(CalendarDaySchema),
  unentered: Type.Array(Type.Integer(), {
    description:
      'years deadlines may fall in now with no day entered: this year, and from November the next one',
  }),
});

export const DayInputSchema = Type.Object({ day: Day, kind: Kind, name: Name });
export type DayInput = Static<typeof DayInputSchema>;

export const AddDaysSchema = Type.Object({
  days: Type.Array(DayInputSchema, { minItems: 1, maxItems: 60 }),
});
export type AddDays = Static<typeof AddDaysSchema>;

export const ReplaceDaySchema = Type.Object({ kind: Kind, name: Name });
export type ReplaceDay = Static<typeof ReplaceDaySchema>;

export const AddedDaysSchema = Type.Object({ items: Type.Array(CalendarDaySchema) });
export const RemovedDaySchema = Type.Object({ removed: CalendarDaySchema });
