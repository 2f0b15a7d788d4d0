import type { SignoffParty } from './contracts/fieldwork';
import type { AssetKind, TicketType } from './domain';

/**
 * Who signs a ticket off, by what it is:
 * - R8: a property repair is signed by the repair department, the owner, the supervising
 *   engineer (监理) and the project department;
 * - E8: an installation ends with an acceptance certificate signed by the customer;
 * - E10 / M6: a repair report, or a delivery report, signed by the user.
 * `required` sets must be complete before the ticket closes after a visit.
 */
export interface SignoffSet {
  code: 'r8' | 'e8' | 'e10' | 'delivery';
  parties: readonly SignoffParty[];
  required: boolean;
}

export const R8_PARTIES: readonly SignoffParty[] = ['repair_department', 'owner', 'supervising_engineer', 'project_department'];

export function signoffSetFor(ticket: { type: TicketType; assetKind: AssetKind | null }): SignoffSet {
  if (ticket.assetKind === 'property') return { code: 'r8', parties: R8_PARTIES, required: true };
  if (ticket.type === 'installation') return { code: 'e8', parties: ['customer'], required: true };
  if (ticket.type === 'delivery') return { code: 'delivery', parties: ['customer'], required: true };
  return { code: 'e10', parties: ['customer'], required: false };
}

export function missingParties(set: SignoffSet, signed: readonly SignoffParty[]): SignoffParty[] {
  return set.parties.filter((p) => !signed.includes(p));
}
