import { useMemo } from 'react';
import { useMe } from '../features/auth/api';
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
    const dateTime = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    const short = new Intl.DateTimeFormat('sv-SE', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    const date = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const wrap = (f: Intl.DateTimeFormat) => (v: string | Date | null | undefined) => (v ? f.format(new Date(v)) : '—');
    return { dateTime: wrap(dateTime), short: wrap(short), date: wrap(date), timeZone, locale };
  }, [timeZone, locale]);
}
