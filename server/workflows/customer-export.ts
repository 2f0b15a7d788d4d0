import type { Readable } from 'node:stream';
import { z } from 'zod';
import { normalizePhone } from '../../shared/phone';
import { enumLabel, t, type Locale } from '../../shared/i18n';
import { localDate } from '../../shared/time';
import { actorOf } from '../http/auth';
import type { Api } from '../http/common';
import { requestLocale } from '../http/locale';
import { EXPORT_PAGE, sendXlsx, streamSheet } from '../http/xlsx';
import type { Actor, IdentityService } from '../modules/identity';
import type { CustomerService } from '../modules/customers';

export interface CustomerExportDeps {
  customers: Pick<CustomerService, 'customerPages'>;
  identity: Pick<IdentityService, 'getOrganisation'>;
}

/** The customers list under the same search, as Excel, read by keyset and written as it is read; days in the organisation's zone. */
export async function exportCustomers(deps: CustomerExportDeps, actor: Actor, locale: Locale, filter: { q?: string | undefined; phone?: string | undefined }): Promise<Readable> {
  const { timeZone } = await deps.identity.getOrganisation(actor.orgId);
  const separator = t(locale, 'common.listSeparator');
  async function* rows() {
    for await (const page of deps.customers.customerPages(actor, filter, EXPORT_PAGE)) {
      yield page.map((c) => ({
        name: c.name,
        kind: enumLabel(locale, 'customerKind', c.kind),
        companyName: c.companyName ?? '',
        phones: c.phones.map((p) => p.phone).join(separator),
        address: c.addresses[0]?.full ?? '',
        email: c.email ?? '',
        createdAt: localDate(c.createdAt, timeZone),
      }));
    }
  }
  return streamSheet(
    t(locale, 'nav.customers'),
    [
      { key: 'name', header: t(locale, 'customer.name'), width: 20 },
      { key: 'kind', header: t(locale, 'customer.kind'), width: 8 },
      { key: 'companyName', header: t(locale, 'customer.companyName'), width: 24 },
      { key: 'phones', header: t(locale, 'customer.phones'), width: 28 },
      { key: 'address', header: t(locale, 'customer.address'), width: 40 },
      { key: 'email', header: t(locale, 'customer.email'), width: 24 },
      { key: 'createdAt', header: t(locale, 'common.createdAt'), width: 12 },
    ],
    rows(),
  );
}

export function customerExportRoutes(api: Api, deps: CustomerExportDeps) {
  api.get('/api/v1/customers/export.xlsx', {
    config: { permission: 'customers.read' },
    schema: {
      tags: ['customers'],
      summary: 'Every customer the list shows under the same search, as Excel (streamed, no row cap)',
      querystring: z.object({ q: z.string().trim().max(100).optional(), phone: z.string().max(40).optional() }),
    },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const { q, phone } = request.query;
      const stream = await exportCustomers(deps, actorOf(request), locale, { q: q || undefined, phone: phone ? normalizePhone(phone) : undefined });
      return sendXlsx(reply, t(locale, 'nav.customers'), stream);
    },
  });
}
