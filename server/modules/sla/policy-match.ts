import type { TicketFacts } from '../../../shared/ticket-facts';
import type { PolicyConditions } from '../../../shared/contracts/sla';

const within = <T>(list: readonly T[] | undefined, value: T | null) => !list || list.length === 0 || (value !== null && list.includes(value));

export function matches(conditions: PolicyConditions, f: TicketFacts): boolean {
  if (!within(conditions.priorities, f.priority)) return false;
  if (!within(conditions.channels, f.channel)) return false;
  if (!within(conditions.types, f.type)) return false;
  if (!within(conditions.assetKinds, f.assetKind)) return false;
  if (!within(conditions.productCategories, f.productCategory)) return false;
  if (!within(conditions.customerIds, f.customerId)) return false;
  if (!within(conditions.warranty, f.warranty)) return false;
  if (conditions.emergency !== undefined && conditions.emergency !== f.emergency) return false;
  if (conditions.hasContractor !== undefined && conditions.hasContractor !== f.hasContractor) return false;
  if (conditions.minValueFen !== undefined && (f.estimatedValueFen ?? 0) < conditions.minValueFen) return false;
  if (conditions.maxValueFen !== undefined && (f.estimatedValueFen ?? 0) > conditions.maxValueFen) return false;
  return true;
}

/** The active policy of lowest rank whose conditions the ticket meets. */
export function choosePolicy<P extends { rank: number; active: boolean; conditions: PolicyConditions }>(policies: P[], facts: TicketFacts): P | undefined {
  return [...policies].filter((p) => p.active).sort((a, b) => a.rank - b.rank).find((p) => matches(p.conditions, facts));
}
