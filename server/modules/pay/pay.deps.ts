import type { Db } from '../../db/client';
import type { BillingService } from '../billing';
import type { Actor, Organisation } from '../identity';
import type { FileService } from '../files';

/** What the pay module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface PayDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** M7: each order's money as of the month's end (collected, costs, net profit) and its repair warranty (M8). */
  billing: Pick<BillingService, 'ordersMoney' | 'periodMoney'>;
  /** A5: a penalty's evidence is an uploaded file. */
  files: Pick<FileService, 'get' | 'attach'>;
}

export type { Actor };
