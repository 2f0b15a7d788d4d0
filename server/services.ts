import { and, eq, inArray } from 'drizzle-orm';
import type { Config } from './config';
import type { Database, Db } from './db/client';
import { createIdentityService, systemActor, users } from './modules/identity';
import { createCustomerService, customers } from './modules/customers';
import { createAssetService } from './modules/assets';
import { createTicketService, type TicketService } from './modules/tickets';
import { createFileService } from './modules/files';
import { createCalendarService } from './modules/calendar';
import { createJobService } from './modules/jobs';
import { createNotifyService, logChannel } from './modules/notify';
import { createSlaService, type SlaService } from './modules/sla';
import { createDispatchService } from './modules/dispatch';
import { mayLead } from '../shared/dispatch';
import { createAppointmentService, createContactService } from './modules/appointments';
import { createFieldworkService, type FieldworkService } from './modules/fieldwork';
import { createWorkshopService, type WorkshopService } from './modules/workshop';

export interface ServiceDeps {
  config: Config;
  database: Database;
  clock: () => Date;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

/**
 * The composition root: every service is made here, and work that spans modules is wired
 * here, in one place: a customer's rename reaching its tickets' search, a ticket's change
 * reaching its SLA clocks, a calendar's change reaching every open ticket's clocks.
 */
export function createServices({ config, database, clock, log = () => {} }: ServiceDeps) {
  const db = database.db;
  const identity = createIdentityService({
    db,
    clock,
    sessionHours: config.sessionHours,
    loginMaxFailures: config.loginMaxFailures,
    loginMaxFailuresPerAddress: config.loginMaxFailuresPerAddress,
    loginWindowMinutes: config.loginWindowMinutes,
    loginDelayMs: config.loginDelayMs,
    loginMaxDelayMs: config.loginMaxDelayMs,
  });
  // Set once every service exists: the hooks below call across modules.
  const late: { tickets?: TicketService; sla?: SlaService; fieldwork?: FieldworkService; workshop?: WorkshopService } = {};
  const customerService = createCustomerService({
    db,
    clock,
    onChanged: (tx, orgId, customerId) => late.tickets!.reindexTicketsOf(tx, orgId, { customerId }),
  });
  const assets = createAssetService({
    db,
    clock,
    getOrganisation: identity.getOrganisation,
    customerExists: async (tx, orgId, customerId) =>
      (await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)))).length > 0,
    onChanged: (tx, orgId, assetId) => late.tickets!.reindexTicketsOf(tx, orgId, { assetId }),
  });
  const tickets = createTicketService({
    db,
    clock,
    getOrganisation: identity.getOrganisation,
    customers: customerService,
    assets,
    findTechnician: async (tx: Db, orgId: string, userId: string) => {
      const [row] = await tx
        .select({ id: users.id, name: users.name, employmentStatus: users.employmentStatus })
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.id, userId), eq(users.active, true), inArray(users.role, ['technician', 'supervisor'])));
      // M1: the profile's employment status decides who may lead (trainees go as crew).
      return row && { id: row.id, name: row.name, mayLead: mayLead(row.employmentStatus) };
    },
    onChanged: (tx, orgId, ticketId, now, history) => late.sla!.onTicketChanged(tx, orgId, ticketId, now, history),
    derivedOnCreate: (orgId, history, now) => late.sla!.insertsForNewTicket(orgId, history, now),
    beforeClose: (tx, orgId, ticketId) => late.fieldwork!.assertSignedOff(tx, orgId, ticketId),
    beforeTransition: (tx, actor, ticket, action) => late.workshop!.beforeTicketTransition(tx, actor, ticket, action),
  });
  late.tickets = tickets;
  const files = createFileService({ db, dataDir: config.dataDir, maxBytes: config.maxUploadBytes, clock });
  const jobs = createJobService({ db, clock, log });
  const notify = createNotifyService({ db, clock, channels: [logChannel(log)] });
  const calendars = createCalendarService({ db, clock, onChanged: async (orgId, reason) => void (await late.sla!.scheduleRecompute(orgId, reason)) });
  const sla = createSlaService({ db, clock, calendars, getOrganisation: identity.getOrganisation, notify, jobs, tickets, log });
  late.sla = sla;
  const fieldwork = createFieldworkService({
    db,
    clock,
    tickets,
    getOrganisation: identity.getOrganisation,
    attachmentOnTicket: files.onTicket,
  });
  late.fieldwork = fieldwork;
  const workshop = createWorkshopService({ db, clock, getOrganisation: identity.getOrganisation, tickets, files });
  late.workshop = workshop;
  const appointments = createAppointmentService({ db, clock, getOrganisation: identity.getOrganisation, customers: customerService, tickets, notify, jobs });
  const contacts = createContactService({ db, clock, getOrganisation: identity.getOrganisation, tickets, notify, jobs });

  const dispatch = createDispatchService({ db, clock, getOrganisation: identity.getOrganisation, calendars, tickets, badges: sla.badgesFor });

  /** First run, or an organisation made before calendars existed: give it the default calendars and policies. */
  async function ensureOrganisationDefaults(orgId: string) {
    const admin = (await identity.findUsers(systemActor(orgId, ''), { role: 'admin', limit: 1, offset: 0 })).items[0];
    await sla.ensureDefaults(systemActor(orgId, admin?.id ?? ''));
  }

  return { identity, customers: customerService, assets, tickets, files, jobs, notify, calendars, sla, dispatch, fieldwork, workshop, appointments, contacts, ensureOrganisationDefaults };
}

export type Services = ReturnType<typeof createServices>;
