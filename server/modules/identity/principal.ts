import type { Role } from '../../../shared/domain';
import type { Locale } from '../../../shared/i18n';

/** Who is acting: every service call is made on behalf of one, and scoped to its organisation. */
export interface Actor {
  orgId: string;
  userId: string;
  username: string;
  name: string;
  role: Role;
  locale: Locale | null;
  customerId: string | null;
  contractorId: string | null;
  /** Signed in with a password an administrator reset: nothing but setting a new one until then. */
  mustChangePassword?: boolean;
}

/** For work the system does itself (first run, demo data, jobs). */
export function systemActor(orgId: string, userId: string): Actor {
  return { orgId, userId, username: 'system', name: 'system', role: 'admin', locale: null, customerId: null, contractorId: null };
}

/**
 * Customers and contractors act from outside the organisation: they see and may say less
 * (no internal notes, no triage fields). One definition, read everywhere that decides so.
 */
export function isExternal(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'customer' || actor.role === 'contractor';
}
