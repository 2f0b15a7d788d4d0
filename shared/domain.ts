/**
 * The vocabulary of the domain, shared by server and web. Every list here is a closed set:
 * the database stores these strings, the API speaks them, and `shared/i18n` names each in
 * Chinese and English (`enum.<list>.<value>`).
 */

/** The roles of the requirements' role table. */
export const ROLES = [
  'admin',
  'hotline_agent',
  'dispatcher',
  'technician',
  'supervisor',
  'tech_support',
  'parts_admin',
  'qc_inspector',
  'finance',
  'customer',
  'contractor',
] as const;
export type Role = (typeof ROLES)[number];

/** M1: technician grades and employment statuses (pay and dispatch read them). */
export const TECHNICIAN_GRADES = ['junior', 'intermediate', 'senior'] as const;
export type TechnicianGrade = (typeof TECHNICIAN_GRADES)[number];
export const EMPLOYMENT_STATUSES = ['apprentice', 'trial', 'probation', 'regular'] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

/** R2, E13: every way a request reaches the service organisation. */
export const CHANNELS = ['phone', 'walk_in', 'web', 'qr', 'email', 'written', 'fax', 'wechat'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Ticket types from the requirements' core records. */
export const TICKET_TYPES = [
  'repair',
  'installation',
  'delivery',
  'inspection',
  'rma',
  'workshop',
  'complaint',
  'consultation',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_STATUSES = [
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'on_hold',
  'completed',
  'closed',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_ACTIONS = [
  'accept',
  'dispatch',
  'start',
  'hold',
  'resume',
  'complete',
  'close',
  'cancel',
  'reopen',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** Why a ticket waits; SLA policies name which of these stop which clocks. */
/** The trades a building's defects belong to (R3); each has its responsible contractor. */
export const TRADES = ['waterproofing', 'plumbing', 'electrical', 'doors_windows', 'walls_floors', 'facade', 'hvac', 'other'] as const;
export type Trade = (typeof TRADES)[number];

export const HOLD_REASONS = ['waiting_parts', 'waiting_customer', 'waiting_contractor', 'other'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const WARRANTY_STATES = ['in', 'out', 'unknown'] as const;
export type WarrantyState = (typeof WARRANTY_STATES)[number];

/** E1 runs warranty from acceptance, C3 from purchase; an asset says which. */
export const WARRANTY_BASES = ['purchase', 'acceptance', 'installation'] as const;
export type WarrantyBasis = (typeof WARRANTY_BASES)[number];

export const CUSTOMER_KINDS = ['person', 'company'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

/** Which typed attribute set an asset carries (W1 watch, vehicle, E9 equipment…). */
export const ASSET_KINDS = ['generic', 'watch', 'vehicle', 'equipment', 'machinery', 'appliance', 'property'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** W1 */
export const WATCH_MOVEMENTS = ['mechanical', 'automatic', 'quartz'] as const;
export const WATER_RESISTANCE_GRADES = [
  'none',
  'sweat_resistant',
  'water_resistant',
  '30m',
  '50m',
  '100m',
  '200m_plus',
] as const;

export const TICKET_EVENT_TYPES = [
  'created',
  'transition',
  'assigned',
  'comment',
  'attachment',
  'updated',
  /** Field work and care, as far as clocks listen to them. */
  'arrived',
  'callback',
  'loaner_requested',
  'loaner_provided',
  /** E3: the loaner lent to the ticket's customer came back to its pool (parts module). */
  'loaner_returned',
  'contractor_arrived',
  /** R3: the responsible contractor named or changed by a person, with the reason; R2/R4: its acceptance; R4: the centre's takeover. */
  'contractor_changed',
  'contractor_accepted',
  /** The contractor agreed the repair on site: scope, work quantity (工程量), cost above the R4 threshold. */
  'contractor_agreed',
  'self_repair',
  /** SLA: an extended target with its reason (C1), and what breaches did. */
  'sla_extended',
  'sla_alert',
  'escalated',
  'contractor_default',
  /** Field work: a technician's step, the work report, a signature, the clerk's receipt (M6). */
  'field_step',
  'work_report',
  'signoff',
  'delivery_received',
  'delivery_callback',
  /** The car workshop (A3, A4, A6): reception, pre-inspection, stages, QC; and rework a QC failure counts. */
  'workshop',
  'rework',
  /** H5, H6: a call to the customer and its outcome (appointments module). */
  'contact_attempt',
  /** H4: a planned visit moved to another time, with the customer's consent on record. */
  'rescheduled',
  /** C3, E1, E5, E7, W3: a quote made, sent by link, decided; a call-out marked customer-caused (billing). */
  'quote',
  /** 什么做了就收什么: the ticket charged, a line adjusted, the charge explained and signed (A6) (billing). */
  'charge',
  /** Money received on the ticket, or paid back (billing module). */
  'payment',
  /** C3, C5: a mail-in or carry-in repair's step (received, warranty decided, repaired, QC, shipped back…; billing module). */
  'rma',
  /** A repeat call about an open ticket (催单): counted on the ticket instead of a duplicate. */
  'chase',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/** SLA metrics: each is a clock with a start event, a stop event and a target (see modules/sla). */
export const SLA_METRICS = [
  /** E2: answered (accepted, or solved on the phone) within 1 h of the report. */
  'first_response',
  /** C1: from acceptance to dispatch within 4 h. */
  'accept_to_dispatch',
  /** H4, E2: from dispatch to the technician on site. */
  'dispatch_to_arrival',
  /** C1: from dispatch to completion within 6 h (8 h with a recorded reason). */
  'dispatch_to_completion',
  /** E2: from report to resolution within 24 h. */
  'resolution',
  /** H3: a callback within 3 h of a fault solved on the phone. */
  'phone_fix_callback',
  /** E3: a fault not cleared 8 h after work began… */
  'work_to_clear',
  /** E3: …gets a loaner within 48 h. */
  'loaner_delivery',
  /** R4: the responsible contractor on site within 24 h (≤ ¥1000) or 36 h. */
  'contractor_on_site',
] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** What a clock shows: not started, counting, stopped by a pause, stopped in time or late. */
export const SLA_STATES = ['pending', 'running', 'paused', 'met', 'breached', 'cancelled'] as const;
export type SlaState = (typeof SLA_STATES)[number];

/** What a breach (or a warning threshold) does. */
export const SLA_ACTIONS = ['notify', 'escalate', 'reassign', 'contractor_default', 'request_loaner'] as const;
export type SlaAction = (typeof SLA_ACTIONS)[number];
