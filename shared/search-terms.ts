/**
 * Index terms for substring search that works the same on embedded PGlite and on PostgreSQL,
 * whatever the database locale. Han and other non-Latin runs are cut into overlapping
 * bigrams (the way CJK full-text engines index), Latin letters and digits into trigrams.
 * A query matches a row when the row's terms contain all of the query's terms; the caller
 * then confirms with a plain substring test, so terms only need to narrow, never decide.
 */

const LATIN = /[\p{Script=Latin}\p{Nd}]/u;
const WORD = /[\p{L}\p{N}]/u;

/** Lowercases and folds full-width forms (ＡＢＣ１２３ → abc123) so typing style does not matter. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

interface Run {
  latin: boolean;
  chars: string[];
}

function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  for (const ch of normalizeSearchText(text)) {
    if (!WORD.test(ch)) {
      current = null;
      continue;
    }
    const latin = LATIN.test(ch);
    if (!current || current.latin !== latin) {
      current = { latin, chars: [] };
      runs.push(current);
    }
    current.chars.push(ch);
  }
  return runs;
}

function grams(chars: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/** Every term a stored text is indexed under (deduplicated). */
export function indexTerms(...texts: (string | null | undefined)[]): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const run of runsOf(text)) {
      for (const g of grams(run.chars, run.latin ? 3 : 2)) terms.add(g);
    }
  }
  return [...terms];
}

/**
 * The terms a query must find. Empty when the query is too short to narrow by index
 * (one Han character, two digits): the caller falls back to a bounded scan.
 */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const run of runsOf(query)) {
    const n = run.latin ? 3 : 2;
    if (run.chars.length >= n) for (const g of grams(run.chars, n)) terms.add(g);
  }
  return [...terms];
}
