/**
 * Phone numbers are stored as digits only, without the +86 / 0086 country prefix, so that
 * `138 1234 5678`, `+86-13812345678` and `13812345678` find the same customer (A2, H1).
 */
export function normalizePhone(raw: string): string {
  let digits = raw.normalize('NFKC').replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits;
}

/** A plausible phone: 5 to 20 digits after normalising (extensions and hotlines included). */
export function isPhone(raw: string): boolean {
  const digits = normalizePhone(raw);
  return digits.length >= 5 && digits.length <= 20;
}
