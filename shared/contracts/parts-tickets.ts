import { z } from 'zod';
import { instant, isoDay as day, optionalText, shortText, uuid } from './common';
import { LOCATION_KINDS, OLD_PART_CONDITIONS, quantity, REQUISITION_STATUSES, serial, TICKET_PART_STATUSES } from './parts';

/**
 * Parts on a ticket (H3, E5), the technician's requisition (领料单, H7), consumption in the
 * work report and old-part returns. Quantities as in `parts.ts`: above zero, three decimals at
 * most, whole for a part counted in whole units (checked by the service).
 */

// --- parts on a ticket -----------------------------------------------------------------------

/** H3: the agent or the technician names a part the job needs; `reserve` reserves it at once (van first, then the nearest depot). */
export const proposeTicketPartBody = z.strictObject({
  partId: uuid,
  quantity,
  reserve: z.boolean().optional(),
});
export type ProposeTicketPartBody = z.infer<typeof proposeTicketPartBody>;

export const ticketPartView = z.object({
  id: uuid,
  ticketId: uuid,
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  unit: z.string(),
  serialTracked: z.boolean(),
  quantity: z.number(),
  status: z.enum(TICKET_PART_STATUSES),
  locationId: uuid.nullable(),
  locationName: z.string().nullable(),
  locationKind: z.enum(LOCATION_KINDS).nullable(),
  serial: z.string().nullable(),
  removedSerial: z.string().nullable(),
  /** E5: whether the part was charged as in warranty (nothing for the customer). */
  inWarranty: z.boolean(),
  /** What one unit cost the organisation, and what the customer pays for it (E5). */
  unitCostFen: z.number().int(),
  unitPriceFen: z.number().int(),
  costFen: z.number().int(),
  priceFen: z.number().int(),
  /** Which price applies: `warranty` (free), `customer_contract`, `contract`, `retail`. */
  priceBasis: z.enum(['warranty', 'customer_contract', 'contract', 'retail']),
  proposedByName: z.string(),
  createdAt: instant,
  version: z.number().int(),
});
export type TicketPartView = z.infer<typeof ticketPartView>;
export type PriceBasis = TicketPartView['priceBasis'];

/** A ticket's parts with their totals: what the organisation paid and what the customer pays (cancelled and returned parts count in neither). */
export const ticketPartsView = z.object({
  items: z.array(ticketPartView),
  costTotalFen: z.number().int(),
  priceTotalFen: z.number().int(),
});
export type TicketPartsView = z.infer<typeof ticketPartsView>;

export const ticketPartParams = z.object({ id: uuid, partLineId: uuid });

// --- consumption -----------------------------------------------------------------------------

/** One part used from the technician's van on the job; for a serial-tracked part, the serials fitted and the ones taken out. */
export const consumedLine = z.strictObject({
  partId: uuid,
  quantity,
  serials: z.array(serial).max(100).optional(),
  /** The serial of the part taken out of the asset, for each one fitted (a warranty replacement comes back, see old-part returns). */
  removedSerials: z.array(serial).max(100).optional(),
});
export type ConsumedLine = z.infer<typeof consumedLine>;
export const consumedLines = z.array(consumedLine).max(100);

export const consumeBody = z.strictObject({ lines: consumedLines.min(1) });
export type ConsumeBody = z.infer<typeof consumeBody>;

/** What is left in the van after the day goes back to a warehouse. */
export const vanReturnBody = z.strictObject({
  toLocationId: uuid,
  note: optionalText(),
  lines: z
    .array(z.strictObject({ partId: uuid, quantity, serials: z.array(serial).max(1000).optional() }))
    .min(1)
    .max(500),
});
export type VanReturnBody = z.infer<typeof vanReturnBody>;

/** An asset's part history: what was fitted on which job, and the serial taken out. */
export const fittedPartView = z.object({
  ticketId: uuid,
  ticketNumber: z.string(),
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  quantity: z.number(),
  unit: z.string(),
  serial: z.string().nullable(),
  removedSerial: z.string().nullable(),
  at: instant,
});
export type FittedPartView = z.infer<typeof fittedPartView>;

// --- requisitions (H7) -----------------------------------------------------------------------

export const requisitionLineBody = z.strictObject({
  partId: uuid,
  quantity,
  ticketId: uuid.nullish(),
});

export const requestRequisitionBody = z.strictObject({
  /** The day the parts are for; today by default. */
  forDay: day.optional(),
  note: optionalText(),
  lines: z.array(requisitionLineBody).min(1).max(200),
});
export type RequestRequisitionBody = z.infer<typeof requestRequisitionBody>;

/** The administrator approves, possibly fewer than asked (a line at 0 is refused), naming the warehouse it is issued from. */
export const approveRequisitionBody = z.strictObject({
  fromLocationId: uuid,
  note: optionalText(),
  lines: z
    .array(z.strictObject({ lineNo: z.number().int().min(1), quantity: z.number().min(0).max(10_000_000), serials: z.array(serial).max(1000).optional() }))
    .max(200)
    .optional(),
  /** Issue at once: approve and issue in one step (H7: one screen). */
  issue: z.boolean().optional(),
});
export type ApproveRequisitionBody = z.infer<typeof approveRequisitionBody>;

export const rejectRequisitionBody = z.strictObject({ reason: shortText(500) });

export const requisitionLineView = z.object({
  lineNo: z.number().int(),
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  unit: z.string(),
  serialTracked: z.boolean(),
  ticketId: uuid.nullable(),
  ticketNumber: z.string().nullable(),
  quantity: z.number(),
  /** Approved (before issue) or issued quantity; null until decided. */
  issuedQuantity: z.number().nullable(),
  serials: z.array(z.string()),
});

export const requisitionView = z.object({
  id: uuid,
  number: z.string(),
  technicianId: uuid,
  technicianName: z.string(),
  toLocationId: uuid,
  toLocationName: z.string(),
  fromLocationId: uuid.nullable(),
  fromLocationName: z.string().nullable(),
  forDay: day,
  status: z.enum(REQUISITION_STATUSES),
  note: z.string().nullable(),
  requestedAt: instant,
  decidedByName: z.string().nullable(),
  decidedAt: instant.nullable(),
  decisionNote: z.string().nullable(),
  issuedByName: z.string().nullable(),
  issuedAt: instant.nullable(),
  version: z.number().int(),
  lines: z.array(requisitionLineView),
});
export type RequisitionView = z.infer<typeof requisitionView>;

export const requisitionListQuery = z.object({
  status: z.enum(REQUISITION_STATUSES).optional(),
  technicianId: uuid.optional(),
  forDay: day.optional(),
});

/** The technician's day: what the van carries for each job (H7). */
export const vanView = z.object({
  location: z.object({ id: uuid, name: z.string() }).nullable(),
  stock: z.array(z.object({ partId: uuid, partNumber: z.string(), partName: z.string(), unit: z.string(), onHand: z.number(), reserved: z.number(), serials: z.array(z.string()) })),
  jobs: z.array(z.object({ ticketId: uuid, ticketNumber: z.string(), parts: z.array(ticketPartView) })),
});
export type VanView = z.infer<typeof vanView>;

// --- old-part returns ------------------------------------------------------------------------

export const oldPartReturnBody = z.strictObject({
  /** The warehouse (its returns shelf) the old part goes to. */
  locationId: uuid,
  serial: serial.nullish(),
  condition: z.enum(OLD_PART_CONDITIONS),
  note: optionalText(),
});
export type OldPartReturnBody = z.infer<typeof oldPartReturnBody>;

export const oldPartReturnView = z.object({
  id: uuid,
  ticketId: uuid,
  ticketNumber: z.string(),
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  technicianId: uuid,
  technicianName: z.string(),
  quantity: z.number(),
  /** The serial taken out of the asset, as the technician recorded it. */
  expectedSerial: z.string().nullable(),
  dueAt: instant,
  overdue: z.boolean(),
  returnedAt: instant.nullable(),
  serial: z.string().nullable(),
  condition: z.enum(OLD_PART_CONDITIONS).nullable(),
  locationName: z.string().nullable(),
  note: z.string().nullable(),
});
export type OldPartReturnView = z.infer<typeof oldPartReturnView>;

export const oldPartReturnQuery = z.object({
  state: z.enum(['open', 'overdue', 'returned', 'all']).optional(),
  technicianId: uuid.optional(),
  ticketId: uuid.optional(),
});

/** Overdue returns per technician, for the parts administrator. */
export const overdueByTechnician = z.object({
  items: z.array(z.object({ technicianId: uuid, technicianName: z.string(), count: z.number().int(), oldestDueAt: instant })),
});
