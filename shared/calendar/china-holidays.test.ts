import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CHINA_HOLIDAYS } from './china-holidays';

// An independent record of the same notices (the chinese-days package), to catch a typo here.
const reference = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('China’s statutory holidays', () => {
  it('ship for every year since 2020, each naming its notice', () => {
    expect(CHINA_HOLIDAYS.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of CHINA_HOLIDAYS) expect(y.source).toContain(`${y.year}年`);
  });

  it('agree day by day with an independent record of the State Council notices', () => {
    // A notice may close a day of the year before (2023's 元旦 began on 31 December 2022): compare the union.
    const inRange = (d: string) => d >= '2020-01-01' && d <= '2026-12-31';
    const ours = new Set(CHINA_HOLIDAYS.flatMap((y) => y.holidays.flatMap((h) => days(h.from, h.to))));
    const theirs = Object.keys(reference.holidays).filter(inRange);
    for (const day of theirs) expect(ours.has(day), `${day} is a holiday`).toBe(true);
    for (const day of ours) expect(day in reference.holidays, `${day} is not a holiday`).toBe(true);
    const workdays = CHINA_HOLIDAYS.flatMap((y) => y.workdays.map((w) => w.on)).sort();
    expect(workdays).toEqual(Object.keys(reference.workdays).filter(inRange).sort());
  });

  it('make-up days fall on weekends and holidays include the 2026 National Day week', () => {
    for (const y of CHINA_HOLIDAYS) for (const w of y.workdays) expect([0, 6]).toContain(new Date(`${w.on}T00:00:00Z`).getUTCDay());
    const nationalDay = CHINA_HOLIDAYS.find((y) => y.year === 2026)!.holidays.find((h) => h.name === '国庆节')!;
    expect(nationalDay).toMatchObject({ from: '2026-10-01', to: '2026-10-07' });
  });
});
