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
  /** Reference checks on a booking; the public page finds or makes the caller's record by phone. */
  customers: Pick<CustomerService, 'findCustomers' | 'createCustomer' | 'assertExists'>;
  assets: Pick<AssetService, 'assertOfCustomer'>;
  /** Whom a customer may ask for (identity's technicians). */
  staff: Pick<IdentityService, 'findTechnician' | 'findTechnicians'>;
  notify: Pick<NotifyService, 'enqueue'>;
  jobs: Pick<JobService, 'enqueue' | 'register'>;
  /**
   * How much one address may use the public booking page per window: reading the open slots
   * is cheap and done often, booking is neither.
   */
  publicLimits?: { windowMinutes: number; pages: number; bookings: number };
  /** How far ahead the public page offers slots. */
  publicDays?: number;
}

/** What every use case of the module gets: the options, with their defaults filled in. */
export interface AppointmentDeps extends Omit<AppointmentsOptions, 'publicLimits' | 'publicDays'> {
  publicLimits: NonNullable<AppointmentsOptions['publicLimits']>;
  publicDays: number;
}

export function resolveDeps(options: AppointmentsOptions): AppointmentDeps {
  return {
    ...options,
    publicLimits: options.publicLimits ?? { windowMinutes: 10, pages: 120, bookings: 10 },
    publicDays: options.publicDays ?? 14,
  };
}

/** A customer signed in reaches only their own appointments; staff reach all of the organisation's. */
export function mayReach(actor: Actor, customerId: string): boolean {
  return actor.role !== 'customer' || actor.customerId === customerId;
}
