import type { PriceBasis } from '../../../shared/contracts/parts-tickets';
import type { WarrantyState } from '../../../shared/domain';

/**
 * E5: what one unit of a part costs the customer on a ticket. In warranty nothing (unless people
 * caused the damage, E1: billed). Out of warranty, the price agreed with the customer for that
 * part; else, when the customer has a contract, the part's contract price; else retail.
 *
 * "Has a contract": the customer has at least one agreed price (`part_contract_prices`); there is
 * no other record of a service contract, and a customer with agreed prices is one the
 * organisation has a contract with. A warranty still `unknown` is charged as out of warranty
 * until it is decided (the price is fixed only when the part is consumed).
 */
export function priceOf(
  part: { id: string; retailPriceFen: number; contractPriceFen: number | null },
  ticket: { warranty: WarrantyState; humanDamage: boolean },
  contract: ReadonlyMap<string, number>,
): { basis: PriceBasis; unitPriceFen: number } {
  if (ticket.warranty === 'in' && !ticket.humanDamage) return { basis: 'warranty', unitPriceFen: 0 };
  const agreed = contract.get(part.id);
  if (agreed !== undefined) return { basis: 'customer_contract', unitPriceFen: agreed };
  if (contract.size > 0 && part.contractPriceFen !== null) return { basis: 'contract', unitPriceFen: part.contractPriceFen };
  return { basis: 'retail', unitPriceFen: part.retailPriceFen };
}
