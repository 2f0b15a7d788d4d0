import { describe, expect, it } from 'vitest';
import { parseCsv, parseIcs, toYears } from './holiday-import';

describe('holiday import', () => {
  it('reads an ICS feed, with make-up days marked 班', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20271001',
      'DTEND;VALUE=DATE:20271008',
      'SUMMARY:国庆节 休',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270926',
      'DTEND;VALUE=DATE:20270927',
      'SUMMARY:国庆节 补班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const [year] = toYears(parseIcs(ics), '测试');
    expect(year).toEqual({
      year: 2027,
      source: '测试',
      holidays: [{ from: '2027-10-01', to: '2027-10-07', name: '国庆节' }],
      workdays: [{ on: '2027-09-26', name: '国庆节' }],
    });
  });

  it('reads a table of days, header and all, and gives 31 December’s New Year holiday to the next year', () => {
    const csv = '日期,类型,名称\n2027-12-31,休,元旦\n2028/01/01,休,元旦\n20280102,休,元旦\n2028-01-08,班,元旦\n';
    const years = toYears(parseCsv(csv), 'x');
    expect(years).toEqual([
      { year: 2028, source: 'x', holidays: [{ from: '2027-12-31', to: '2028-01-02', name: '元旦' }], workdays: [{ on: '2028-01-08', name: '元旦' }] },
    ]);
  });

  it('says which line is wrong', () => {
    expect(() => parseCsv('2027-10-01,休,国庆\n2027-13-01,休,国庆')).toThrow(/not a date/);
    expect(() => parseCsv('2027-10-01,maybe,国庆')).toThrow(/type must be/);
  });
});
