import { describe, expect, it } from 'vitest';
import { ticketEventBody, type TicketEventBody } from '../../../shared/contracts/ticket-events';
import { TICKET_EVENT_TYPES, type TicketEventType } from '../../../shared/domain';
import { eventForExternal, publicWarrantyReason } from './event-visibility';

/*
 * One event of every type, with "INTERNAL" in every field that staff write for staff (notes,
 * reasons, who obtained what, money estimates of the organisation's own) and "SHOWN" in what a
 * customer or contractor is meant to see. Nothing marked INTERNAL may survive the filter.
 */
const U = (n: number) => `01a22ac8-0000-7000-8000-${String(n).padStart(12, '0')}`;
const SAMPLES: Record<TicketEventType, TicketEventBody> = {
  created: { type: 'created', to: 'reported', details: { channel: 'phone', priority: 'high', emergency: false, warranty: 'in', warrantyReason: 'in_period' } },
  transition: { type: 'transition', from: 'in_progress', to: 'on_hold', details: { action: 'hold', reason: 'INTERNAL: customer is difficult', holdReason: 'waiting_parts', technicianId: U(9) } },
  assigned: { type: 'assigned', details: { leadId: U(1), memberIds: [U(2)], previousLeadId: U(3) } },
  comment: { type: 'comment', details: { commentId: U(4), internal: false, excerpt: 'SHOWN: we will come tomorrow' } },
  attachment: { type: 'attachment', details: { attachmentId: U(5), fileName: 'SHOWN.jpg', contentType: 'image/jpeg', purpose: 'INTERNAL-purpose' } },
  updated: {
    type: 'updated',
    details: {
      changes: {
        description: { from: 'SHOWN old', to: 'SHOWN new' },
        estimatedValueFen: { from: 1, to: 'INTERNAL-value' },
        warrantyReason: { from: 'in_period', to: 'override:INTERNAL refuse warranty' },
        priority: { from: 'normal', to: 'INTERNAL-priority' },
      },
    },
  },
  arrived: { type: 'arrived', details: { note: 'INTERNAL: gate code 1234' } },
  callback: { type: 'callback', details: { note: 'INTERNAL: shouted at agent' } },
  loaner_requested: { type: 'loaner_requested', details: { note: 'INTERNAL', metric: 'work_to_clear' } },
  loaner_provided: { type: 'loaner_provided', details: { note: 'INTERNAL: old unit, scratched' } },
  loaner_returned: { type: 'loaner_returned', details: { loanerId: U(7), serial: 'SHOWN L-001', note: 'INTERNAL: returned dented' } },
  contractor_arrived: { type: 'contractor_arrived', details: { note: 'INTERNAL: late again' } },
  sla_extended: { type: 'sla_extended', details: { metric: 'dispatch_to_completion', reason: 'INTERNAL: no one free' } },
  sla_alert: { type: 'sla_alert', details: { metric: 'first_response', bp: 10_000, actions: ['escalate'] } },
  escalated: { type: 'escalated', details: { metric: 'first_response', bp: 10_000, to: 'supervisor' } },
  contractor_default: { type: 'contractor_default', details: { metric: 'contractor_on_site', deductionRateBp: 20_000 } },
  contractor_changed: { type: 'contractor_changed', details: { fromId: U(1), toId: U(2), reason: 'INTERNAL: wrong trade' } },
  contractor_accepted: { type: 'contractor_accepted', details: { note: 'INTERNAL: will send two' } },
  contractor_agreed: { type: 'contractor_agreed', details: { scope: '重做卫生间防水', workQuantity: '6 m²', agreedCostFen: 1_200_00, note: 'INTERNAL: cheap' } },
  self_repair: { type: 'self_repair', details: { contractorId: U(1), reason: 'INTERNAL: unreachable', clock: null } },
  field_step: { type: 'field_step', details: { kind: 'arrive', note: 'INTERNAL: dog in the yard', location: [22.5, 114.05] } },
  work_report: { type: 'work_report', details: { signerName: 'SHOWN 张伟', instructed: ['operation'] } },
  signoff: { type: 'signoff', details: { party: 'owner', signerName: 'SHOWN 张伟' } },
  delivery_received: { type: 'delivery_received', details: {} },
  delivery_callback: { type: 'delivery_callback', details: { explained: false, note: 'INTERNAL: no training given' } },
  workshop: {
    type: 'workshop',
    details: { kind: 'checkin_signed', revision: 2, signerName: 'SHOWN 刘女士', mileageKm: 18_900, damaged: ['exterior'], damagePoints: 1, correctionReason: 'INTERNAL: adviser forgot the scratch' },
  },
  rework: { type: 'rework', details: { source: 'workshop_qc', round: 1, reason: 'INTERNAL: sloppy paint', backTo: 'paint' } },
  contact_attempt: { type: 'contact_attempt', details: { attemptId: U(6), outcome: 'no_answer', note: 'INTERNAL: known troublemaker', failedCount: 1 } },
  rescheduled: {
    type: 'rescheduled',
    details: {
      visitId: U(7),
      from: { start: '2026-11-27T01:00:00.000Z', end: '2026-11-27T03:00:00.000Z', technicianId: U(1) },
      to: { start: '2026-11-28T01:00:00.000Z', end: '2026-11-28T03:00:00.000Z', technicianId: U(1) },
      reason: 'INTERNAL: technician overbooked',
      customerRequested: false,
      consent: { agreed: true, words: 'INTERNAL words', obtainedBy: { id: U(8), name: 'INTERNAL agent' }, obtainedAt: '2026-11-26T08:00:00.000Z' },
    },
  },
  // The customer sees their quote's decision, never an amount; the charge not at all.
  quote: { type: 'quote', details: { kind: 'decided', quoteId: U(9), version: 2, decision: 'approved', via: 'link', signerName: 'SHOWN 张伟' } },
  charge: { type: 'charge', details: { kind: 'adjusted', chargeId: U(10), lineNo: 1, deltaFen: 12_345, reason: 'INTERNAL: extra part', status: 'pending' } },
  payment: { type: 'payment', details: { paymentId: U(9), amountFen: -5000, method: 'wechat_pay', refund: true, reason: 'INTERNAL: goodwill' } },
  rma: { type: 'rma', details: { step: 'shipped', carrier: 'sf', trackingNumber: 'SHOWN SF1234567890', note: 'INTERNAL: scratched the case on the bench' } },
  chase: { type: 'chase', details: { count: 2, channel: 'phone', note: 'INTERNAL: caller was angry' } },
};

describe('what customers and contractors see of a ticket’s history', () => {
  it('S1: every event type is decided, and no internal note, reason, estimate or call log reaches them', () => {
    for (const type of TICKET_EVENT_TYPES) {
      const sample = SAMPLES[type];
      expect(ticketEventBody.safeParse(sample).success, `${type} sample is a valid event`).toBe(true);
      const shown = eventForExternal(sample);
      expect(JSON.stringify(shown ?? {}), type).not.toContain('INTERNAL');
      // What is shown is still a well-formed event of the same type.
      if (shown) {
        expect(shown.type).toBe(type);
        expect(ticketEventBody.safeParse(shown).success, `${type} as shown is a valid event`).toBe(true);
      }
    }
  });

  it('S1: they still see what happened to their own request: its report, its progress, their comments and signatures', () => {
    const shown = (type: TicketEventType) => JSON.stringify(eventForExternal(SAMPLES[type]));
    expect(eventForExternal(SAMPLES.transition)).toMatchObject({ type: 'transition', from: 'in_progress', to: 'on_hold', details: { action: 'hold', holdReason: 'waiting_parts' } });
    expect(eventForExternal(SAMPLES.field_step)).toEqual({ type: 'field_step', details: { kind: 'arrive' } });
    expect(eventForExternal(SAMPLES.updated)).toEqual({ type: 'updated', details: { changes: { description: { from: 'SHOWN old', to: 'SHOWN new' } } } });
    for (const type of ['comment', 'attachment', 'work_report', 'signoff', 'workshop'] as const) expect(shown(type), type).toContain('SHOWN');
    for (const type of ['assigned', 'sla_extended', 'sla_alert', 'escalated', 'contractor_default', 'contractor_changed', 'self_repair', 'contact_attempt', 'delivery_received', 'delivery_callback'] as const) {
      expect(eventForExternal(SAMPLES[type]), type).toBeNull();
    }
    expect(eventForExternal({ type: 'comment', details: { commentId: U(4), internal: true, excerpt: 'INTERNAL' } })).toBeNull();
    // The repair the contractor agreed: what and how much of it, not the cost agreed with the centre.
    expect(eventForExternal(SAMPLES.contractor_agreed)).toEqual({ type: 'contractor_agreed', details: { scope: '重做卫生间防水', workQuantity: '6 m²', agreedCostFen: null } });
  });

  it('C3: a customer sees where their unit is (received, in repair, shipped back with its tracking number), never staff notes or DOA marks', () => {
    expect(eventForExternal(SAMPLES.rma)).toEqual({ type: 'rma', details: { step: 'shipped', carrier: 'sf', trackingNumber: 'SHOWN SF1234567890' } });
    expect(eventForExternal({ type: 'rma', details: { step: 'received', carrier: 'carry_in', trackingNumber: null, note: 'INTERNAL' } })).toEqual({ type: 'rma', details: { step: 'received', carrier: 'carry_in', trackingNumber: null } });
    expect(eventForExternal({ type: 'rma', details: { step: 'repaired', outcome: 'repaired', note: 'INTERNAL' } })).toEqual({ type: 'rma', details: { step: 'repaired', outcome: 'repaired' } });
    expect(eventForExternal({ type: 'rma', details: { step: 'doa_marked', doa: true, note: 'INTERNAL fault' } })).toBeNull();
    expect(eventForExternal({ type: 'rma', details: { step: 'qc', passed: false, note: 'INTERNAL' } })).toBeNull();
  });

  it('S1: a warranty decided by a person shows as decided, without the person’s note', () => {
    expect(publicWarrantyReason('override:INTERNAL refuse warranty')).toBe('override');
    expect(publicWarrantyReason('in_period')).toBe('in_period');
    expect(publicWarrantyReason(null)).toBeNull();
  });
});
