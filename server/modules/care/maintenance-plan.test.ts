import { describe, expect, it } from 'vitest';
import { orgSettingsSchema } from '../../../shared/settings';
import { planOf, waterTestsOnTime, type PlanAsset, type PlanRecord } from './maintenance-plan';

const care = orgSettingsSchema.parse({}).care;
const noWarranty = { state: 'unknown' as const, startsOn: null, endsOn: null };
const watch = (over: Partial<PlanAsset> = {}): PlanAsset => ({
  kind: 'watch',
  movement: 'automatic',
  waterResistance: 'water_resistant',
  purchasedOn: '2024-03-10',
  startedOn: '2024-03-10',
  warranty: noWarranty,
  omContractUntil: null,
  ...over,
});
const machine = (over: Partial<PlanAsset> = {}): PlanAsset => ({
  kind: 'equipment',
  purchasedOn: '2026-01-15',
  startedOn: '2026-01-15',
  warranty: { state: 'in', startsOn: '2026-01-15', endsOn: '2028-01-14' },
  omContractUntil: null,
  ...over,
});
const find = (items: ReturnType<typeof planOf>, kind: string) => items.find((i) => i.kind === kind);

describe('maintenance plan', () => {
  it('W2: a water-resistant watch is due for a water test 12 months after the last', () => {
    const items = planOf(watch(), [{ kind: 'water_test', doneOn: '2025-03-01' }], care, '2025-12-01');
    expect(find(items, 'water_test')).toMatchObject({ dueOn: '2026-03-01', lastDoneOn: '2025-03-01', overdue: false, basis: { rule: 'W2', setting: 'care.waterTestIntervalMonths', months: 12, from: 'last_done' } });
  });

  it('W2: without a water test the first is due 12 months after purchase, and overdue after that', () => {
    const items = planOf(watch(), [], care, '2025-04-01');
    expect(find(items, 'water_test')).toMatchObject({ dueOn: '2025-03-10', lastDoneOn: null, overdue: true, basis: { from: 'purchase' } });
  });

  it('W2: a watch that is not water resistant gets no water test', () => {
    expect(find(planOf(watch({ waterResistance: 'none' }), [], care, '2025-04-01'), 'water_test')).toBeUndefined();
    expect(find(planOf(watch({ waterResistance: undefined }), [], care, '2025-04-01'), 'water_test')).toBeUndefined();
  });

  it('W2: a mechanical watch is due a full service 48 months after the last, a quartz one 60', () => {
    const records: PlanRecord[] = [{ kind: 'full_service', doneOn: '2024-06-01' }];
    // A missed water test keeps the mechanical watch at its own interval.
    const mechanical = find(planOf(watch({ movement: 'mechanical' }), records, care, '2026-01-01'), 'full_service');
    expect(mechanical).toMatchObject({ dueOn: '2028-06-01', basis: { setting: 'care.fullServiceIntervalMonthsMechanical', months: 48, stretched: false } });
    const quartz = find(planOf(watch({ movement: 'quartz' }), records, care, '2026-01-01'), 'full_service');
    expect(quartz).toMatchObject({ dueOn: '2029-06-01', basis: { setting: 'care.fullServiceIntervalMonthsOther', months: 60 } });
  });

  it('W2: a mechanical watch whose water tests were each on time may stretch its full service to 60 months', () => {
    const onTime: PlanRecord[] = [
      { kind: 'full_service', doneOn: '2022-01-10' },
      { kind: 'water_test', doneOn: '2023-01-05' },
      { kind: 'water_test', doneOn: '2024-01-04' },
      { kind: 'water_test', doneOn: '2025-01-02' },
    ];
    expect(find(planOf(watch(), onTime, care, '2025-06-01'), 'full_service')).toMatchObject({ dueOn: '2027-01-10', basis: { months: 60, stretched: true } });
    // One test a month late: back to 48 months from the last full service.
    const late: PlanRecord[] = [...onTime.slice(0, 2), { kind: 'water_test', doneOn: '2024-02-20' }, { kind: 'water_test', doneOn: '2025-02-01' }];
    expect(find(planOf(watch(), late, care, '2025-06-01'), 'full_service')).toMatchObject({ dueOn: '2026-01-10', basis: { months: 48, stretched: false } });
    // A water test overdue today also ends the stretch.
    expect(waterTestsOnTime(onTime, '2022-01-10', 12, '2026-02-01')).toBe(false);
    expect(waterTestsOnTime(onTime, '2022-01-10', 12, '2025-12-31')).toBe(true);
  });

  it('W2: a changed setting changes the interval', () => {
    const records: PlanRecord[] = [{ kind: 'water_test', doneOn: '2025-03-01' }];
    const six = { ...care, waterTestIntervalMonths: 6 };
    expect(find(planOf(watch(), records, six, '2025-04-01'), 'water_test')).toMatchObject({ dueOn: '2025-09-01', basis: { months: 6 } });
  });

  it('E4: equipment in warranty gets a maintenance visit every 3 months and 2 inspections a year', () => {
    const items = planOf(machine(), [{ kind: 'maintenance_visit', doneOn: '2026-04-20' }], care, '2026-05-01');
    expect(find(items, 'maintenance_visit')).toMatchObject({ dueOn: '2026-07-20', lastDoneOn: '2026-04-20', basis: { rule: 'E4', setting: 'care.maintenanceVisitIntervalMonths', months: 3 } });
    expect(find(items, 'inspection')).toMatchObject({ dueOn: '2026-07-15', lastDoneOn: null, basis: { rule: 'E4', setting: 'care.inspectionsPerYear', months: 6, from: 'warranty_start' } });
    const four = planOf(machine(), [], { ...care, inspectionsPerYear: 4 }, '2026-02-01');
    expect(find(four, 'inspection')).toMatchObject({ dueOn: '2026-04-15', basis: { months: 3 } });
  });

  it('E4: nothing is planned out of warranty, nor due after the warranty ends', () => {
    expect(planOf(machine({ warranty: { state: 'out', startsOn: '2020-01-01', endsOn: '2021-12-31' } }), [], care, '2026-05-01')).toEqual([]);
    const nearEnd = planOf(machine(), [{ kind: 'maintenance_visit', doneOn: '2027-12-01' }, { kind: 'inspection', doneOn: '2027-11-01' }], care, '2027-12-10');
    expect(find(nearEnd, 'maintenance_visit')).toBeUndefined();
    expect(find(nearEnd, 'inspection')).toBeUndefined();
  });

  it('E4: an asset at a site under an O&M contract is patrolled every 2 months', () => {
    const items = planOf(machine({ warranty: noWarranty, omContractUntil: '2026-12-31' }), [{ kind: 'patrol', doneOn: '2026-03-05' }], care, '2026-04-01');
    expect(items).toEqual([{ kind: 'patrol', dueOn: '2026-05-05', lastDoneOn: '2026-03-05', overdue: false, basis: { rule: 'E4', setting: 'care.patrolIntervalMonths', months: 2, from: 'last_done', stretched: false } }]);
    expect(planOf(machine({ warranty: noWarranty, omContractUntil: '2026-03-31' }), [], care, '2026-04-01')).toEqual([]);
  });
});
