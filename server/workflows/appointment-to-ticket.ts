import type { AppointmentView } from '../../shared/contracts/appointments';
import { AppError } from '../errors';
import type { Actor } from '../modules/identity';
import type { AppointmentService, ConversionChoices, TicketConversion } from '../modules/appointments';
import type { CustomerService } from '../modules/customers';
import type { TicketService } from '../modules/tickets';

/** What turning an appointment into a ticket reads and writes, module by module. */
export interface AppointmentToTicketDeps {
  appointments: Pick<AppointmentService, 'ticketSource' | 'linkTicket'>;
  customers: Pick<CustomerService, 'getCustomer'>;
  tickets: Pick<TicketService, 'createTicket'>;
}

/**
 * The customer is here: the visit becomes a ticket (through the tickets module, so it gets its
 * number, warranty and clocks), linked both ways. The appointment's id is the ticket's
 * idempotency key, so a second click or a retry after a failure finds the same ticket.
 */
export async function convertAppointmentToTicket(deps: AppointmentToTicketDeps, actor: Actor, id: string, choices: ConversionChoices): Promise<AppointmentView> {
  const found = await deps.appointments.ticketSource(actor, id);
  if ('converted' in found) return found.converted;
  const { source } = found;
  const customer = await deps.customers.getCustomer(actor, source.customerId);
  const address = customer.addresses.find((a) => a.isDefault && !a.invalidAt) ?? customer.addresses.find((a) => !a.invalidAt);
  const lines = [...source.requests, ...(source.note ? [source.note] : [])];
  let ticketId: string;
  try {
    const { ticket } = await deps.tickets.createTicket(
      actor,
      {
        customerId: source.customerId,
        assetId: source.assetId,
        addressId: address?.id ?? null,
        channel: source.channel === 'web' ? 'web' : 'phone',
        description: lines.join('\n').slice(0, 4000),
        type: choices.type,
        priority: choices.priority,
        contactName: source.contactName,
        contactPhone: source.contactPhone,
      },
      `appointment:${id}`,
    );
    ticketId = ticket.id;
  } catch (error) {
    // Another agent turned it into a ticket at the same moment: theirs is the one.
    if (error instanceof AppError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
      const again = await deps.appointments.ticketSource(actor, id).catch(() => null);
      if (again && 'converted' in again) return again.converted;
      throw new AppError('ALREADY_EXISTS');
    }
    throw error;
  }
  return deps.appointments.linkTicket(actor, id, ticketId);
}

/** The conversion as the appointments routes take it, made from the services. */
export function appointmentToTicket(deps: AppointmentToTicketDeps): TicketConversion {
  return { convertToTicket: (actor, id, choices) => convertAppointmentToTicket(deps, actor, id, choices) };
}
