import { and, eq, inArray } from 'drizzle-orm';
import type { Config } from './config';
import type { Database, Db } from './db/client';
import { createIdentityService, users } from './modules/identity';
import { createCustomerService, customers } from './modules/customers';
import { createAssetService } from './modules/assets';
import { createTicketService, type TicketService } from './modules/tickets';
import { createFileService } from './modules/files';

/**
 * The composition root: every service is made here, and work that spans modules (a
 * customer's rename reaching its tickets' search) is wired here, in one place.
 */
export function createServices({ config, database, clock }: { config: Config; database: Database; clock: () => Date }) {
  const db = database.db;
  const identity = createIdentityService({
    db,
    clock,
    sessionHours: config.sessionHours,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMinutes: config.loginWindowMinutes,
  });
  // Tickets copy names and numbers of customers and assets into their search; set below.
  const ticketsRef: { service?: TicketService } = {};
  const customerService = createCustomerService({
    db,
    clock,
    onChanged: (tx, orgId, customerId) => ticketsRef.service!.reindexTicketsOf(tx, orgId, { customerId }),
  });
  const assets = createAssetService({
    db,
    clock,
    getOrganisation: identity.getOrganisation,
    customerExists: async (tx, orgId, customerId) =>
      (await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)))).length > 0,
    onChanged: (tx, orgId, assetId) => ticketsRef.service!.reindexTicketsOf(tx, orgId, { assetId }),
  });
  const tickets = createTicketService({
    db,
    clock,
    getOrganisation: identity.getOrganisation,
    customers: customerService,
    assets,
    findTechnician: async (tx: Db, orgId: string, userId: string) => {
      const [row] = await tx
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.id, userId), eq(users.active, true), inArray(users.role, ['technician', 'supervisor'])));
      return row;
    },
  });
  ticketsRef.service = tickets;
  const files = createFileService({ db, dataDir: config.dataDir, maxBytes: config.maxUploadBytes, clock });
  return { identity, customers: customerService, assets, tickets, files };
}

export type Services = ReturnType<typeof createServices>;
