import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths } from './time';
import { decideWarranty, defaultBasis, type WarrantyTerms } from './warranty';

const terms = (t: Partial<WarrantyTerms>): WarrantyTerms => ({
  basis: 'purchase',
  purchasedOn: null,
  installedOn: null,
  acceptedOn: null,
  warrantyMonths: null,
  ...t,
});

describe('warranty', () => {
  it('E1: runs from the acceptance date, 2 years by default', () => {
    const t = terms({ basis: 'acceptance', purchasedOn: '2023-01-10', acceptedOn: '2024-03-01' });
    expect(decideWarranty(t, '2026-02-28', 24)).toMatchObject({ state: 'in', endsOn: '2026-02-28' });
    expect(decideWarranty(t, '2026-03-01', 24)).toMatchObject({ state: 'out', reason: 'expired' });
  });

  it('E1: damage caused by people is out of warranty even inside the period', () => {
    const t = terms({ basis: 'acceptance', acceptedOn: '2026-01-01' });
    expect(decideWarranty(t, '2026-06-01', 24, true)).toMatchObject({ state: 'out', reason: 'human_damage' });
  });

  it('C3: a mail-in repair is decided from the proof of purchase date', () => {
    const t = terms({ basis: 'purchase', purchasedOn: '2025-12-15', warrantyMonths: 12 });
    expect(decideWarranty(t, '2026-12-14', 24)).toMatchObject({ state: 'in' });
    expect(decideWarranty(t, '2026-12-15', 24)).toMatchObject({ state: 'out' });
  });

  it('says unknown, not out, when the start date is missing', () => {
    expect(decideWarranty(terms({ basis: 'acceptance', purchasedOn: '2025-01-01' }), '2026-01-01', 24)).toMatchObject({
      state: 'unknown',
      reason: 'no_start_date',
    });
  });

  it('counts months to the end of shorter months', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
    const t = terms({ purchasedOn: '2024-01-31', warrantyMonths: 1 });
    expect(decideWarranty(t, '2024-02-28', 24).state).toBe('in');
  });

  it('picks the most specific date an asset has as its basis', () => {
    expect(defaultBasis({ acceptedOn: '2026-01-01', installedOn: '2025-12-01' })).toBe('acceptance');
    expect(defaultBasis({ installedOn: '2025-12-01' })).toBe('installation');
    expect(defaultBasis({})).toBe('purchase');
  });

  it('is in warranty exactly on the days from the start to the end, for any dates', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 120 }), (start, today, months) => {
        const decision = decideWarranty(terms({ purchasedOn: start, warrantyMonths: months }), today, 24);
        const end = decision.endsOn!;
        const expected = today < start ? 'unknown' : today <= end ? 'in' : 'out';
        expect(decision.state).toBe(expected);
        expect(end >= start).toBe(true);
      }),
    );
  });
});
