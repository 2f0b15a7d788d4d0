import { and, eq, inArray } from 'drizzle-orm';
import type { Config } from './config';
import type { Database, Db } from './db/client';
import { createIdentityService } from './modules/identity/identity.service';
import { users } from './modules/identity/identity.schema';
import { createCustomerService } from './modules/customers/customers.service';
import { customers } from './modules/customers/customers.schema';
import { createAssetService } from './modules/assets/assets.service';
import { createTicketService, type TicketService } from './modules/tickets/tickets.service';
import { createFileService } from './modules/files/files.service';

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
  let tickets: TicketService | undefined;
  const customerService = createCustomerService({
    db,
    clock,
    onChanged: (tx, orgId, customerId) => tickets!.reindexTicketsOf(tx, orgId, { customerId }),
  });
  const assets = createAssetService({
    db,
    clock,
    getOrganisation: identity.getOrganisation,
    customerExists: async (tx, orgId, customerId) =>
      (await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)))).length > 0,
    onChanged: (tx, orgId, assetId) => tickets!.reindexTicketsOf(tx, orgId, { assetId }),
  });
  tickets = createTicketService({
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
  const files = createFileService({ db, dataDir: config.dataDir, maxBytes: config.maxUploadBytes, clock });
  return { identity, customers: customerService, assets, tickets, files };
}

export type Services = ReturnType<typeof createServices>;
