import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { normalizePhone } from '../../shared/phone';
import { indexTerms, normalizeSearchText, queryTerms } from '../../shared/search-terms';

/** The `search_terms` and `search_text` values for a row made of these texts. */
export function searchColumns(...texts: (string | null | undefined)[]): { searchTerms: string[]; searchText: string } {
  return {
    searchTerms: indexTerms(...texts),
    searchText: normalizeSearchText(texts.filter(Boolean).join(' ')),
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * Rows whose text contains `query`: the GIN index on `search_terms` narrows, a LIKE on
 * `search_text` confirms. A query too short for terms falls back to the LIKE alone.
 *
 * A query of exactly four digits (a phone's tail) is one 4-gram whose rows are exactly the
 * matches, and it keeps its LIKE all the same: the planner knows no frequency for a rare term
 * and guesses 0.5 % of the table, and with that guess alone it walks the whole list newest
 * first filtering by the term (50–75 ms at a million tickets for a tail with 700–1,500 matches,
 * and the rarer the tail the longer the walk). The LIKE's own estimate makes it read the
 * posting list's rows instead (2–9 ms), and costs nothing much on rows read anyway.
 */
export function searchCondition(terms: AnyColumn, text: AnyColumn, query: string): SQL {
  const plain = substringCondition(terms, text, query);
  // Phones are stored as bare digits: `+86 138-1234-5678`, as a caller reads it out, must find them too.
  const digits = PHONE_LIKE.test(query.trim()) ? normalizePhone(query) : '';
  return digits.length >= 3 && digits !== normalizeSearchText(query.trim()) ? sql`(${plain} or ${substringCondition(terms, text, digits)})` : plain;
}

/** Digits with the punctuation people write phone numbers with, and nothing else. */
const PHONE_LIKE = /^\+?[\d\s\-().\uFF10-\uFF19\uFF0B]+$/;

function substringCondition(terms: AnyColumn, text: AnyColumn, query: string): SQL {
  const needle = normalizeSearchText(query.trim());
  const like = sql`${text} like ${`%${escapeLike(needle)}%`}`;
  const q = queryTerms(needle);
  if (q.length === 0) return like;
  return sql`(${terms} @> ${sql.raw(arrayLiteral(q))} and ${like})`;
}

/**
 * A text[] literal, inlined: both drivers serialise JS arrays differently as parameters,
 * and an inlined literal also lets the planner see the terms. Each element is quoted.
 */
function arrayLiteral(values: string[]): string {
  const quoted = values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',');
  return `'{${quoted.replace(/'/g, "''")}}'::text[]`;
}
