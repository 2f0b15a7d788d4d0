import { z } from 'zod';
import { routingRule } from './contracts/inbox';
import { DEFAULT_CHECKLIST, DEFAULT_STAGE_PLAN, isChecklist, isStagePlan } from './workshop';

/**
 * Every number the requirements name is a default an organisation can change. They live
 * here, in one schema, stored per organisation as a JSON object of overrides: what an
 * organisation has not set falls back to the default below. Money is fen, rates are basis
 * points, durations are minutes.
 */
const fen = z.number().int().min(0);
const bp = z.number().int().min(0).max(100_000);
const minutes = z.number().int().min(0);
const months = z.number().int().min(0).max(1200);
const count = z.number().int().min(0).max(100_000);

/** `22:00`: a time of day. */
const clock = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.timeOfDay' });
/** Empty (the channel is off) or an http(s) address. */
const optionalUrl = z.string().trim().refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), { params: { message: 'validation.url' } });
/** `sla.breached=SMS_1234`: a topic's template at the gateway; `*=…` for every other topic. */
const templateIds = z.array(z.string().trim().regex(/^(\*|[a-z_]+(\.[a-z_]+)*)=[\w.-]{1,64}$/, { message: 'validation.templateId' })).max(50);

export const orgSettingsSchema = z.object({
  tickets: z
    .object({
      /** Readable numbers: `BX-20261127-0001`. */
      numberPrefix: z.string().regex(/^[A-Z]{1,6}$/).default('BX'),
      numberDigits: z.number().int().min(3).max(8).default(4),
    })
    .prefault({}),
  warranty: z
    .object({
      /** E1: 2 years by default, at least 1. */
      defaultMonths: months.default(24),
      minimumMonths: months.default(12),
    })
    .prefault({}),
  sla: z
    .object({
      /** C1 */
      acceptToDispatchMinutes: minutes.default(4 * 60),
      dispatchToCompleteMinutes: minutes.default(6 * 60),
      dispatchToCompleteExtendedMinutes: minutes.default(8 * 60),
      /** E2 */
      firstResponseMinutes: minutes.default(60),
      onSiteMinutes: minutes.default(2 * 60),
      resolutionMinutes: minutes.default(24 * 60),
      /** E3 */
      loanerAfterWorkMinutes: minutes.default(8 * 60),
      loanerWithinMinutes: minutes.default(48 * 60),
      /** H3, H4 */
      phoneFixCallbackMinutes: minutes.default(3 * 60),
      technicianOnSiteMinutes: minutes.default(3 * 60),
      /** R5: an emergency is dispatched "at once"; this is how long at once may be. */
      emergencyDispatchMinutes: minutes.default(30),
      /** Warnings before a breach, in basis points of the target (50 %, 75 %). */
      warnAtBp: z.array(z.number().int().min(1).max(9999)).max(5).default([5000, 7500]),
      /** The share of clocks that should end in time; the supervisor's workbench compares attainment with it. */
      attainmentTargetBp: z.number().int().min(0).max(10_000).default(9000),
    })
    .prefault({}),
  contractors: z
    .object({
      /** R4: ≤ threshold → fast deadline, above → slow deadline. */
      valueThresholdFen: fen.default(1000_00),
      onSiteFastMinutes: minutes.default(24 * 60),
      onSiteSlowMinutes: minutes.default(36 * 60),
      /** R6 */
      defaultDeductionRateBp: bp.default(20_000),
      /** R5: emergencies deduct the actual cost. */
      emergencyDeductionRateBp: bp.default(10_000),
      /** R7: a delegated repair's fee, as a share of its cost, paid from the deposit. */
      delegatedFeeRateBp: bp.default(10_000),
      /** Group complaints: this many tickets on one building and trade… */
      groupComplaintTickets: z.number().int().min(2).default(5),
      /** …within this many days flag a possible systemic defect. */
      groupComplaintDays: z.number().int().min(1).default(30),
    })
    .prefault({}),
  contact: z
    .object({
      /** H5 */
      retryAfterMinutes: minutes.default(10),
      maxFailedCalls: z.number().int().min(1).default(3),
    })
    .prefault({}),
  delivery: z
    .object({
      /** M6: what a technician must explain to the user at a new machine's delivery. */
      checklist: z.array(z.string().min(1).max(60)).max(30).default(['操作方法讲解', '日常保养讲解', '安全注意事项', '保修政策说明']),
    })
    .prefault({}),
  fieldwork: z
    .object({
      /** A phone's clock may run ahead of the server's by this much before its step time is refused as in the future. */
      clientClockToleranceSeconds: z.number().int().min(0).max(3600).default(120),
      /** A step sent this long after the phone recorded it (kept offline) is flagged for a supervisor. */
      offlineGapFlagMinutes: minutes.default(30),
    })
    .prefault({}),
  appointments: z
    .object({
      /** W3: 9折 */
      bookingDiscountBp: bp.default(1_000),
      /** W3: how many days ahead the public booking page offers slots. */
      publicDaysAhead: z.number().int().min(1).max(92).default(14),
      /** Saving a slot template makes its slots from today for this many days (0: only by hand). */
      generateDaysAhead: z.number().int().min(0).max(92).default(28),
      /**
       * S5: what the public booking page allows within one window. Views of the open slots per
       * address; booking requests per address, per phone number and through the link as a
       * whole (the last bounds how many places strangers can hold at once, whatever their
       * addresses and numbers). Past a count the page answers 429 until the window ends.
       */
      publicWindowMinutes: z.number().int().min(1).max(24 * 60).default(10),
      publicPageViewsPerAddress: count.default(120),
      publicRequestsPerAddress: count.default(10),
      publicRequestsPerPhone: count.default(3),
      publicRequestsPerLink: count.default(60),
    })
    .prefault({}),
  pay: z
    .object({
      /** M2: monthly base, probation / regular, by grade. */
      baseSalaryFen: z
        .object({
          junior: z.object({ probation: fen.default(800_00), regular: fen.default(1000_00) }).prefault({}),
          intermediate: z.object({ probation: fen.default(1200_00), regular: fen.default(1500_00) }).prefault({}),
          senior: z.object({ probation: fen.default(2000_00), regular: fen.default(2500_00) }).prefault({}),
          /** Apprentices and trial workers have no grade pay of their own: the junior probation figure by default. */
          apprentice: fen.default(800_00),
          trial: fen.default(800_00),
        })
        .prefault({}),
      /** M3 */
      directHourlyFen: z
        .object({ junior: fen.default(10_00), intermediate: fen.default(15_00), senior: fen.default(20_00) })
        .prefault({}),
      /** M4 */
      indirectHourlyFen: z
        .object({
          publicTransport: fen.default(5_00),
          companyVehicle: fen.default(3_00),
          /** M4 names public transport and company vehicles; travel in one's own vehicle earns this (none by default). */
          ownVehicle: fen.default(0),
        })
        .prefault({}),
      /** M6 */
      deliveryBonusFen: fen.default(100_00),
      /** M7 */
      commissionRateBp: bp.default(1_500),
      /** M8 */
      reworkHoldbackRateBp: bp.default(1_500),
      /** M9 */
      supervisorShareBp: bp.default(3_000),
      /** M8: the supervisor's share is not held back by default; a rate here holds it back too. */
      supervisorHoldbackRateBp: bp.default(0),
      /** M10 */
      firstAttemptExamBonusFen: fen.default(200_00),
    })
    .prefault({}),
  penalties: z
    .object({
      /** A5 */
      wrongPhoneFen: fen.default(10_00),
      qualityComplaintFen: fen.default(50_00),
    })
    .prefault({}),
  workshop: z
    .object({
      /** A4: the stages of a workshop job in order, comma-separated keys; the last is `qc`. */
      stagePlan: z.string().trim().refine(isStagePlan, { params: { message: 'validation.stagePlan' } }).default(DEFAULT_STAGE_PLAN),
      /** A3: the items of the walk-around inspection, comma-separated keys. */
      checklist: z.string().trim().refine(isChecklist, { params: { message: 'validation.checklist' } }).default(DEFAULT_CHECKLIST),
    })
    .prefault({}),
  parts: z
    .object({
      /** Units counted in fractions (metres of cable, litres of oil); any other unit is whole. */
      divisibleUnits: z.array(z.string().trim().min(1).max(10)).max(50).default(['米', '升', '千克', '公斤', '克', '毫升', 'm', 'L', 'kg']),
      /** A part replaced in warranty comes back within this many days. */
      oldPartReturnDays: z.number().int().min(0).max(365).default(7),
      /** E3: a loaner is due back this many days after it is lent, unless the lender says otherwise. */
      loanerDays: z.number().int().min(1).max(365).default(14),
      /** C5: stock not consumed for this many days is slow-moving. */
      slowMovingDays: z.number().int().min(1).max(3650).default(180),
      /** C4, C5: a month's consumption above this multiple of its own monthly average (basis points)… */
      unusualUsageFactorBp: z.number().int().min(10_000).max(1_000_000).default(30_000),
      /** …and at least this many units is flagged. */
      unusualUsageMinimum: count.default(5),
      /** …the average taken over this many months before it. */
      unusualUsageHistoryMonths: z.number().int().min(1).max(36).default(6),
      /** C6: the forecast reads this many months of consumption. */
      forecastHistoryMonths: z.number().int().min(3).max(36).default(12),
    })
    .prefault({}),
  billing: z
    .object({
      /** A quote the customer has not decided on expires after this many days. */
      quoteValidDays: z.number().int().min(1).max(365).default(14),
      /** The approval link sent to a customer works for this many hours. */
      approvalLinkHours: z.number().int().min(1).max(24 * 90).default(72),
      /** E7: travel within the city is free; out of the city it is charged per kilometre… */
      travelPerKmFen: fen.default(3_00),
      /** …or, when this is above zero, as one fixed amount per call-out. */
      travelFixedFen: fen.default(0),
      /** The public quote approval page: requests one address may make per window… */
      publicLinkRequestsPerAddress: z.number().int().min(1).max(10_000).default(60),
      /** …and that window, in minutes. */
      publicLinkWindowMinutes: z.number().int().min(1).max(1440).default(15),
      /** C5: a unit or part failing within this many days of delivery or installation is dead on arrival (per product where set). */
      doaDays: z.number().int().min(0).max(365).default(15),
      /** Advance replacement: the faulty unit is due back this many days after the replacement ships. */
      advanceReturnDays: z.number().int().min(1).max(365).default(15),
      /** Receivables ageing: the upper bounds (days since charged) of its columns; older is the last column. */
      ageingBucketDays: z
        .array(z.number().int().min(1).max(3650))
        .min(1)
        .max(6)
        .refine((days) => days.every((d, i) => i === 0 || d > days[i - 1]!), { params: { message: 'validation.ascending' } })
        .default([30, 60, 90]),
      /**
       * M8: the warranty a repair itself carries (维修质保期), in months from the ticket's
       * completion day; 0 = repairs carry none. A charge may set its own (`repair_warranty_months`).
       * Part of the commission on a repair is held back until it ends.
       */
      repairWarrantyMonths: z.number().int().min(0).max(120).default(3),
    })
    .prefault({}),
  selfservice: z
    .object({
      /** The number printed on asset labels and offered when a tracking link has expired. */
      hotline: z.string().trim().max(40).default(''),
      /** The address customers reach this server at (`https://fw.example.com`), for QR labels and links sent out; empty = the address the label was printed from. */
      publicOrigin: z.string().trim().max(200).regex(/^(https?:\/\/[^\s/?#]+)?$/).default(''),
      /** Asset labels per A4 sheet (3 columns from 9 up, else 2; 1 for one or two). */
      labelsPerSheet: z.number().int().min(1).max(40).default(12),
      /** Requests one address may make to the public QR and tracking pages per window (429 past it)… */
      publicRequestsPerAddress: z.number().int().min(1).max(100_000).default(300),
      /** …and that window, in minutes. */
      publicWindowMinutes: z.number().int().min(1).max(1440).default(1),
      /** Reports through the QR page per address, and per asset label, within `reportWindowMinutes`. */
      reportsPerAddress: z.number().int().min(1).max(1000).default(5),
      reportsPerToken: z.number().int().min(1).max(1000).default(3),
      reportWindowMinutes: z.number().int().min(1).max(7 * 1440).default(60),
      /** Photos one report may carry, and the size of each. */
      maxPhotos: z.number().int().min(0).max(5).default(3),
      maxPhotoBytes: z.number().int().min(10_000).max(4_000_000).default(2_000_000),
      /** How long a ticket's tracking link works. */
      trackingLinkDays: z.number().int().min(1).max(365).default(30),
      /** A rating at or below this opens a follow-up task for the supervisor. */
      lowRatingAtMost: z.number().int().min(0).max(5).default(2),
      /** How long a code sent to a phone from the QR page works, and how many wrong tries it takes. */
      phoneCodeMinutes: z.number().int().min(1).max(60).default(10),
      phoneCodeMaxTries: z.number().int().min(1).max(10).default(5),
      /** Codes asked per address, and per phone number, within `phoneCodeWindowMinutes`. */
      phoneCodesPerAddress: z.number().int().min(1).max(1000).default(5),
      phoneCodesPerPhone: z.number().int().min(1).max(100).default(3),
      phoneCodeWindowMinutes: z.number().int().min(1).max(1440).default(60),
    })
    .prefault({}),
  webhooks: z
    .object({
      /** A delivery is tried this many times before it is given up (a redelivery starts again). */
      maxAttempts: z.number().int().min(1).max(50).default(8),
      /** The first retry waits this long; each further one twice as long (capped at six hours). */
      retryBaseMinutes: z.number().int().min(1).max(24 * 60).default(1),
      /** Private, loopback and link-local addresses may be targets (server-side request forgery guard off). */
      allowPrivateTargets: z.boolean().default(false),
    })
    .prefault({}),
  messages: z
    .object({
      /** E-mail over SMTP: no host, no e-mail. The password is the server's SMTP_PASSWORD. */
      smtpHost: z.string().trim().max(253).default(''),
      smtpPort: z.number().int().min(1).max(65535).default(465),
      /** `tls` (implicit, port 465), `starttls` (port 587) or `none` (a relay on the local network). */
      smtpSecurity: z.enum(['tls', 'starttls', 'none']).default('tls'),
      smtpUser: z.string().trim().max(253).default(''),
      smtpFrom: z.string().trim().max(253).default(''),
      /** SMS and WeChat gateways: signed HTTP requests (SMS_SIGNING_SECRET, WECHAT_SIGNING_SECRET); no address, no channel. */
      smsUrl: optionalUrl.default(''),
      smsTemplates: templateIds.default([]),
      wechatUrl: optionalUrl.default(''),
      wechatTemplates: templateIds.default([]),
      /** A delivery is tried this many times, then given up with its last error kept. */
      maxAttempts: z.number().int().min(1).max(50).default(6),
      /** The first retry waits this long; each further one twice as long (at most a day). */
      retryAfterMinutes: z.number().int().min(1).max(24 * 60).default(1),
      /** Quiet hours in the organisation's time zone: messages wait until they end, breaches do not. Equal times: none. */
      quietStart: clock.default('22:00'),
      quietEnd: clock.default('08:00'),
      /**
       * Who gets a topic (the inbox and the channels): `topic=target,…` per line, targets
       * `recipient`, `ticket.assignee`, `role:<role>`, `user:<login>`. None: whom each message names.
       */
      routing: z.array(routingRule).max(50).default([]),
    })
    .prefault({}),
  care: z
    .object({
      /** W2 */
      waterTestIntervalMonths: months.default(12),
      fullServiceIntervalMonthsMechanical: months.default(48),
      fullServiceIntervalMonthsOther: months.default(60),
      /** E4 */
      maintenanceVisitIntervalMonths: months.default(3),
      inspectionsPerYear: z.number().int().min(0).default(2),
      patrolIntervalMonths: months.default(2),
      /** W2, A1: how many days before a plan item is due the customer is reminded and the call is listed. */
      reminderDaysBefore: z.number().int().min(0).max(365).default(30),
    })
    .prefault({}),
});

export type OrgSettings = z.infer<typeof orgSettingsSchema>;

/** The settings an organisation runs with: its overrides over the defaults. */
export function resolveSettings(stored: unknown): OrgSettings {
  const parsed = orgSettingsSchema.safeParse(stored ?? {});
  // Stored overrides were validated when saved; if a later version tightened a rule, the
  // defaults keep the organisation running rather than failing every request.
  return parsed.success ? parsed.data : orgSettingsSchema.parse({});
}

const DEFAULT_SETTINGS: Record<string, unknown> = orgSettingsSchema.parse({});

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The paths of keys in `overrides` that no setting has (S16). Every setting has a default,
 * so the defaults name every key there is; the walk follows only known keys, so its depth is
 * that of the schema whatever the input's.
 */
export function unknownSettingsKeys(overrides: unknown, defaults: Record<string, unknown> = DEFAULT_SETTINGS, path: string[] = []): string[][] {
  if (!isPlainObject(overrides)) return [];
  const found: string[][] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(defaults, key)) found.push([...path, key]);
    else if (isPlainObject(defaults[key])) found.push(...unknownSettingsKeys(value, defaults[key], [...path, key]));
  }
  return found;
}

/**
 * What an organisation may store as its settings: a closed schema (unknown keys refused at
 * every level) whose values follow `orgSettingsSchema`. The value is kept as sent: only the
 * overrides are stored, the defaults are filled in when read.
 */
export const orgSettingsOverrides = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  for (const path of unknownSettingsKeys(value)) {
    ctx.addIssue({ code: 'unrecognized_keys', keys: [path.at(-1)!], path: path.slice(0, -1), input: value });
  }
  const parsed = orgSettingsSchema.safeParse(value);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: undefined } as never);
});
