import type { MaintenanceKind, PlanBasis, PlanItemView } from '../../../shared/contracts/maintenance';
import type { AssetKind } from '../../../shared/domain';
import type { OrgSettings } from '../../../shared/settings';
import { addMonths } from '../../../shared/time';
import type { WarrantyDecision } from '../../../shared/warranty';

/*
 * The maintenance plan of one asset (W2, E4): pure, `today` is a day on the organisation's
 * calendar and every interval is a `care.*` setting.
 *
 * W2 (watches): a water test every `waterTestIntervalMonths` for a water-resistant grade (not
 * `none`), from the last water test, else the purchase; a full service every
 * `fullServiceIntervalMonthsMechanical` for mechanical and automatic movements and
 * `fullServiceIntervalMonthsOther` otherwise, from the last full service, else the purchase. A
 * mechanical watch whose water tests since its last full service were each done by their due
 * date (and none is overdue now) may stretch to the longer interval.
 * E4 (equipment, machinery, appliances, in warranty): a maintenance visit every
 * `maintenanceVisitIntervalMonths` and an inspection every 12 / `inspectionsPerYear` months, from
 * the last one, else the warranty's start; nothing due after the warranty ends. A patrol every
 * `patrolIntervalMonths` for an asset whose site is under an O&M contract on `today`.
 */

export interface PlanAsset {
  kind: AssetKind;
  /** Watch attributes (W1). */
  movement?: string | null | undefined;
  waterResistance?: string | null | undefined;
  purchasedOn: string | null;
  /** The first day it served: acceptance, else installation, else purchase. */
  startedOn: string | null;
  /** Its warranty on `today` (the assets module's `warrantyOf`). */
  warranty: Pick<WarrantyDecision, 'state' | 'startsOn' | 'endsOn'>;
  /** The last day of the O&M contract of its site, if it stands at one that has one. */
  omContractUntil: string | null;
}

export interface PlanRecord {
  kind: MaintenanceKind;
  doneOn: string;
}

export type CareSettings = OrgSettings['care'];

const EQUIPMENT_KINDS: readonly AssetKind[] = ['equipment', 'machinery', 'appliance'];
const MECHANICAL = ['mechanical', 'automatic'];

const lastOf = (records: readonly PlanRecord[], kind: MaintenanceKind): string | null =>
  records.reduce<string | null>((last, r) => (r.kind === kind && (last === null || r.doneOn > last) ? r.doneOn : last), null);

function item(kind: MaintenanceKind, lastDoneOn: string | null, fallback: { day: string | null; from: PlanBasis['from'] }, basis: Omit<PlanBasis, 'from'>, today: string): PlanItemView | null {
  const from = lastDoneOn ?? fallback.day;
  if (from === null || basis.months <= 0) return null;
  const dueOn = addMonths(from, basis.months);
  return { kind, dueOn, lastDoneOn, overdue: dueOn < today, basis: { ...basis, from: lastDoneOn ? 'last_done' : fallback.from } };
}

/**
 * W2: whether every water test since `since` was done by its due date, none is overdue on
 * `today`, and the watch is due for them at all.
 */
export function waterTestsOnTime(records: readonly PlanRecord[], since: string, intervalMonths: number, today: string): boolean {
  if (intervalMonths <= 0) return false;
  const tests = records
    .filter((r) => r.kind === 'water_test' && r.doneOn > since)
    .map((r) => r.doneOn)
    .sort();
  let due = addMonths(since, intervalMonths);
  for (const doneOn of tests) {
    if (doneOn > due) return false;
    due = addMonths(doneOn, intervalMonths);
  }
  return today <= due;
}

export function planOf(asset: PlanAsset, records: readonly PlanRecord[], care: CareSettings, today: string): PlanItemView[] {
  const items: (PlanItemView | null)[] = [];
  if (asset.kind === 'watch') {
    const waterResistant = !!asset.waterResistance && asset.waterResistance !== 'none';
    const purchase = { day: asset.purchasedOn, from: 'purchase' as const };
    if (waterResistant) {
      items.push(item('water_test', lastOf(records, 'water_test'), purchase, { rule: 'W2', setting: 'care.waterTestIntervalMonths', months: care.waterTestIntervalMonths, stretched: false }, today));
    }
    const lastFull = lastOf(records, 'full_service');
    const mechanical = MECHANICAL.includes(asset.movement ?? '');
    const since = lastFull ?? asset.purchasedOn;
    const stretched =
      mechanical && waterResistant && since !== null && care.fullServiceIntervalMonthsOther > care.fullServiceIntervalMonthsMechanical && waterTestsOnTime(records, since, care.waterTestIntervalMonths, today);
    const setting = mechanical && !stretched ? 'care.fullServiceIntervalMonthsMechanical' : 'care.fullServiceIntervalMonthsOther';
    const months = mechanical && !stretched ? care.fullServiceIntervalMonthsMechanical : care.fullServiceIntervalMonthsOther;
    items.push(item('full_service', lastFull, purchase, { rule: 'W2', setting, months, stretched }, today));
  }
  if (EQUIPMENT_KINDS.includes(asset.kind) && asset.warranty.state === 'in' && asset.warranty.endsOn) {
    const endsOn = asset.warranty.endsOn;
    const start = { day: asset.warranty.startsOn, from: 'warranty_start' as const };
    const inWarranty = (i: PlanItemView | null) => (i && i.dueOn <= endsOn ? i : null);
    items.push(
      inWarranty(item('maintenance_visit', lastOf(records, 'maintenance_visit'), start, { rule: 'E4', setting: 'care.maintenanceVisitIntervalMonths', months: care.maintenanceVisitIntervalMonths, stretched: false }, today)),
    );
    if (care.inspectionsPerYear > 0) {
      const months = Math.max(1, Math.floor(12 / care.inspectionsPerYear));
      items.push(inWarranty(item('inspection', lastOf(records, 'inspection'), start, { rule: 'E4', setting: 'care.inspectionsPerYear', months, stretched: false }, today)));
    }
  }
  if (asset.omContractUntil !== null && asset.omContractUntil >= today) {
    const patrol = item('patrol', lastOf(records, 'patrol'), { day: asset.startedOn ?? today, from: asset.startedOn ? 'start' : 'today' }, { rule: 'E4', setting: 'care.patrolIntervalMonths', months: care.patrolIntervalMonths, stretched: false }, today);
    // A patrol first owed before the site came under contract is owed now, not in the past.
    items.push(patrol && !patrol.lastDoneOn && patrol.basis.from === 'today' ? { ...patrol, dueOn: today, overdue: false } : patrol);
  }
  return items.filter((i): i is PlanItemView => i !== null);
}
