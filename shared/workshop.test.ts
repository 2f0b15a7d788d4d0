import { describe, expect, it } from 'vitest';
import { isMessageKey } from './i18n';
import { checkInGaps, signatureGaps, type CheckInContent } from './workshop';

const CHECKLIST = ['exterior', 'tyres', 'glass', 'lights', 'interior'];

const complete = (): CheckInContent => ({
  mileageKm: 42_315,
  fuelLevel: 'half',
  checklist: CHECKLIST.map((item) => ({ item })),
  valuablesReminded: true,
  licenceChecked: true,
  phoneChecked: true,
  requests: [{ confirmed: true }, { confirmed: true }],
});

describe('checkInGaps', () => {
  it('A3: a complete walk-around has no gaps', () => {
    expect(checkInGaps(complete(), CHECKLIST)).toEqual([]);
    // A mileage of zero is a reading, not a gap.
    expect(checkInGaps({ ...complete(), mileageKm: 0 }, CHECKLIST)).toEqual([]);
  });

  it('A3: names each missing part by its field, in the order the form asks for them', () => {
    const gaps = checkInGaps(
      {
        mileageKm: null,
        fuelLevel: undefined,
        checklist: [{ item: 'tyres' }, { item: 'lights' }],
        valuablesReminded: false,
        licenceChecked: false,
        phoneChecked: false,
        requests: [{ confirmed: true }, { confirmed: false }],
      },
      CHECKLIST,
    );
    expect(gaps).toEqual([
      { field: 'mileageKm', message: 'validation.required' },
      { field: 'fuelLevel', message: 'validation.required' },
      { field: 'checklist', message: 'workshop.validation.checklistIncomplete', items: ['exterior', 'glass', 'interior'] },
      { field: 'valuablesReminded', message: 'workshop.validation.valuablesReminder' },
      { field: 'licenceChecked', message: 'workshop.validation.licenceChecked' },
      { field: 'phoneChecked', message: 'workshop.validation.phoneChecked' },
      { field: 'requests.1.confirmed', message: 'workshop.validation.requestUnconfirmed' },
    ]);
  });

  it('A3: a check-in needs at least one request, and follows the organisation’s own checklist', () => {
    expect(checkInGaps({ ...complete(), requests: [] }, CHECKLIST)).toEqual([{ field: 'requests', message: 'workshop.validation.requestsRequired' }]);
    // An item the organisation does not list is not required; one it adds is.
    expect(checkInGaps(complete(), [...CHECKLIST, 'trunk'])).toEqual([{ field: 'checklist', message: 'workshop.validation.checklistIncomplete', items: ['trunk'] }]);
    expect(checkInGaps(complete(), ['exterior'])).toEqual([]);
  });

  it('A3: the signature and the signer’s name are required to sign', () => {
    expect(signatureGaps({ signatureAttachmentId: 'a', signerName: '陈先生' })).toEqual([]);
    expect(signatureGaps({ signatureAttachmentId: null, signerName: '' })).toEqual([
      { field: 'signatureAttachmentId', message: 'workshop.validation.signatureRequired' },
      { field: 'signerName', message: 'validation.required' },
    ]);
  });

  it('says every gap in words the catalogue has', () => {
    const all = [...checkInGaps({ checklist: [], valuablesReminded: false, licenceChecked: false, phoneChecked: false, requests: [{ confirmed: false }] }, CHECKLIST), ...signatureGaps({})];
    expect(all.length).toBeGreaterThan(7);
    for (const gap of all) expect(isMessageKey(gap.message)).toBe(true);
  });
});
