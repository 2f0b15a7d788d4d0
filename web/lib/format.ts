import { useMemo } from 'react';
import { formatYuan, type Fen } from '../../shared/money';
import { useMe } from './session';
import { useI18n } from './i18n';

/**
 * Instants are shown in the organisation's time zone, not the browser's: a dispatcher in
 * Urumqi and a supervisor travelling abroad see the same 09:00 as the customer on the phone.
 */
export function useFormat() {
  const me = useMe();
  const { locale } = useI18n();
  const timeZone = me.data?.organisation.timeZone ?? 'Asia/Shanghai';
  return useMemo(() => {
    // Built from parts: the same YYYY-MM-DD HH:mm in every browser and locale.
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    const split = (v: string | Date) => Object.fromEntries(parts.formatToParts(new Date(v)).map((p) => [p.type, p.value])) as Record<string, string>;
    const wrap = (shape: (p: Record<string, string>) => string) => (v: string | Date | null | undefined) => (v ? shape(split(v)) : '—');
    return {
      dateTime: wrap((p) => `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`),
      short: wrap((p) => `${p.month}-${p.day} ${p.hour}:${p.minute}`),
      date: wrap((p) => `${p.year}-${p.month}-${p.day}`),
      /** Integer fen shown as yuan (¥1,234.50); a dash for none. */
      yuan: (fen: Fen | null | undefined) => (fen === null || fen === undefined ? '—' : formatYuan(fen, locale)),
      timeZone,
      locale,
    };
  }, [timeZone, locale]);
}
