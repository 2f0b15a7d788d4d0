import { enumLabel, t, type Locale, type MessageKey } from './i18n';
import { formatYuan } from './money';

/**
 * A pay line's explanation in words (M2 to M10, A5): its message key filled from its figures,
 * amounts in yuan, rates in per cent, grades, statuses and transport by their labels. The pay
 * pages, the Excel export and the printed slip all say a line the same way.
 */

const ENUM_PARAMS: Record<string, string> = {
  grade: 'grade',
  status: 'employmentStatus',
  transport: 'transport',
  waitReason: 'waitReason',
  // A wait's reason is a label; a forfeit's reason is the supervisor's words, which have none and stay as they are.
  reason: 'waitReason',
  cause: 'penaltyCause',
};

export function explainParams(locale: Locale, detail: Record<string, unknown>): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(detail)) {
    if (value === null || value === undefined) params[name] = '—';
    else if (typeof value === 'number' && name.endsWith('Fen')) params[name] = formatYuan(value, locale);
    else if (typeof value === 'number' && name.endsWith('Bp')) params[name] = `${value / 100}%`;
    else if (typeof value === 'string' && ENUM_PARAMS[name]) params[name] = enumLabel(locale, ENUM_PARAMS[name], value);
    else params[name] = typeof value === 'number' ? value : String(value);
  }
  return params;
}

export function explainLine(locale: Locale, line: { explanation: string; detail: Record<string, unknown> }): string {
  return t(locale, line.explanation as MessageKey, explainParams(locale, line.detail));
}
