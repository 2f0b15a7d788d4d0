import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enUS } from './i18n/en-US';
import { zhCN } from './i18n/zh-CN';
import { SETTINGS_CATALOGUE, SETTINGS_TABS, UNIT_SCALE, settingsOfTab, settingsPaths, tabOf, toShown, toStored, type SettingsTab } from './settings-catalogue';
import { orgSettingsSchema } from './settings';

const zh = zhCN as Record<string, string>;
const en = enUS as Record<string, string>;
const paths = Object.keys(SETTINGS_CATALOGUE);
const tabs = Object.keys(SETTINGS_TABS) as SettingsTab[];

/** A requirement's code (R5, M10, E2/E3…): the documents' numbering, not words an administrator knows. */
const REQUIREMENT_CODE = /(?<![A-Za-z0-9])[WMRHECADTPS]\d{1,2}(?![0-9])/;

/** Every text the settings page shows: tabs, groups, units, labels, help. */
function pageTexts(catalogue: Record<string, string>): [string, string][] {
  const keys = [
    ...tabs.map((t) => `settings.tab.${t}`),
    ...Object.values(SETTINGS_TABS).flat().map((g) => `settings.group.${g}`),
    ...Object.values(UNIT_SCALE).flatMap((u) => (u.label ? [`settings.unit.${u.label}`] : [])),
    ...paths.flatMap((p) => [`settings.${p}`, `settings.help.${p}`]),
    ...['settings.organisation', 'settings.orgName', 'settings.timeZone', 'settings.hint', 'settings.slaFollows', 'settings.saved'],
  ];
  return keys.map((k) => [k, catalogue[k] ?? '']);
}

describe('the settings catalogue', () => {
  it('describes every setting the schema has, and no other', () => {
    expect([...paths].sort()).toEqual(settingsPaths().sort());
  });

  it('gives every setting a zh-CN label and help text', () => {
    const missing = paths.filter((p) => !zh[`settings.${p}`]?.trim() || !zh[`settings.help.${p}`]?.trim());
    expect(missing).toEqual([]);
  });

  it('gives every setting an en-US label and help text', () => {
    const missing = paths.filter((p) => !en[`settings.${p}`]?.trim() || !en[`settings.help.${p}`]?.trim());
    expect(missing).toEqual([]);
  });

  it('names every tab, group and unit in both languages', () => {
    for (const catalogue of [zh, en]) expect(pageTexts(catalogue).filter(([, text]) => !text.trim())).toEqual([]);
  });

  it('shows no requirement code in any text of the settings page', () => {
    for (const catalogue of [zh, en]) {
      // Paper sizes are not codes: "A4" names a sheet of labels.
      const coded = pageTexts(catalogue).filter(([, text]) => REQUIREMENT_CODE.test(text.replaceAll('A4', '')));
      expect(coded).toEqual([]);
    }
  });

  it('puts every group of the schema in exactly one tab, and every tab has settings', () => {
    const groups = Object.values(SETTINGS_TABS).flat();
    expect([...groups].sort()).toEqual(Object.keys(orgSettingsSchema.shape).sort());
    expect(new Set(groups).size).toBe(groups.length);
    for (const tab of tabs) expect(settingsOfTab(tab).length).toBeGreaterThan(0);
    expect(tabOf('pay.baseSalaryFen.junior.probation')).toBe('pay');
  });

  it('knows money, rates and durations by the setting, not by the name of its last key', () => {
    expect(SETTINGS_CATALOGUE['pay.baseSalaryFen.junior.probation']).toEqual({ type: 'number', unit: 'yuan' });
    expect(SETTINGS_CATALOGUE['pay.directHourlyFen.senior']).toEqual({ type: 'number', unit: 'yuan' });
    expect(SETTINGS_CATALOGUE['pay.commissionRateBp']).toEqual({ type: 'number', unit: 'percent' });
    expect(SETTINGS_CATALOGUE['sla.warnAtBp']).toEqual({ type: 'numberList', unit: 'percent' });
    expect(SETTINGS_CATALOGUE['sla.acceptToDispatchMinutes']).toEqual({ type: 'number', unit: 'minutesInHours' });
  });
});

describe('settings units', () => {
  it('show ¥800 stored as 80000 fen as 800, and store 900 yuan as 90000 fen', () => {
    expect(toShown('yuan', 800_00)).toBe(800);
    expect(toStored('yuan', 900)).toBe(900_00);
    expect(toShown('yuan', 10_05)).toBe(10.05);
    expect(toStored('yuan', 10.05)).toBe(10_05);
    expect(toStored('yuan', 0.1 + 0.2)).toBe(30);
  });

  it('show basis points as per cent, minutes as hours, and round half away from zero', () => {
    expect(toShown('percent', 1_500)).toBe(15);
    expect(toStored('percent', 12.5)).toBe(1_250);
    expect(toShown('times', 30_000)).toBe(3);
    expect(toShown('minutesInHours', 240)).toBe(4);
    expect(toShown('minutesInHours', 90)).toBe(1.5);
    expect(toShown('minutesInHours', 100)).toBe(1.67);
    expect(toStored('minutesInHours', 1.5)).toBe(90);
    expect(toStored('minutesInHours', 0.01)).toBe(1); // 0.6 minutes rounds up
    expect(toShown('megabytes', 2_000_000)).toBe(2);
    expect(toStored('megabytes', 0.5)).toBe(500_000);
    expect(toShown('count', 7)).toBe(7);
  });

  it('bring every whole stored amount back unchanged through what a person reads', () => {
    for (const unit of ['yuan', 'percent', 'minutesInHours', 'minutes', 'days', 'count'] as const) {
      fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (stored) => toStored(unit, toShown(unit, stored)) === stored));
    }
  });
});
