import { z } from 'zod';
import { instant, shortText, uuid } from './common';

/**
 * Technician pay (M2 to M10, A5): a month's pay run computed from the records, line by line,
 * each line naming its source and the rule it applied; penalties and their confirmation; the
 * supervisor's rework judgement that forfeits a hold-back (M8).
 */

export const payMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.invalidMonth' });

export const PAY_RUN_STATUSES = ['draft', 'locked'] as const;
export type PayRunStatus = (typeof PAY_RUN_STATUSES)[number];

export const PAY_LINE_KINDS = [
  'base',
  'direct_hours',
  'indirect_hours',
  'delivery',
  'commission',
  'holdback',
  'holdback_release',
  'holdback_forfeit',
  'exam_bonus',
  'penalty',
  'correction',
] as const;
export type PayLineKind = (typeof PAY_LINE_KINDS)[number];

/** The rule a line applied: a requirement's ID. */
export const PAY_RULES = ['M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8', 'M9', 'M10', 'A5'] as const;
export type PayRule = (typeof PAY_RULES)[number];

/** What earned (or cost) a line; `ticketId` and `ticketNumber` where the source belongs to a ticket. */
export const SOURCE_TYPES = ['user', 'time_entry', 'delivery', 'ticket', 'exam', 'penalty', 'pay_line'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const paySource = z.object({
  type: z.enum(SOURCE_TYPES),
  id: z.string(),
  ticketId: uuid.nullable(),
  ticketNumber: z.string().nullable(),
  /** The day the source happened (the time entry's day, the delivery report's receipt, the payment…). */
  on: z.string().nullable(),
});
export type PaySource = z.infer<typeof paySource>;

export const payComponent = z.object({
  id: uuid,
  kind: z.enum(PAY_LINE_KINDS),
  rule: z.enum(PAY_RULES),
  amountFen: z.number().int(),
  source: paySource,
  /** The figures behind the amount (hours, rate, share, collected, costs…), for the explanation. */
  detail: z.record(z.string(), z.unknown()),
  /** i18n key of the explanation; `detail` fills it. */
  explanation: z.string(),
  /** A correction names the line of a locked run it corrects. */
  correctsLineId: uuid.nullable(),
});
export type PayComponent = z.infer<typeof payComponent>;

export const payPerson = z.object({
  userId: uuid,
  name: z.string(),
  role: z.string(),
  grade: z.string().nullable(),
  employmentStatus: z.string().nullable(),
  totalFen: z.number().int(),
  components: z.array(payComponent),
});
export type PayPerson = z.infer<typeof payPerson>;

export const payLinesQuery = z.object({ userId: uuid.optional() });
export const payLinesView = z.object({ items: z.array(payPerson) });
export type PayLinesView = z.infer<typeof payLinesView>;

export const createPayRunBody = z.strictObject({ month: payMonth });
export type CreatePayRunBody = z.infer<typeof createPayRunBody>;

export const payRunView = z.object({
  id: uuid,
  month: z.string(),
  status: z.enum(PAY_RUN_STATUSES),
  /** True while the month has not ended: the run may be computed, never locked. */
  monthOpen: z.boolean(),
  people: z.number().int(),
  totalFen: z.number().int(),
  computedAt: instant,
  lockedAt: instant.nullable(),
  lockedBy: z.object({ id: uuid, name: z.string() }).nullable(),
  createdAt: instant,
  version: z.number().int(),
  /** Things the clerk should look at before locking (an order's commission with no supervisor…). */
  warnings: z.array(z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })),
});
export type PayRunView = z.infer<typeof payRunView>;

export const payRunListQuery = z.object({ month: payMonth.optional() });

/** Hold-backs (M8) per technician: held, released, forfeited, with dates. */
export const HOLDBACK_MOVES = ['held', 'released', 'forfeited'] as const;
export const holdbackLedgerView = z.object({
  items: z.array(
    z.object({
      userId: uuid,
      name: z.string(),
      ticketId: uuid,
      ticketNumber: z.string(),
      move: z.enum(HOLDBACK_MOVES),
      amountFen: z.number().int(),
      month: z.string(),
      runId: uuid,
      warrantyEndsOn: z.string().nullable(),
      on: z.string(),
    }),
  ),
  /** Per technician and ticket: what is still held. */
  balances: z.array(z.object({ userId: uuid, ticketId: uuid, ticketNumber: z.string(), heldFen: z.number().int(), warrantyEndsOn: z.string().nullable() })),
});
export type HoldbackLedgerView = z.infer<typeof holdbackLedgerView>;
export const holdbackQuery = z.object({ userId: uuid.optional() });

/** A5: penalties recorded against a person with their cause. */
export const PENALTY_CAUSES = ['wrong_phone', 'quality_complaint', 'other'] as const;
export type PenaltyCause = (typeof PENALTY_CAUSES)[number];

export const createPenaltyBody = z.strictObject({
  userId: uuid,
  cause: z.enum(PENALTY_CAUSES),
  /** How many (wrong numbers, vehicles); the amount is this times the cause's setting unless given. */
  quantity: z.number().int().min(1).max(1000).default(1),
  /** Required for `other`; for the named causes the settings' amount applies when left out. */
  amountFen: z.number().int().min(1).max(1e9).optional(),
  description: shortText(500),
  ticketId: uuid.nullish(),
  evidenceAttachmentId: uuid.nullish(),
});
export type CreatePenaltyBody = z.infer<typeof createPenaltyBody>;

export const penaltyView = z.object({
  id: uuid,
  user: z.object({ id: uuid, name: z.string() }),
  cause: z.enum(PENALTY_CAUSES),
  quantity: z.number().int(),
  amountFen: z.number().int(),
  description: z.string(),
  ticketId: uuid.nullable(),
  ticketNumber: z.string().nullable(),
  evidenceAttachmentId: uuid.nullable(),
  recordedBy: z.object({ id: uuid, name: z.string() }),
  recordedAt: instant,
  confirmedBy: z.object({ id: uuid, name: z.string() }).nullable(),
  confirmedAt: instant.nullable(),
  /** Withdrawn before confirmation, with a reason. */
  withdrawnAt: instant.nullable(),
  withdrawReason: z.string().nullable(),
  version: z.number().int(),
});
export type PenaltyView = z.infer<typeof penaltyView>;
export const penaltyListQuery = z.object({
  userId: uuid.optional(),
  status: z.enum(['open', 'confirmed', 'withdrawn']).optional(),
});
export const withdrawPenaltyBody = z.strictObject({ reason: shortText(300) });

/**
 * M8: the supervisor's judgement on a rework ticket: which earlier repair it reworks and whether
 * the rework is a technician's own error (which forfeits that technician's hold-back on it).
 */
export const reworkJudgementBody = z.strictObject({
  originalTicketId: uuid,
  /** The technicians whose own error caused the rework; empty when no one is at fault. */
  atFaultUserIds: z.array(uuid).max(20),
  reason: shortText(500),
});
export type ReworkJudgementBody = z.infer<typeof reworkJudgementBody>;

export const reworkJudgementView = z.object({
  id: uuid,
  reworkTicketId: uuid,
  originalTicketId: uuid,
  originalTicketNumber: z.string(),
  atFault: z.array(z.object({ id: uuid, name: z.string() })),
  reason: z.string(),
  /** The original repair's warranty end, and whether the rework was reported within it. */
  warrantyEndsOn: z.string().nullable(),
  withinWarranty: z.boolean(),
  decidedBy: z.object({ id: uuid, name: z.string() }),
  decidedAt: instant,
});
export type ReworkJudgementView = z.infer<typeof reworkJudgementView>;

/**
 * M8: the earlier jobs this ticket may rework: finished work on the same asset (or, with no asset,
 * for the same customer) before it was reported, newest first. The judgement panel shows on a
 * ticket only when there is one (or a judgement was made).
 */
export const reworkCandidatesView = z.object({
  items: z.array(
    z.object({
      ticketId: uuid,
      number: z.string(),
      type: z.string(),
      completedAt: instant,
      /** Matched by the asset (true) or only by the customer (false). */
      sameAsset: z.boolean(),
      /** The earlier repair's warranty end, and whether this ticket was reported within it. */
      warrantyEndsOn: z.string().nullable(),
      withinWarranty: z.boolean(),
    }),
  ),
});
export type ReworkCandidatesView = z.infer<typeof reworkCandidatesView>;
