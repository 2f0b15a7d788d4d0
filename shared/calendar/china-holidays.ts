/**
 * China's statutory holidays and make-up working days (调休) as the State Council's General
 * Office publishes them each year (国务院办公厅关于某年部分节假日安排的通知). Each year names
 * its notice. A year missing here is not a year of plain weekdays: the calendar engine reports
 * it as unknown, and `/api/health` and the UI say so, until an administrator adds or imports it.
 */
export interface HolidayRange {
  /** First and last day off, inclusive. */
  from: string;
  to: string;
  name: string;
}

export interface MakeUpDay {
  /** A weekend day that is worked. */
  on: string;
  name: string;
}

export interface HolidayYear {
  year: number;
  /** The notice that published it. */
  source: string;
  holidays: HolidayRange[];
  workdays: MakeUpDay[];
}

export const CHINA_HOLIDAYS: HolidayYear[] = [
  {
    year: 2020,
    source: '国务院办公厅关于2020年部分节假日安排的通知；国务院办公厅关于延长2020年春节假期的通知（春节假期延长至2月2日）',
    holidays: [
      { from: '2020-01-01', to: '2020-01-01', name: '元旦' },
      { from: '2020-01-24', to: '2020-02-02', name: '春节' },
      { from: '2020-04-04', to: '2020-04-06', name: '清明节' },
      { from: '2020-05-01', to: '2020-05-05', name: '劳动节' },
      { from: '2020-06-25', to: '2020-06-27', name: '端午节' },
      { from: '2020-10-01', to: '2020-10-08', name: '国庆节、中秋节' },
    ],
    workdays: [
      { on: '2020-01-19', name: '春节' },
      { on: '2020-04-26', name: '劳动节' },
      { on: '2020-05-09', name: '劳动节' },
      { on: '2020-06-28', name: '端午节' },
      { on: '2020-09-27', name: '国庆节、中秋节' },
      { on: '2020-10-10', name: '国庆节、中秋节' },
    ],
  },
  {
    year: 2021,
    source: '国务院办公厅关于2021年部分节假日安排的通知',
    holidays: [
      { from: '2021-01-01', to: '2021-01-03', name: '元旦' },
      { from: '2021-02-11', to: '2021-02-17', name: '春节' },
      { from: '2021-04-03', to: '2021-04-05', name: '清明节' },
      { from: '2021-05-01', to: '2021-05-05', name: '劳动节' },
      { from: '2021-06-12', to: '2021-06-14', name: '端午节' },
      { from: '2021-09-19', to: '2021-09-21', name: '中秋节' },
      { from: '2021-10-01', to: '2021-10-07', name: '国庆节' },
    ],
    workdays: [
      { on: '2021-02-07', name: '春节' },
      { on: '2021-02-20', name: '春节' },
      { on: '2021-04-25', name: '劳动节' },
      { on: '2021-05-08', name: '劳动节' },
      { on: '2021-09-18', name: '中秋节' },
      { on: '2021-09-26', name: '国庆节' },
      { on: '2021-10-09', name: '国庆节' },
    ],
  },
  {
    year: 2022,
    source: '国务院办公厅关于2022年部分节假日安排的通知',
    holidays: [
      { from: '2022-01-01', to: '2022-01-03', name: '元旦' },
      { from: '2022-01-31', to: '2022-02-06', name: '春节' },
      { from: '2022-04-03', to: '2022-04-05', name: '清明节' },
      { from: '2022-04-30', to: '2022-05-04', name: '劳动节' },
      { from: '2022-06-03', to: '2022-06-05', name: '端午节' },
      { from: '2022-09-10', to: '2022-09-12', name: '中秋节' },
      { from: '2022-10-01', to: '2022-10-07', name: '国庆节' },
    ],
    workdays: [
      { on: '2022-01-29', name: '春节' },
      { on: '2022-01-30', name: '春节' },
      { on: '2022-04-02', name: '清明节' },
      { on: '2022-04-24', name: '劳动节' },
      { on: '2022-05-07', name: '劳动节' },
      { on: '2022-10-08', name: '国庆节' },
      { on: '2022-10-09', name: '国庆节' },
    ],
  },
  {
    year: 2023,
    source: '国务院办公厅关于2023年部分节假日安排的通知',
    holidays: [
      { from: '2022-12-31', to: '2023-01-02', name: '元旦' },
      { from: '2023-01-21', to: '2023-01-27', name: '春节' },
      { from: '2023-04-05', to: '2023-04-05', name: '清明节' },
      { from: '2023-04-29', to: '2023-05-03', name: '劳动节' },
      { from: '2023-06-22', to: '2023-06-24', name: '端午节' },
      { from: '2023-09-29', to: '2023-10-06', name: '中秋节、国庆节' },
    ],
    workdays: [
      { on: '2023-01-28', name: '春节' },
      { on: '2023-01-29', name: '春节' },
      { on: '2023-04-23', name: '劳动节' },
      { on: '2023-05-06', name: '劳动节' },
      { on: '2023-06-25', name: '端午节' },
      { on: '2023-10-07', name: '中秋节、国庆节' },
      { on: '2023-10-08', name: '中秋节、国庆节' },
    ],
  },
  {
    year: 2024,
    source: '国务院办公厅关于2024年部分节假日安排的通知',
    holidays: [
      { from: '2024-01-01', to: '2024-01-01', name: '元旦' },
      { from: '2024-02-10', to: '2024-02-17', name: '春节' },
      { from: '2024-04-04', to: '2024-04-06', name: '清明节' },
      { from: '2024-05-01', to: '2024-05-05', name: '劳动节' },
      { from: '2024-06-10', to: '2024-06-10', name: '端午节' },
      { from: '2024-09-15', to: '2024-09-17', name: '中秋节' },
      { from: '2024-10-01', to: '2024-10-07', name: '国庆节' },
    ],
    workdays: [
      { on: '2024-02-04', name: '春节' },
      { on: '2024-02-18', name: '春节' },
      { on: '2024-04-07', name: '清明节' },
      { on: '2024-04-28', name: '劳动节' },
      { on: '2024-05-11', name: '劳动节' },
      { on: '2024-09-14', name: '中秋节' },
      { on: '2024-09-29', name: '国庆节' },
      { on: '2024-10-12', name: '国庆节' },
    ],
  },
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知',
    holidays: [
      { from: '2025-01-01', to: '2025-01-01', name: '元旦' },
      { from: '2025-01-28', to: '2025-02-04', name: '春节' },
      { from: '2025-04-04', to: '2025-04-06', name: '清明节' },
      { from: '2025-05-01', to: '2025-05-05', name: '劳动节' },
      { from: '2025-05-31', to: '2025-06-02', name: '端午节' },
      { from: '2025-10-01', to: '2025-10-08', name: '国庆节、中秋节' },
    ],
    workdays: [
      { on: '2025-01-26', name: '春节' },
      { on: '2025-02-08', name: '春节' },
      { on: '2025-04-27', name: '劳动节' },
      { on: '2025-09-28', name: '国庆节、中秋节' },
      { on: '2025-10-11', name: '国庆节、中秋节' },
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    holidays: [
      { from: '2026-01-01', to: '2026-01-03', name: '元旦' },
      { from: '2026-02-15', to: '2026-02-23', name: '春节' },
      { from: '2026-04-04', to: '2026-04-06', name: '清明节' },
      { from: '2026-05-01', to: '2026-05-05', name: '劳动节' },
      { from: '2026-06-19', to: '2026-06-21', name: '端午节' },
      { from: '2026-09-25', to: '2026-09-27', name: '中秋节' },
      { from: '2026-10-01', to: '2026-10-07', name: '国庆节' },
    ],
    workdays: [
      { on: '2026-01-04', name: '元旦' },
      { on: '2026-02-14', name: '春节' },
      { on: '2026-02-28', name: '春节' },
      { on: '2026-05-09', name: '劳动节' },
      { on: '2026-09-20', name: '国庆节' },
      { on: '2026-10-10', name: '国庆节' },
    ],
  },
];
