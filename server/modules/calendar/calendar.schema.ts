import { boolean, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, updatedAt, version } from '../../db/columns';
import { organisations } from '../identity/identity.schema';

/**
 * Working calendars: a weekly pattern in a time zone, and whether China's statutory holidays
 * apply. One per organisation is the default; teams and regions may have their own.
 */
export const calendars = pgTable(
  'calendars',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
    /** `"24x7"`, or `{ "1": [{ "start": 540, "end": 720 }, …], … }` by ISO weekday. */
    weekly: jsonb('weekly').notNull(),
    statutoryHolidays: boolean('statutory_holidays').notNull().default(true),
    isDefault: boolean('is_default').notNull().default(false),
    team: text('team'),
    region: text('region'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/** An organisation's own dated days: a closure (年度盘点) or an opening (国庆值班). */
export const calendarExceptions = pgTable(
  'calendar_exceptions',
  {
    orgId: orgId(),
    id: id(),
    calendarId: uuid('calendar_id').notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    windows: jsonb('windows'),
    name: text('name'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('calendar_exceptions_calendar_idx').on(t.orgId, t.calendarId, t.on),
    foreignKey({ columns: [t.orgId, t.calendarId], foreignColumns: [calendars.orgId, calendars.id] }).onDelete('cascade'),
  ],
);

/**
 * Statutory holiday years an organisation added or imported (a year published after this
 * release, or a correction). They replace the shipped year of the same number.
 */
export const holidayYears = pgTable(
  'holiday_years',
  {
    orgId: orgId().references(() => organisations.id),
    year: integer('year').notNull(),
    source: text('source').notNull(),
    holidays: jsonb('holidays').notNull(),
    workdays: jsonb('workdays').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year] })],
);
