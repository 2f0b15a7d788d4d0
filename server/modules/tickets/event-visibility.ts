import type { EventOf, TicketEventBody } from '../../../shared/contracts/ticket-events';

/**
 * What a customer or a contractor may see of a ticket's history (S1). An allow-list, decided
 * per event type and per field, in this one place: an event type not named here is hidden,
 * and a field not copied here is dropped. Staff notes, reasons, call logs, SLA bookkeeping,
 * money estimates and who-obtained-what stay inside the organisation.
 */
export function eventForExternal(event: TicketEventBody): TicketEventBody | null {
  switch (event.type) {
    case 'created': {
      const { channel, priority, emergency, warranty, warrantyReason } = event.details;
      return { type: 'created', to: event.to, details: { channel, priority, emergency, warranty, warrantyReason: publicWarrantyReason(warrantyReason) } };
    }
    case 'transition':
      // What happened and where the ticket went; not the reason someone typed, nor who was sent.
      return {
        type: 'transition',
        from: event.from,
        to: event.to,
        details: { action: event.details.action, ...(event.details.holdReason ? { holdReason: event.details.holdReason } : {}) },
      };
    case 'comment':
      // Internal comments never reach here (their rows are filtered before); the excerpt is what the comment says.
      return event.details.internal ? null : event;
    case 'attachment':
      return { type: 'attachment', details: { attachmentId: event.details.attachmentId, fileName: event.details.fileName, contentType: event.details.contentType } };
    case 'updated':
      return externalUpdate(event);
    case 'chase':
      // That the customer chased and which time; not what the agent wrote down.
      return { type: 'chase', details: { count: event.details.count, channel: event.details.channel } };
    case 'arrived':
    case 'callback':
    case 'loaner_provided':
    case 'contractor_arrived':
      return { type: event.type, details: {} };
    case 'contractor_accepted':
      return { type: 'contractor_accepted', details: {} };
    case 'contractor_agreed':
      // What will be done and how much of it; the agreed cost stays between the centre and the contractor.
      return { type: 'contractor_agreed', details: { scope: event.details.scope, workQuantity: event.details.workQuantity, agreedCostFen: null } };
    case 'loaner_returned':
      // That it came back, and which unit; not the note.
      return { type: 'loaner_returned', details: { loanerId: event.details.loanerId, serial: event.details.serial } };
    case 'field_step':
      // The technician set off, arrived, started…; not where the phone was, nor their notes.
      return { type: 'field_step', details: { kind: event.details.kind } };
    case 'work_report':
      return { type: 'work_report', details: { signerName: event.details.signerName, instructed: event.details.instructed } };
    case 'signoff':
      return event;
    case 'workshop':
      return externalWorkshop(event);
    case 'rework':
      return { type: 'rework', details: { source: event.details.source, round: event.details.round, reason: '', backTo: event.details.backTo } };
    case 'rescheduled':
      // The old and new time of the visit, and whether it was the customer's wish.
      return {
        type: 'rescheduled',
        details: { visitId: event.details.visitId, from: event.details.from, to: event.details.to, reason: null, customerRequested: event.details.customerRequested, consent: null },
      };
    case 'quote':
      // The customer sees that their quote was decided, and how; never an amount.
      return event.details.kind === 'decided'
        ? { type: 'quote', details: { kind: 'decided', quoteId: event.details.quoteId, version: event.details.version, decision: event.details.decision, via: event.details.via, signerName: event.details.signerName } }
        : null;
    case 'payment':
      // The customer sees what they paid or were paid back, and how; not the staff's reason.
      return { type: 'payment', details: { paymentId: event.details.paymentId, amountFen: event.details.amountFen, method: event.details.method, refund: event.details.refund } };
    case 'rma':
      return externalRma(event);
    // Inside the organisation only: assignments, SLA bookkeeping, calls, the clerk's receipt and callback;
    // who is responsible (R3) and why the centre took the job over (R4) are its own decisions; the charge's amounts.
    case 'charge':
    case 'assigned':
    case 'loaner_requested':
    case 'sla_extended':
    case 'sla_alert':
    case 'escalated':
    case 'contractor_default':
    case 'contractor_changed':
    case 'self_repair':
    case 'delivery_received':
    case 'delivery_callback':
    case 'contact_attempt':
      return null;
  }
}

/** A person's override carries their note (`override:<note>`); outside, only that it was decided. */
export function publicWarrantyReason(reason: string): string;
export function publicWarrantyReason(reason: string | null): string | null;
export function publicWarrantyReason(reason: string | null): string | null {
  return reason?.startsWith('override:') ? 'override' : reason;
}

/** Fields of a ticket whose edits a customer may see, as they see the fields themselves. */
const EXTERNAL_FIELDS = new Set(['description', 'contactName', 'contactPhone', 'assetId', 'addressId', 'type', 'warranty']);

function externalUpdate(event: EventOf<'updated'>): TicketEventBody | null {
  const changes = Object.fromEntries(Object.entries(event.details.changes).filter(([field]) => EXTERNAL_FIELDS.has(field)));
  return Object.keys(changes).length ? { type: 'updated', details: { changes } } : null;
}

function externalWorkshop(event: EventOf<'workshop'>): TicketEventBody {
  const d = event.details;
  switch (d.kind) {
    case 'checkin_correction':
      // The customer signs the corrected check-in again; why staff corrected it is theirs.
      return { type: 'workshop', details: { kind: d.kind, revision: d.revision, reason: '' } };
    case 'checkin_signed': {
      const { correctionReason: _internal, ...shown } = d;
      return { type: 'workshop', details: shown };
    }
    default:
      // Findings with their estimates (the customer approves them), stages, QC, the delivery talk.
      return event;
  }
}

/**
 * C3: the customer follows their unit: received, the warranty decision, in repair, QC, shipped
 * back with its tracking number, an advance replacement on its way. Not staff notes, DOA marks
 * or deposits.
 */
function externalRma(event: EventOf<'rma'>): TicketEventBody | null {
  const d = event.details;
  switch (d.step) {
    case 'received':
    case 'shipped':
    case 'advance_shipped':
      return { type: 'rma', details: { step: d.step, ...(d.carrier ? { carrier: d.carrier } : {}), trackingNumber: d.trackingNumber ?? null, ...(d.dueOn ? { dueOn: d.dueOn } : {}) } };
    case 'warranty_decided':
      return {
        type: 'rma',
        details: {
          step: d.step,
          ...(d.warranty ? { warranty: d.warranty } : {}),
          ...(d.warrantyReason ? { warrantyReason: publicWarrantyReason(d.warrantyReason) } : {}),
          ...(d.warrantyEndsOn !== undefined ? { warrantyEndsOn: d.warrantyEndsOn } : {}),
        },
      };
    case 'repaired':
      return { type: 'rma', details: { step: d.step, ...(d.outcome ? { outcome: d.outcome } : {}) } };
    case 'qc':
      // That it was checked; a failure only sends it back to repair.
      return d.passed ? { type: 'rma', details: { step: d.step, passed: true } } : null;
    case 'closed':
    case 'advance_closed':
      return { type: 'rma', details: { step: d.step } };
    case 'photo':
    case 'doa_marked':
      return null;
  }
}
