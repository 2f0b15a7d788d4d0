import { z } from 'zod';
import { PRIORITIES, ROLES, SLA_METRICS, TICKET_STATUSES } from '../domain';
import { uuid } from './common';

/**
 * A figure on a workbench card and where its tickets are: `tickets` is the ticket list's own
 * query (`/tickets?…`, the same parameters `GET /api/v1/tickets` takes), so the number and the
 * list behind it are counted by one filter; `path` is a page for figures that are not tickets
 * (approvals, the breach queue). `capped`: there are at least `count`.
 */
export const figure = z.object({
  count: z.number().int(),
  capped: z.boolean(),
  tickets: z.record(z.string(), z.string()).nullable(),
  path: z.string().nullable(),
});
export type Figure = z.infer<typeof figure>;

export const SETUP_STEPS = ['organisation', 'calendar', 'holidays', 'policies', 'users', 'teams', 'appointmentTemplates', 'bookingLink'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export const AT_RISK_REASONS = ['breached', 'warning', 'late'] as const;

export const workbenchView = z.object({
  role: z.enum(ROLES),
  /** Today in the organisation's zone, and its local midnight. */
  day: z.string(),
  dayStart: z.date(),
  /** A hotline agent's day: calls taken today, tickets waiting on the hotline. */
  agent: z
    .object({
      createdToday: figure,
      myOpen: figure,
      /** Open tickets their callers have chased (催单). */
      chased: figure,
      toAccept: figure,
      toClose: figure,
    })
    .nullable(),
  /** A dispatcher's: the queue by urgency, today's load per team, visits at risk. */
  dispatcher: z
    .object({
      queue: figure,
      emergencies: figure,
      byPriority: z.array(z.object({ priority: z.enum(PRIORITIES), figure })),
      /** Dispatched and still without a planned window. */
      unscheduled: figure,
      teams: z.array(z.object({ team: z.string().nullable(), technicians: z.number().int(), visits: z.number().int(), plannedMinutes: z.number().int(), path: z.string() })),
      atRisk: z.array(
        z.object({
          ticketId: uuid,
          number: z.string(),
          customerName: z.string(),
          status: z.enum(TICKET_STATUSES),
          plannedStart: z.date(),
          plannedEnd: z.date(),
          technicianName: z.string().nullable(),
          reason: z.enum(AT_RISK_REASONS),
        }),
      ),
    })
    .nullable(),
  /** A supervisor's: breaches, approvals waiting, attainment this month against its target. */
  supervisor: z
    .object({
      breached: figure,
      warning: figure,
      emergenciesOpen: figure,
      costApprovals: figure.nullable(),
      timesheets: figure.nullable(),
      attainment: z.object({
        /** This month so far, every metric; null when no clock ended yet. */
        bp: z.number().int().nullable(),
        targetBp: z.number().int(),
        met: z.number().int(),
        breached: z.number().int(),
        byMetric: z.array(z.object({ metric: z.enum(SLA_METRICS), met: z.number().int(), breached: z.number().int(), bp: z.number().int().nullable() })),
        path: z.string(),
      }),
    })
    .nullable(),
  /** An administrator's first run: each step done or not, from the organisation's own data, with where to do it. */
  setup: z
    .object({
      steps: z.array(z.object({ step: z.enum(SETUP_STEPS), done: z.boolean(), detail: z.number().int().nullable(), path: z.string() })),
    })
    .nullable(),
});
export type WorkbenchView = z.infer<typeof workbenchView>;

/** What a global search finds: a few of each kind the caller may read. */
export const searchQuery = z.object({ q: z.string().trim().min(1).max(100) });

export const searchResults = z.object({
  tickets: z.array(z.object({ id: uuid, number: z.string(), description: z.string(), status: z.enum(TICKET_STATUSES), customerName: z.string() })).nullable(),
  customers: z.array(z.object({ id: uuid, name: z.string(), companyName: z.string().nullable(), phone: z.string().nullable() })).nullable(),
  assets: z.array(z.object({ id: uuid, serialNumber: z.string(), label: z.string().nullable(), plate: z.string().nullable(), customerId: uuid })).nullable(),
  people: z.array(z.object({ id: uuid, name: z.string(), username: z.string(), role: z.enum(ROLES), team: z.string().nullable(), phone: z.string().nullable() })).nullable(),
});
export type SearchResults = z.infer<typeof searchResults>;

/** How many of each kind a search returns. */
export const SEARCH_LIMIT = 5;
