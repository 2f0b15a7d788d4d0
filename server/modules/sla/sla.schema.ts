import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, orgId, updatedAt, version } from '../../db/columns';
import { organisations } from '../identity/identity.schema';
import type { ClockView, PolicyAction, PolicyConditions, PolicyTarget } from '../../../shared/contracts/sla';
import type { SlaAction, SlaMetric, SlaState } from '../../../shared/domain';

/**
 * SLA policies: conditions choose a policy for a ticket (the lowest rank that matches), the
 * policy sets a target per metric, what pauses it, when to warn and what a breach does.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    name: text('name').notNull(),
    /** Which default template it came from (`C1`, `E2`…), if any. */
    template: text('template'),
    rank: integer('rank').notNull(),
    active: boolean('active').notNull().default(true),
    conditions: jsonb('conditions').$type<PolicyConditions>().notNull().default({}),
    calendarId: uuid('calendar_id'),
    targets: jsonb('targets').$type<PolicyTarget[]>().notNull(),
    actions: jsonb('actions').$type<PolicyAction[]>().notNull().default([]),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/**
 * A ticket's clock for one metric, as last computed from its history. Derived data: it can be
 * recomputed at any time; `next_alert_at` is what the breach scanner waits for.
 */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    orgId: orgId(),
    ticketId: uuid('ticket_id').notNull(),
    metric: text('metric').$type<SlaMetric>().notNull(),
    policyId: uuid('policy_id').notNull(),
    state: text('state').$type<SlaState>().notNull(),
    startedAt: instant('started_at'),
    stoppedAt: instant('stopped_at'),
    dueAt: instant('due_at'),
    targetMs: bigint('target_ms', { mode: 'number' }).notNull(),
    elapsedMs: bigint('elapsed_ms', { mode: 'number' }).notNull(),
    pausedMs: bigint('paused_ms', { mode: 'number' }).notNull(),
    extended: boolean('extended').notNull().default(false),
    extensionReason: text('extension_reason'),
    thresholds: jsonb('thresholds').$type<ClockView['thresholds']>().notNull().default([]),
    trail: jsonb('trail').$type<ClockView['trail']>().notNull().default([]),
    nextAlertAt: instant('next_alert_at'),
    nextAlertBp: integer('next_alert_bp'),
    computedAt: instant('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.ticketId, t.metric] }),
    index('sla_clocks_next_alert_idx').on(t.nextAlertAt).where(sql`next_alert_at is not null`),
    index('sla_clocks_org_state_due_idx').on(t.orgId, t.state, t.dueAt),
  ],
);

/** Thresholds that fired: the key makes each warning and breach happen once, across processes and restarts. */
export const slaAlerts = pgTable(
  'sla_alerts',
  {
    orgId: orgId(),
    ticketId: uuid('ticket_id').notNull(),
    metric: text('metric').$type<SlaMetric>().notNull(),
    bp: integer('bp').notNull(),
    policyId: uuid('policy_id').notNull(),
    dueAt: instant('due_at'),
    firedAt: instant('fired_at').notNull(),
    actions: jsonb('actions').$type<SlaAction[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.ticketId, t.metric, t.bp] }), index('sla_alerts_org_fired_idx').on(t.orgId, t.firedAt)],
);
