import type { Actor } from '../modules/identity';
import { can } from '../../shared/permissions';
import type { WorkOrderContent, WorkOrderSources } from '../modules/fieldwork';
import type { Services } from '../services';
import type { PdfPool } from '../pdf-pool';

/** Making a formatter for a time zone costs milliseconds of the request thread: one per zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) formatters.set(timeZone, (format = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' })));
  return format;
}

/**
 * The printed work order reads across modules (ticket, field work, signatures, files,
 * organisation); it is put together here, in one place, through each module's service.
 */
export function workOrderSources(services: Services, fontPath: string, pool: PdfPool): WorkOrderSources {
  return {
    // Off the request thread (S2); the pool's per-user limit is per account of an organisation.
    render: (actor, load, locale) => pool.render(`${actor.orgId}:${actor.userId}`, async () => ({ content: await load(), fontPath, locale })),
    async content(actor: Actor, ticketId: string): Promise<WorkOrderContent> {
      const ticket = await services.tickets.getTicket(actor, ticketId);
      const [org, day, signed, parts] = await Promise.all([
        services.identity.getOrganisation(actor.orgId),
        services.fieldwork.dayOf(actor, ticketId),
        services.fieldwork.signoffsOf(actor, ticketId),
        // The parts used, for those who may see them (a customer prints without).
        can(actor.role, 'parts.read') ? services.parts.partsOfTicket(actor, ticketId) : Promise.resolve(null),
      ]);
      const consumed = parts?.items.filter((p) => p.status === 'consumed') ?? [];
      const format = formatterFor(org.timeZone);
      const when = (d: Date | null) => (d ? format.format(d) : null);
      const names = new Map(ticket.crew.map((c) => [c.id, c.name]));
      const signoffs = await Promise.all(
        signed.items.map(async (s) => {
          let image: Buffer | null = null;
          if (s.attachmentId) {
            const file = await services.files.get(actor, s.attachmentId).catch(() => null);
            if (file && file.contentType.startsWith('image/')) image = await services.files.read(file).catch(() => null);
          }
          return { party: s.party, signerName: s.signerName, signedAt: when(s.signedAt) ?? '', image };
        }),
      );
      return {
        organisation: org.name,
        number: ticket.number,
        status: ticket.status,
        type: ticket.type,
        reportedAt: when(ticket.reportedAt) ?? '',
        completedAt: when(ticket.completedAt),
        customer: { name: ticket.customer.name, phones: ticket.customer.phones, address: ticket.address },
        asset: ticket.asset ? [ticket.asset.productName, ticket.asset.brand, ticket.asset.model, ticket.asset.plate ?? ticket.asset.serialNumber].filter(Boolean).join(' ') : null,
        description: ticket.description,
        warranty: ticket.warranty,
        crew: ticket.crew,
        report: day.report ? { faultFound: day.report.faultFound, workDone: day.report.workDone, partsUsed: day.report.partsUsed, instructed: day.report.instructed, signerName: day.report.signerName } : null,
        parts: consumed.map((p) => ({ label: [p.partNumber, p.partName, p.serial].filter(Boolean).join(' '), quantity: `${p.quantity}${p.unit}`, priceFen: p.priceFen })),
        partsPriceFen: consumed.reduce((sum, p) => sum + p.priceFen, 0),
        hours: day.entries.map((e) => ({ name: names.get(e.userId) ?? '', kind: e.kind, minutes: e.minutes, status: e.status })),
        signoffs,
        missingParties: signed.missing,
      };
    },
  };
}
