import { ROLE_GRANTS } from '../../../shared/permissions';
import type { Db } from '../../db/client';
import type { Actor, IdentityService, Organisation } from '../identity';
import type { CustomerService } from '../customers';
import type { AssetService } from '../assets';
import type { TicketHooks } from './ticket-hooks';
import type { Visibility } from './tickets.repository';

/** What the tickets module is made with (see `server/services.ts`). */
export interface TicketsOptions {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** Who counts as a technician, for leads and crews (identity's one definition). */
  staff: Pick<IdentityService, 'findTechnician'>;
  /** Reference checks on edits; a customer's or asset's change reindexes its tickets' search. */
  customers: Pick<CustomerService, 'assertAddressOf' | 'onChanged'>;
  assets: Pick<AssetService, 'assertOfCustomer' | 'onChanged'>;
  /** The largest total a list counts exactly. */
  countLimit?: number;
  /**
   * The same for a search. A common word matches a large share of all tickets; counting ten
   * thousand of them took 100 ms at a million tickets, a thousand takes 10 ms, and nobody pages
   * past a thousand search results: they search more precisely.
   */
  searchCountLimit?: number;
}

/** What every use case of the module gets: the options, resolved, and the extension points. */
export interface TicketDeps extends Omit<TicketsOptions, 'countLimit' | 'searchCountLimit'> {
  hooks: TicketHooks;
  countLimit: number;
  searchCountLimit: number;
}

/** Who writes an event: a person, or the system itself (SLA alerts, reassignment). */
export type Recorder = Pick<Actor, 'orgId'> & { userId: string | null };

export function visibilityOf(actor: Actor): Visibility {
  return {
    orgId: actor.orgId,
    scope: ROLE_GRANTS[actor.role].ticketScope,
    userId: actor.userId,
    customerId: actor.customerId,
    contractorId: actor.contractorId,
  };
}

/** The system sees every ticket of the organisation. */
export function systemVisibility(orgId: string): Visibility {
  return { orgId, scope: 'all', userId: '', customerId: null, contractorId: null };
}
