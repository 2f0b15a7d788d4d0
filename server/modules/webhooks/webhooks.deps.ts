import type { Db } from '../../db/client';
import type { Organisation } from '../identity';
import type { TicketService } from '../tickets';

/** What the webhooks module is made with (see `server/services.ts`). */
export interface WebhooksOptions {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** Ticket events become webhook events, written in the ticket's own transaction. */
  tickets: Pick<TicketService, 'onEvent' | 'contributeToCreation'>;
  /** How long a receiver has to answer. */
  requestTimeoutMs?: number;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

export interface WebhooksDeps extends Required<Omit<WebhooksOptions, 'tickets'>> {
  tickets: WebhooksOptions['tickets'];
}
