import type { Role, TicketAction } from './domain';

/**
 * What each role may do. Every API route names one permission (or says it is public), and
 * the server refuses to start a route that names none; the web menu reads the same table.
 */
export const PERMISSIONS = [
  'tickets.read',
  'tickets.create',
  'tickets.update',
  'tickets.comment',
  'tickets.assign',
  'tickets.transition.accept',
  'tickets.transition.dispatch',
  'tickets.transition.start',
  'tickets.transition.hold',
  'tickets.transition.resume',
  'tickets.transition.complete',
  'tickets.transition.close',
  'tickets.transition.cancel',
  'tickets.transition.reopen',
  'attachments.write',
  'customers.read',
  'customers.write',
  'assets.read',
  'assets.write',
  'users.read',
  'users.manage',
  'settings.manage',
  /** Subscribe URLs to events (webhooks), see their delivery logs, redeliver. */
  'webhooks.manage',
  /** See SLA clocks, the breach queue and attainment. */
  'sla.read',
  /** Record field events clocks listen to, and extend a target with a reason (C1). */
  'sla.act',
  /** Edit calendars, holidays and SLA policies. */
  'sla.manage',
  /** The dispatch board, technicians' profiles, skills and leave. */
  'dispatch.read',
  'dispatch.manage',
  /** Appointment slots and bookings (W3, A2), contact attempts (H5, H6). */
  'appointments.read',
  'appointments.manage',
  'contacts.log',
  /** A technician's own day: depart, arrive, work, wait, report (fieldwork). */
  'fieldwork.act',
  /** Approve time entries (M3: "as approved by the service supervisor"). */
  'timesheets.approve',
  /** Workshop reception, stages and QC (A3, A4). */
  'workshop.act',
  'workshop.qc',
  /** Collect sign-offs (R8, E8, E10) and print work orders. */
  'signoffs.collect',
  /** The parts catalogue and where stock is (A2: price and stock lookup). */
  'parts.read',
  /** Edit the catalogue, stock locations and reorder rules. */
  'parts.manage',
  /** Receive, issue, transfer, write off and count stock; approve requisitions (C4, H7). */
  'stock.move',
  /** A technician's own van: request parts for the day, consume and return them (H7). */
  'stock.request',
  /** Name the parts a ticket needs and reserve them (H3: the agent names the needed parts). */
  'parts.propose',
  /** E3: lend a loaner unit to a ticket's customer and take it back. */
  'loaners.lend',
  /** A ticket's money as staff see it: quotes, the charge, payments, invoices (never its costs or profit). */
  'money.read',
  /** Make quotes, record the customer's decision, send the approval link, turn a quote into the charge and explain it (A6). */
  'quotes.write',
  /** Record payments and refunds received (cash, transfer, WeChat Pay, Alipay, card). */
  'payments.record',
  /** Fapiao requests, their numbers once issued, red-letter reversals. */
  'invoices.manage',
  /** A technician's part of the money: an order's costs with their receipts, a call-out marked customer-caused. */
  'money.field',
  /** Approve or reject an order's costs; see costs, net profit (M7), receivables and their exports. */
  'finance.read',
  'costs.approve',
  /** Labour rates, travel rules and customers' contract prices (E5, E7, R1). */
  'prices.manage',
  /** Mail-in and carry-in repair (C3): receive a unit, decide its warranty, ship it back; DOA and advance replacement. */
  'rma.handle',
  /** Contractors, their contracts, the responsibility map and deposit ledgers (R1, R3, R9, R10). */
  'contractors.read',
  /** Register contractors, contracts, the responsibility map, deposits and delegation agreements. */
  'contractors.manage',
  /** Name another responsible contractor for a ticket, or take the repair over (R3, R4 self-repair). */
  'contractors.assign',
  /** Deduct from a deposit (R5, R6, R7) and correct a deduction. */
  'deductions.manage',
  /**
   * A contractor's own portal: accept its tickets, arrive on site (R2, R4), its statements (R9).
   * Only a user linked to a contractor acts there; anyone else finds nothing (404). Staff record
   * a contractor's arrival with `sla.act`.
   */
  'contractor.portal',
  /** Start, check, recompute, lock and export the monthly pay run (M2 to M10); hold-back ledgers. */
  'pay.manage',
  /** A technician's own pay slips and hold-backs, nobody else's. */
  'pay.own',
  /** A5: record a penalty against a person with its cause and evidence, or withdraw it before it is confirmed. */
  'penalties.record',
  /** A5: confirm a recorded penalty; it is deducted in the month of its confirmation. */
  'penalties.confirm',
  /** M8: judge a rework ticket: which repair it reworks and whose own error caused it. */
  'rework.judge',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const transitionPermission = (action: TicketAction): Permission => `tickets.transition.${action}`;

/**
 * Which tickets a role sees: all of the organisation's, those assigned to the user
 * (lead or crew), the customer's own, or those of the user's contractor.
 */
export type TicketScope = 'all' | 'assigned' | 'own' | 'contractor';

interface RoleGrant {
  ticketScope: TicketScope;
  permissions: readonly Permission[];
}

const everything = PERMISSIONS;
const read = ['tickets.read', 'tickets.comment', 'customers.read', 'assets.read', 'attachments.write', 'sla.read', 'parts.read'] as const;

export const ROLE_GRANTS: Record<Role, RoleGrant> = {
  admin: { ticketScope: 'all', permissions: everything },
  supervisor: {
    ticketScope: 'all',
    permissions: everything.filter((p) => p !== 'users.manage' && p !== 'settings.manage' && p !== 'webhooks.manage' && p !== 'contractor.portal'),
  },
  dispatcher: {
    ticketScope: 'all',
    permissions: [
      ...read,
      'tickets.create',
      'tickets.update',
      'tickets.assign',
      'tickets.transition.accept',
      'tickets.transition.dispatch',
      'tickets.transition.hold',
      'tickets.transition.resume',
      'tickets.transition.close',
      'tickets.transition.cancel',
      'tickets.transition.reopen',
      'customers.write',
      'assets.write',
      'users.read',
      'sla.act',
      'dispatch.read',
      'dispatch.manage',
      'appointments.read',
      'appointments.manage',
      'contacts.log',
      'signoffs.collect',
      'parts.propose',
      'loaners.lend',
      'money.read',
      'quotes.write',
      'rma.handle',
      'contractors.read',
      'contractors.assign',
    ],
  },
  hotline_agent: {
    ticketScope: 'all',
    permissions: [
      ...read,
      'tickets.create',
      'tickets.update',
      'tickets.transition.accept',
      'tickets.transition.close',
      'tickets.transition.cancel',
      'customers.write',
      'assets.write',
      'sla.act',
      'appointments.read',
      'appointments.manage',
      'contacts.log',
      'parts.propose',
      'loaners.lend',
      'money.read',
      'quotes.write',
      'payments.record',
      'rma.handle',
      'contractors.read',
      'contractors.assign',
      'penalties.record',
      // A5: the staff list, to name whom a penalty is recorded against.
      'users.read',
    ],
  },
  technician: {
    ticketScope: 'assigned',
    permissions: [
      'tickets.read',
      'tickets.comment',
      'attachments.write',
      'tickets.transition.start',
      'tickets.transition.hold',
      'tickets.transition.resume',
      'tickets.transition.complete',
      'sla.read',
      'sla.act',
      'fieldwork.act',
      'contacts.log',
      'signoffs.collect',
      'workshop.act',
      'parts.read',
      'stock.request',
      'parts.propose',
      'money.read',
      'money.field',
      'pay.own',
    ],
  },
  tech_support: { ticketScope: 'all', permissions: [...read, 'tickets.create', 'users.read', 'money.read', 'quotes.write', 'rma.handle'] },
  parts_admin: { ticketScope: 'all', permissions: [...read, 'parts.manage', 'stock.move', 'users.read', 'parts.propose', 'loaners.lend', 'money.read', 'rma.handle'] },
  qc_inspector: { ticketScope: 'all', permissions: [...read, 'workshop.act', 'workshop.qc', 'signoffs.collect', 'money.read', 'rma.handle'] },
  finance: {
    ticketScope: 'all',
    permissions: [...read, 'money.read', 'quotes.write', 'payments.record', 'invoices.manage', 'money.field', 'finance.read', 'costs.approve', 'prices.manage', 'contractors.read', 'deductions.manage', 'pay.manage', 'penalties.record', 'penalties.confirm', 'users.read'],
  },
  customer: {
    ticketScope: 'own',
    permissions: ['tickets.read', 'tickets.create', 'tickets.comment', 'attachments.write', 'tickets.transition.cancel', 'appointments.read'],
  },
  contractor: { ticketScope: 'contractor', permissions: ['tickets.read', 'tickets.comment', 'attachments.write', 'contractor.portal'] },
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_GRANTS[role].permissions.includes(permission);
}

/** The office roles whose day starts on their workbench (工作台); technicians start on their day, others on their lists. */
export const WORKBENCH_ROLES: readonly Role[] = ['admin', 'supervisor', 'dispatcher', 'hotline_agent'];
