import type { Actor } from '../modules/identity';
import { TEST_PASSWORD, type Harness } from './harness';

/*
 * The records tests build on, made through the real services. Each call makes new ones (a
 * counter keeps names, phones and serials apart), so tests in one file do not collide.
 */

let counter = 0;
const next = () => ++counter;

/** A customer with a phone and an address (in Shenzhen unless told otherwise). */
export async function customer(h: Harness, extra: { name?: string; phone?: string; city?: string; district?: string; line?: string } = {}) {
  const n = next();
  return h.services.customers.createCustomer(h.admin, {
    name: extra.name ?? `测试客户${n}`,
    phone: extra.phone ?? `139${String(10_000_000 + n * 7919).slice(-8)}`,
    address: { city: extra.city ?? '深圳', district: extra.district ?? '福田区', line: extra.line ?? `深南大道${n}号` },
  });
}

/** An asset of a customer: a generic machine unless the kind says otherwise. */
export async function asset(h: Harness, customerId: string, extra: Partial<Parameters<Harness['services']['assets']['createAsset']>[1]> = {}) {
  const n = next();
  return h.services.assets.createAsset(h.admin, { customerId, serialNumber: `SN-T${String(n).padStart(6, '0')}`, productName: '测试设备', ...extra });
}

/** A technician (a user of that role) with a grade and employment status (M1). */
export async function technician(h: Harness, extra: { name?: string; grade?: 'junior' | 'intermediate' | 'senior'; employmentStatus?: 'apprentice' | 'trial' | 'probation' | 'regular'; team?: string } = {}) {
  const n = next();
  const user = await h.services.identity.createUser(h.orgId, {
    username: `tech_f${n}`,
    password: TEST_PASSWORD,
    name: extra.name ?? `技师${n}`,
    role: 'technician',
    grade: extra.grade ?? 'senior',
    employmentStatus: extra.employmentStatus ?? 'regular',
    team: extra.team ?? null,
  });
  const actor: Actor = { orgId: h.orgId, userId: user.id, username: user.username, name: user.name, role: 'technician', locale: null, customerId: null, contractorId: null };
  return { ...user, actor };
}

/** A reported ticket for a (new) customer; at one of its addresses when `addressId` names it. */
export async function reportedTicket(
  h: Harness,
  extra: { customerId?: string; description?: string; assetId?: string; addressId?: string; type?: 'repair' | 'installation' | 'delivery' | 'workshop' } = {},
) {
  const customerId = extra.customerId ?? (await customer(h)).id;
  const { ticket } = await h.services.tickets.createTicket(h.admin, {
    customerId,
    channel: 'phone',
    description: extra.description ?? '洗衣机不脱水',
    ...(extra.assetId ? { assetId: extra.assetId } : {}),
    ...(extra.addressId ? { addressId: extra.addressId } : {}),
    ...(extra.type ? { type: extra.type } : {}),
  });
  return ticket;
}

/** A ticket the service desk accepted: waiting in the dispatch queue. */
export async function acceptedTicket(h: Harness, extra: Parameters<typeof reportedTicket>[1] = {}) {
  const ticket = await reportedTicket(h, extra);
  return h.services.tickets.transition(h.admin, ticket.id, ticket.version, { action: 'accept' });
}

/** A ticket dispatched to a technician (made for it when none is given). */
export async function dispatchedTicket(h: Harness, extra: Parameters<typeof reportedTicket>[1] & { technicianId?: string } = {}) {
  const technicianId = extra.technicianId ?? (await technician(h)).id;
  const accepted = await acceptedTicket(h, extra);
  return h.services.tickets.transition(h.admin, accepted.id, accepted.version, { action: 'dispatch', technicianId });
}

/** A car workshop ticket (A3, A4): a workshop ticket on a vehicle. */
export async function workshopTicket(h: Harness, extra: { plate?: string } = {}) {
  const owner = await customer(h);
  const car = await asset(h, owner.id, { kind: 'vehicle', productName: '奥迪 A4L', attributes: { plate: extra.plate ?? `沪B·${String(60_000 + next())}` } });
  return reportedTicket(h, { customerId: owner.id, assetId: car.id, type: 'workshop', description: '后保险杠刮擦' });
}

/**
 * A booking for a (new) customer, taken by the administrator in a slot made for it: 09:00–11:00
 * on the day (the Monday after the harness's default clock unless told), four places.
 */
export async function bookedAppointment(h: Harness, extra: { day?: string; customerId?: string; assetId?: string; technicianId?: string; requests?: string[] } = {}) {
  const n = next();
  // A service of its own keeps the slot apart from any other made on the same day.
  const slot = await h.services.appointments.createSlot(h.admin, { day: extra.day ?? '2026-11-30', start: '09:00', end: '11:00', capacity: 4, serviceType: `测试服务${n}` });
  return h.services.appointments.book(h.admin, {
    slotId: slot.id,
    customerId: extra.customerId ?? (await customer(h)).id,
    assetId: extra.assetId ?? null,
    technicianId: extra.technicianId ?? null,
    requests: extra.requests ?? ['保养'],
    channel: 'phone',
  });
}
