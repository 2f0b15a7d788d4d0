import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, fen, id, instant, orgId, version } from '../../db/columns';
import { users } from '../identity/identity.schema';
import { tickets } from '../tickets/tickets.schema';
import type { PayLineKind, PayRule, PayRunStatus, PenaltyCause, SourceType } from '../../../shared/contracts/pay';

/**
 * A month's pay run (M2 to M10, A5). A draft is recomputed from the records as often as the
 * clerk likes; a locked run never changes, and what it paid is what later runs correct.
 */
export const payRuns = pgTable(
  'pay_runs',
  {
    orgId: orgId(),
    id: id(),
    /** YYYY-MM in the organisation's time zone. */
    month: text('month').notNull(),
    status: text('status').$type<PayRunStatus>().notNull().default('draft'),
    totalFen: fen('total_fen').notNull().default(0),
    people: integer('people').notNull().default(0),
    warnings: jsonb('warnings').$type<{ code: string; params: Record<string, string | number> }[]>().notNull().default(sql`'[]'::jsonb`),
    computedAt: instant('computed_at').notNull(),
    /**
     * Per person, a digest of the lines the last compute wrote for them (`pay.repository.ts`):
     * a recompute rewrites only the people whose lines changed, without reading the lines back.
     * Null until a compute writes it: then every line is rewritten.
     */
    lineDigests: jsonb('line_digests').$type<Record<string, string>>(),
    lockedAt: instant('locked_at'),
    lockedBy: uuid('locked_by'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('pay_runs_month_idx').on(t.orgId, t.month),
    // Two runs for one month can never both be locked.
    uniqueIndex('pay_runs_locked_month_key').on(t.orgId, t.month).where(sql`status = 'locked'`),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [users.orgId, users.id] }),
  ],
);

/**
 * One component of one person's pay in a run: its amount, the rule it applied and the record
 * that earned it (`source_type`, `source_id`), so a clerk can follow any yuan back. `held_fen`
 * moves the person's hold-back on the ticket (M8): + held, − released or forfeited.
 */
export const payLines = pgTable(
  'pay_lines',
  {
    orgId: orgId(),
    id: id(),
    runId: uuid('run_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<PayLineKind>().notNull(),
    rule: text('rule').$type<PayRule>().notNull(),
    amountFen: fen('amount_fen').notNull(),
    heldFen: fen('held_fen').notNull().default(0),
    sourceType: text('source_type').$type<SourceType>().notNull(),
    sourceId: text('source_id').notNull(),
    ticketId: uuid('ticket_id'),
    ticketNumber: text('ticket_number'),
    sourceOn: day('source_on'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    explanation: text('explanation').notNull(),
    correctsLineId: uuid('corrects_line_id'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('pay_lines_run_user_idx').on(t.orgId, t.runId, t.userId),
    index('pay_lines_source_idx').on(t.orgId, t.sourceType, t.sourceId),
    index('pay_lines_ticket_idx').on(t.orgId, t.ticketId, t.userId).where(sql`ticket_id is not null`),
    foreignKey({ columns: [t.orgId, t.runId], foreignColumns: [payRuns.orgId, payRuns.id] }).onDelete('cascade'),
  ],
);

/** A5: a penalty recorded against a person with its cause; deducted in the month it is confirmed. */
export const penalties = pgTable(
  'pay_penalties',
  {
    orgId: orgId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    cause: text('cause').$type<PenaltyCause>().notNull(),
    quantity: integer('quantity').notNull(),
    amountFen: fen('amount_fen').notNull(),
    description: text('description').notNull(),
    ticketId: uuid('ticket_id'),
    evidenceAttachmentId: uuid('evidence_attachment_id'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull(),
    confirmedBy: uuid('confirmed_by'),
    confirmedAt: instant('confirmed_at'),
    withdrawnAt: instant('withdrawn_at'),
    withdrawnBy: uuid('withdrawn_by'),
    withdrawReason: text('withdraw_reason'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('pay_penalties_user_idx').on(t.orgId, t.userId, t.recordedAt),
    index('pay_penalties_confirmed_idx').on(t.orgId, t.confirmedAt).where(sql`confirmed_at is not null`),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

/**
 * M8: the supervisor's judgement on a rework ticket: the repair it reworks and whose own error
 * caused it. Their hold-back on that repair is forfeited when the rework came within its warranty.
 */
export const reworkJudgements = pgTable(
  'pay_rework_judgements',
  {
    orgId: orgId(),
    id: id(),
    reworkTicketId: uuid('rework_ticket_id').notNull(),
    originalTicketId: uuid('original_ticket_id').notNull(),
    atFaultUserIds: uuid('at_fault_user_ids').array().notNull(),
    reason: text('reason').notNull(),
    decidedBy: uuid('decided_by').notNull(),
    decidedAt: instant('decided_at').notNull(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('pay_rework_judgements_ticket_key').on(t.orgId, t.reworkTicketId),
    index('pay_rework_judgements_original_idx').on(t.orgId, t.originalTicketId),
    foreignKey({ columns: [t.orgId, t.reworkTicketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.originalTicketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);
