import { normalizePlate } from '../../../shared/contracts/assets';
import { normalizePhone } from '../../../shared/phone';
import type { ExactIdentifier } from './tickets.repository';

/** Digits with the punctuation people write phone numbers with, and nothing else. */
const PHONE_LIKE = /^\+?[\d\s\-().\uFF10-\uFF19\uFF0B]+$/;
/** A readable ticket number: `BX-20261127-0001` (any organisation's prefix). */
const TICKET_NUMBER = /^[A-Za-z]{1,6}-\d{8}-\d{3,8}$/;
/** A serial number or plate as people read it out: one token, letters and digits, at least one digit. */
const CODE = /^[\p{L}\p{N}][\p{L}\p{N}\-_/·.]{3,63}$/u;

/**
 * Does a search look like an exact identifier (a ticket number, a full phone number, a serial
 * number or a plate)? Then the list looks it up on b-tree indexes first, and falls back to the
 * substring search only when nothing has it: what an agent types after "报单号" or a caller's full
 * number is an identifier, and a b-tree answers it in a millisecond at any size, where the
 * substring index must gather every ticket sharing its fragments.
 */
export function exactIdentifierOf(q: string): ExactIdentifier | null {
  const text = q.trim();
  if (TICKET_NUMBER.test(text)) return { number: text.toUpperCase() };
  if (PHONE_LIKE.test(text)) {
    const digits = normalizePhone(text);
    // A mobile (11 digits) or a landline with its area code; a tail of a few digits is a search.
    return digits.length >= 7 ? { phone: digits, codes: [digits] } : null;
  }
  if (!CODE.test(text) || !/\d/.test(text) || /\s/.test(text)) return null;
  // Serials are stored as written; plates normalised (`沪B·66666` → `沪B66666`).
  const codes = [...new Set([text, text.toUpperCase(), normalizePlate(text)])];
  return { codes };
}
