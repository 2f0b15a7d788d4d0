import type { Db } from '../../db/client';
import type { Organisation } from '../identity';
import type { TicketService } from '../tickets';
import type { JobService } from '../jobs';
import type { NotifyService } from '../notify';
import type { AssetService } from '../assets';
import type { CustomerService } from '../customers';

/** What the care module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface CareDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** The ticket a call is about, as the caller may see it (NOT_FOUND otherwise), and its history. */
  tickets: Pick<TicketService, 'getTicket' | 'recordEvent' | 'createTicket' | 'onEvent'>;
  /** Maintenance plans (W2, E4): the asset as the caller may see it, and the assets a plan may name. */
  assets: Pick<AssetService, 'getAsset' | 'plannableAssets'>;
  /** A site's O&M contract (E4: its assets are patrolled). */
  customers: Pick<CustomerService, 'findSite' | 'siteContracts'>;
  notify: Pick<NotifyService, 'enqueue'>;
  jobs: Pick<JobService, 'enqueue' | 'register'>;
}
