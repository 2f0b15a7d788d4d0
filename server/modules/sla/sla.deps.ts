import type { PolicyAction, PolicyConditions, PolicyTarget } from '../../../shared/contracts/sla';
import type { Db } from '../../db/client';
import type { CalendarService } from '../calendar';
import type { IdentityService, Organisation } from '../identity';
import type { JobService } from '../jobs';
import type { NotifyService } from '../notify';
import type { TicketService } from '../tickets';

/** What the SLA module is made with (see `server/services.ts`). */
export interface SlaOptions {
  db: Db;
  clock: () => Date;
  /** Business time for the clocks; a changed calendar moves the clocks measured on it. */
  calendars: Pick<CalendarService, 'businessCalendar' | 'ensureDefaults' | 'invalidate' | 'getCalendar' | 'onChanged'>;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** The settings the template policies are made from: they follow a change (issue 7). */
  identity: Pick<IdentityService, 'onSettingsChanged'>;
  notify: Pick<NotifyService, 'enqueue'>;
  jobs: Pick<JobService, 'enqueue' | 'register' | 'latest'>;
  /** The clocks follow every ticket's history: the SLA module subscribes to it when made. */
  tickets: Pick<
    TicketService,
    | 'historiesOf'
    | 'recordEvent'
    | 'systemReassign'
    | 'findOpenTicketIds'
    | 'countOpenTickets'
    | 'ticketNumbers'
    | 'assertVisible'
    | 'onEvent'
    | 'contributeToCreation'
  >;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

/** A policy as the clocks use it. */
export interface Policy {
  id: string;
  name: string;
  template: string | null;
  rank: number;
  active: boolean;
  conditions: PolicyConditions;
  calendarId: string | null;
  targets: PolicyTarget[];
  actions: PolicyAction[];
  version: number;
}

/** A policy as the API lists it (`policyView`): with whether it still follows the settings. */
export type ListedPolicy = Policy & { followsSettings: boolean | null };

/** An organisation's policies, read once for a while (policies.ts). */
export interface PolicyCache {
  /** Reads through `tx` when given: on PGlite a read outside the open transaction would wait for it. */
  of(orgId: string, tx?: Db): Promise<Policy[]>;
  forget(orgId: string): void;
}

/** What every use case of the module gets: the options, resolved, and the policy cache. */
export interface SlaDeps extends Omit<SlaOptions, 'log'> {
  log: NonNullable<SlaOptions['log']>;
  policies: PolicyCache;
}
