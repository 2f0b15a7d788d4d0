import { z } from 'zod';
import { ASSET_KINDS, CHANNELS, HOLD_REASONS, PRIORITIES, SLA_ACTIONS, SLA_METRICS, SLA_STATES, TICKET_TYPES, WARRANTY_STATES } from '../domain';
import { isoDay, shortText, uuid } from './common';

/** What a ticket must be for a policy to apply; an empty list or a missing field matches anything. */
export const policyConditions = z.strictObject({
  priorities: z.array(z.enum(PRIORITIES)).optional(),
  channels: z.array(z.enum(CHANNELS)).optional(),
  types: z.array(z.enum(TICKET_TYPES)).optional(),
  assetKinds: z.array(z.enum(ASSET_KINDS)).optional(),
  productCategories: z.array(z.string().max(60)).optional(),
  customerIds: z.array(uuid).optional(),
  warranty: z.array(z.enum(WARRANTY_STATES)).optional(),
  emergency: z.boolean().optional(),
  hasContractor: z.boolean().optional(),
  minValueFen: z.number().int().min(0).optional(),
  maxValueFen: z.number().int().min(0).optional(),
});
export type PolicyConditions = z.infer<typeof policyConditions>;

export const policyTarget = z.strictObject({
  metric: z.enum(SLA_METRICS),
  minutes: z.number().int().min(1).max(525_600),
  mode: z.enum(['business', 'calendar']),
  extendedMinutes: z.number().int().min(1).max(525_600).nullish(),
  aboveValue: z.strictObject({ thresholdFen: z.number().int().min(0), minutes: z.number().int().min(1) }).nullish(),
  pausedBy: z.array(z.enum(HOLD_REASONS)).default([]),
  warnAtBp: z.array(z.number().int().min(1).max(9999)).max(5).default([5000, 7500]),
});
export type PolicyTarget = z.infer<typeof policyTarget>;

export const policyAction = z.strictObject({
  metric: z.enum(SLA_METRICS),
  /** 10000 is the breach; lower values act at a warning threshold. */
  atBp: z.number().int().min(1).max(10_000).default(10_000),
  action: z.enum(SLA_ACTIONS),
});
export type PolicyAction = z.infer<typeof policyAction>;

export const policyBody = z.strictObject({
  name: shortText(100),
  rank: z.number().int().min(0).max(100_000),
  active: z.boolean().default(true),
  conditions: policyConditions.default({}),
  calendarId: uuid.nullish(),
  targets: z.array(policyTarget).min(1).max(SLA_METRICS.length),
  actions: z.array(policyAction).max(30).default([]),
});
export type PolicyBody = z.infer<typeof policyBody>;

export const policyView = policyBody.extend({
  id: uuid,
  template: z.string().nullable(),
  /**
   * A policy made from a template (`template` set) follows the organisation's settings: a change
   * of the minutes there changes its targets. False once someone changed its figures by hand
   * (it keeps them then); null for a policy of the organisation's own.
   */
  followsSettings: z.boolean().nullable(),
  version: z.number().int(),
});

/** The policy a ticket is counted by, and its targets (the ticket's SLA card names it). */
export const ticketPolicyView = z.object({
  id: uuid,
  name: z.string(),
  targets: z.array(z.object({ metric: z.enum(SLA_METRICS), minutes: z.number(), mode: z.enum(['business', 'calendar']) })),
});
export type TicketPolicyView = z.infer<typeof ticketPolicyView>;

export const clockView = z.object({
  metric: z.enum(SLA_METRICS),
  state: z.enum(SLA_STATES),
  policyId: uuid,
  startedAt: z.date().nullable(),
  stoppedAt: z.date().nullable(),
  dueAt: z.date().nullable(),
  targetMs: z.number(),
  elapsedMs: z.number(),
  pausedMs: z.number(),
  /** Counted time left (business or elapsed, per the target); negative once overdue. */
  remainingMs: z.number(),
  extended: z.boolean(),
  extensionReason: z.string().nullable(),
  thresholds: z.array(z.object({ bp: z.number(), at: z.string().nullable() })),
  trail: z.array(z.object({ at: z.string(), what: z.string(), detail: z.string().optional() })),
});
export type ClockView = z.infer<typeof clockView>;

/** The most urgent clock of a ticket, for lists. */
export const clockBadge = z.object({
  metric: z.enum(SLA_METRICS),
  state: z.enum(SLA_STATES),
  dueAt: z.date().nullable(),
  /** How much of the target is used, in basis points (10000 = due now). */
  usedBp: z.number().int(),
});
export type ClockBadge = z.infer<typeof clockBadge>;

export const windowInput = z.strictObject({ start: z.number().int().min(0).max(1440), end: z.number().int().min(0).max(1440) });
const weekdays = z.strictObject({
  1: z.array(windowInput).max(6).optional(),
  2: z.array(windowInput).max(6).optional(),
  3: z.array(windowInput).max(6).optional(),
  4: z.array(windowInput).max(6).optional(),
  5: z.array(windowInput).max(6).optional(),
  6: z.array(windowInput).max(6).optional(),
  7: z.array(windowInput).max(6).optional(),
});
export const calendarBody = z.strictObject({
  name: shortText(60),
  timeZone: z.string().max(60).default('Asia/Shanghai'),
  weekly: z.union([z.literal('24x7'), weekdays]),
  statutoryHolidays: z.boolean().default(true),
  isDefault: z.boolean().optional(),
  team: z.string().trim().max(60).nullish(),
  region: z.string().trim().max(60).nullish(),
});
export type CalendarBody = z.infer<typeof calendarBody>;

export const exceptionBody = z.strictObject({
  on: isoDay,
  kind: z.enum(['closed', 'open']),
  windows: z.array(windowInput).max(6).optional(),
  name: z.string().trim().max(60).optional(),
});

export const holidayYearBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  source: shortText(200),
  holidays: z.array(z.strictObject({ from: isoDay, to: isoDay, name: shortText(40) })).max(40),
  workdays: z.array(z.strictObject({ on: isoDay, name: shortText(40) })).max(40),
});
export type HolidayYearBody = z.infer<typeof holidayYearBody>;

// --- views: calendars, holiday years, the breach queue, attainment and recomputation ---

/** Minutes after local midnight: `{ start: 480, end: 1080 }` is 08:00–18:00. */
export const windowView = z.object({ start: z.number(), end: z.number() });
export const calendarView = z.object({
  id: uuid,
  name: z.string(),
  timeZone: z.string(),
  weekly: z.union([z.literal('24x7'), z.record(z.string(), z.array(windowView))]),
  statutoryHolidays: z.boolean(),
  isDefault: z.boolean(),
  team: z.string().nullable(),
  region: z.string().nullable(),
  version: z.number().int(),
  exceptions: z.array(z.object({ id: uuid, on: z.string(), kind: z.enum(['closed', 'open']), windows: z.array(windowView).optional(), name: z.string().optional() })),
});
export type CalendarView = z.infer<typeof calendarView>;
export type ExceptionBody = z.input<typeof exceptionBody>;

export const calendarMonthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });
/** Each day of a month as a calendar sees it: open hours, holidays, make-up days. */
export const calendarMonthView = z.object({
  month: z.string(),
  known: z.boolean(),
  days: z.array(z.object({ day: z.string(), windows: z.array(windowView), kind: z.enum(['holiday', 'makeup', 'exception', 'open', 'closed']), name: z.string().nullable() })),
});
export type CalendarMonthView = z.infer<typeof calendarMonthView>;

/** A holiday year as stored: shipped with the product, or the organisation's own. */
export const holidayYearView = holidayYearBody.extend({ custom: z.boolean() });
export type HolidayYearView = z.infer<typeof holidayYearView>;

/** Progress of the latest background recomputation of open tickets' clocks. */
export const recomputeStatusView = z.object({
  job: z.object({ id: uuid, status: z.string(), done: z.number(), total: z.number().nullable(), startedAt: z.date().nullable(), finishedAt: z.date().nullable(), reason: z.string().nullable() }).nullable(),
});
export type RecomputeStatusView = z.infer<typeof recomputeStatusView>;

export const breachQuery = z.object({
  state: z.enum(['breached', 'warning']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
/** One running clock past due or past a warning, in the breach queue. */
export const breachRow = z.object({
  ticketId: uuid,
  number: z.string(),
  ticketStatus: z.string(),
  priority: z.string(),
  customerName: z.string(),
  assigneeName: z.string().nullable(),
  metric: z.enum(SLA_METRICS),
  state: z.enum(SLA_STATES),
  dueAt: z.date().nullable(),
  startedAt: z.date().nullable(),
  firedBp: z.number().nullable(),
});
export type BreachRow = z.infer<typeof breachRow>;

export const attainmentQuery = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });
/** Clocks met and breached by metric, team and month; attainment in basis points. */
export const attainmentRow = z.object({ metric: z.enum(SLA_METRICS), team: z.string().nullable(), month: z.string(), met: z.number(), breached: z.number(), attainmentBp: z.number().nullable() });
export type AttainmentRow = z.infer<typeof attainmentRow>;
