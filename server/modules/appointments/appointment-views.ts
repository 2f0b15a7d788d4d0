import type { AppointmentView, SlotTemplateView, SlotView } from '../../../shared/contracts/appointments';
import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import * as repo from './appointments.repository';

/** Service and team are stored as '' for "any" (it keeps the slot key unique without nulls); views say null. */
export const orNull = (v: string) => (v === '' ? null : v);

export function toTemplateView(row: repo.TemplateRow): SlotTemplateView {
  return {
    id: row.id,
    name: row.name,
    serviceType: orNull(row.serviceType),
    team: orNull(row.team),
    weekdays: row.weekdays,
    windows: row.windows,
    active: row.active,
    version: row.version,
  };
}

export function toSlotView(row: repo.SlotRow): SlotView {
  return {
    id: row.id,
    day: row.slotOn,
    start: row.startTime,
    end: row.endTime,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    serviceType: orNull(row.serviceType),
    team: orNull(row.team),
    capacity: row.capacity,
    booked: row.booked,
    open: row.open,
    version: row.version,
  };
}

function assetLabel(d: repo.AppointmentDetail): string | null {
  if (!d.appointment.assetId) return null;
  return [d.assetProduct, d.assetPlate ?? d.assetSerial].filter(Boolean).join(' · ');
}

export function toAppointmentView(d: repo.AppointmentDetail): AppointmentView {
  const a = d.appointment;
  return {
    id: a.id,
    status: a.status,
    channel: a.channel,
    slot: {
      id: d.slot.id,
      day: d.slot.slotOn,
      start: d.slot.startTime,
      end: d.slot.endTime,
      startsAt: d.slot.startsAt,
      endsAt: d.slot.endsAt,
      serviceType: orNull(d.slot.serviceType),
      team: orNull(d.slot.team),
    },
    customer: { id: a.customerId, name: d.customerName },
    contactName: a.contactName,
    contactPhone: a.contactPhone,
    asset: a.assetId ? { id: a.assetId, label: assetLabel(d) ?? '' } : null,
    requests: a.requests,
    technician: a.technicianId ? { id: a.technicianId, name: d.technicianName ?? '' } : null,
    note: a.note,
    discountBp: a.discountBp,
    ticket: a.ticketId ? { id: a.ticketId, number: d.ticketNumber ?? '', status: d.ticketStatus ?? 'reported' } : null,
    bookedAt: a.bookedAt,
    arrivedAt: a.arrivedAt,
    doneAt: a.doneAt,
    cancelledAt: a.cancelledAt,
    cancelReason: a.cancelReason,
    createdBy: a.createdBy ? { id: a.createdBy, name: d.creatorName ?? '' } : null,
    version: a.version,
  };
}

/** One appointment as the board and the read-back show it; NOT_FOUND when there is none. */
export async function loadView(db: Db, orgId: string, id: string): Promise<AppointmentView> {
  const [detail] = await repo.findAppointmentDetails(db, orgId, { ids: [id] });
  if (!detail) throw notFound();
  return toAppointmentView(detail);
}
