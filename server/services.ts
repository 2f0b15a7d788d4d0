import type { Config } from './config';
import type { Database } from './db/client';
import { createIdentityService, systemActor } from './modules/identity';
import { createCustomerService } from './modules/customers';
import { createAssetService } from './modules/assets';
import { createTicketService } from './modules/tickets';
import { createFileService } from './modules/files';
import { createCalendarService } from './modules/calendar';
import { createJobService } from './modules/jobs';
import { createNotifyService, logChannel } from './modules/notify';
import { createSlaService } from './modules/sla';
import { createDispatchService } from './modules/dispatch';
import { createAppointmentService } from './modules/appointments';
import { createCareService } from './modules/care';
import { createSelfserviceService } from './modules/selfservice';
import { createFieldworkService } from './modules/fieldwork';
import { createWorkshopService } from './modules/workshop';
import { createPartsService } from './modules/parts';
import { createBillingService } from './modules/billing';
import { createContractorsService } from './modules/contractors';
import { createPayService } from './modules/pay';
import { createWebhooksService } from './modules/webhooks';

export interface ServiceDeps {
  config: Config;
  database: Database;
  clock: () => Date;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

/**
 * The composition root: every service is made here, each after the services it calls, so no
 * module needs another that does not exist yet. Work that reaches back (a ticket's change
 * reaching its SLA clocks, a customer's rename reaching its tickets' search, a calendar's change
 * reaching every open clock) is registered by the module that reacts, on the module that
 * changes, when it is made: see the `onEvent`, `guardTransitions`, `contributeToCreation` and
 * `onChanged` calls inside the services.
 */
export function createServices({ config, database, clock, log = () => {} }: ServiceDeps) {
  const db = database.db;
  const customers = createCustomerService({ db, clock });
  const jobs = createJobService({ db, clock, log });
  const identity = createIdentityService({
    db,
    clock,
    sessionHours: config.sessionHours,
    loginMaxFailures: config.loginMaxFailures,
    loginMaxFailuresPerAddress: config.loginMaxFailuresPerAddress,
    loginWindowMinutes: config.loginWindowMinutes,
    loginDelayMs: config.loginDelayMs,
    loginMaxDelayMs: config.loginMaxDelayMs,
    customers,
    jobs,
  });
  const { getOrganisation } = identity;
  const assets = createAssetService({ db, clock, getOrganisation, customers });
  const files = createFileService({ db, dataDir: config.dataDir, maxBytes: config.maxUploadBytes, clock });
  const notify = createNotifyService({ db, clock, channels: [logChannel(log)], getOrganisation, people: identity, customers, secrets: config.channelSecrets, listen: database.listen, log });
  const calendars = createCalendarService({ db, clock });
  const tickets = createTicketService({ db, clock, getOrganisation, staff: identity, customers, assets });
  // A ticket's new technician hears of it (the inbox and their channels).
  tickets.onEvent((tx, recorded) => notify.onTicketEvent(tx, recorded));
  const sla = createSlaService({ db, clock, calendars, getOrganisation, identity, notify, jobs, tickets, log });
  const fieldwork = createFieldworkService({ db, clock, tickets, getOrganisation, files });
  const workshop = createWorkshopService({ db, clock, getOrganisation, tickets, files, staff: identity });
  const appointments = createAppointmentService({ db, clock, getOrganisation, customers, assets, staff: identity, notify, jobs });
  const care = createCareService({ db, clock, getOrganisation, tickets, notify, jobs, assets, customers });
  const dispatch = createDispatchService({ db, clock, getOrganisation, calendars, tickets, staff: identity, sla });
  const parts = createPartsService({ db, clock, getOrganisation, products: assets, tickets, fieldwork, jobs });
  const billing = createBillingService({ db, clock, getOrganisation, tickets, parts, files, appointments });
  const selfservice = createSelfserviceService({ db, clock, getOrganisation, tickets, files, notify, care, dispatch, appointments, billing });
  const contractors = createContractorsService({ db, clock, getOrganisation, tickets, notify, sla, files, identity, fieldwork });
  // Ticket events (a new ticket, its status, an SLA breach, an approved quote) to subscribed URLs.
  const webhooks = createWebhooksService({ db, clock, getOrganisation, tickets, log });

  /** First run, or an organisation made before calendars existed: give it the default calendars and policies. */
  async function ensureOrganisationDefaults(orgId: string) {
    const admin = (await identity.findUsers(systemActor(orgId, ''), { role: 'admin', limit: 1, offset: 0 })).items[0];
    await sla.ensureDefaults(systemActor(orgId, admin?.id ?? ''));
    await care.scheduleMaintenanceReminders(orgId);
  }

  // M2 to M10: pay reads the orders' money from billing, and the other modules' published views.
  const pay = createPayService({ db, clock, getOrganisation, billing, files });
  return { identity, customers, assets, tickets, files, jobs, notify, calendars, sla, dispatch, fieldwork, workshop, appointments, care, selfservice, parts, billing, contractors, pay, webhooks, ensureOrganisationDefaults };
}

export type Services = ReturnType<typeof createServices>;
