/*
 * What a public page shows of a serial number or a phone: enough to recognise one's own, not
 * enough to learn anyone's.
 */

/** `SN-2024-0001234` → `****1234`: the last four characters (one when it is that short). */
export function maskSerial(serial: string | null | undefined): string {
  const s = (serial ?? '').trim();
  if (!s) return '';
  const keep = s.length > 6 ? 4 : 1;
  return `${'*'.repeat(Math.min(6, Math.max(1, s.length - keep)))}${s.slice(-keep)}`;
}

/** `13812345678` → `138****5678`; shorter numbers keep their last two digits only. */
export function maskPhone(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (!digits) return null;
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(1, digits.length - 2))}${digits.slice(-2)}`;
}

/** Brand, model and product name, as one line. */
export const productLine = (a: { productName: string | null; brand: string | null; model: string | null }) =>
  [a.brand, a.productName, a.model].filter((p): p is string => Boolean(p && p.trim())).join(' ');
