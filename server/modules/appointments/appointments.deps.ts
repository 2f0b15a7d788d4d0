import type { Db } from '../../db/client';
import type { Actor, IdentityService, Organisation } from '../identity';
import type { CustomerService } from '../customers';
import type { AssetService } from '../assets';
import type { JobService } from '../jobs';
import type { NotifyService } from '../notify';

/** What the appointments module is made with (see `server/services.ts`). */
export interface AppointmentsOptions {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /**
   * Reference checks on a booking; the customers with a booking request's phone, suggested to
   * staff; the new customer staff make when confirming a request for someone unknown (S5).
   */
  customers: Pick<CustomerService, 'findCustomers' | 'createCustomer' | 'assertExists'>;
  assets: Pick<AssetService, 'assertOfCustomer'>;
  /** Whom a customer may ask for (identity's technicians). */
  staff: Pick<IdentityService, 'findTechnician' | 'findTechnicians'>;
  notify: Pick<NotifyService, 'enqueue'>;
  jobs: Pick<JobService, 'enqueue' | 'register'>;
}

/** What every use case of the module gets. The public page's limits are organisation settings (`appointments.public*`). */
export type AppointmentDeps = AppointmentsOptions;

export function resolveDeps(options: AppointmentsOptions): AppointmentDeps {
  return options;
}

/** A customer signed in reaches only their own appointments; staff reach all of the organisation's. */
export function mayReach(actor: Actor, customerId: string): boolean {
  return actor.role !== 'customer' || actor.customerId === customerId;
}
