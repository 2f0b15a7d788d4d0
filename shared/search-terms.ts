/**
 * Index terms for substring search that works the same on embedded PGlite and on PostgreSQL,
 * whatever the database locale. Han and other non-Latin runs are cut into overlapping
 * bigrams (the way CJK full-text engines index), Latin letters and digits into trigrams.
 * A query matches a row when the row's terms contain all of the query's terms; the caller
 * then confirms with a plain substring test, so terms only need to narrow, never decide.
 *
 * Runs of four or more ASCII digits (after folding, so full-width digits count) are also
 * indexed by their 4-grams: the tail of a phone number, a part of a serial or of a ticket
 * number. A query's digit run of four or more is looked up by its 4-grams instead of its
 * trigrams, and a query that is exactly four digits is then one term whose rows are exactly the
 * rows containing it: one posting list rather than the intersection of two. A 4-gram is four characters
 * long and every other term two or three, so the two kinds never collide and are told apart
 * by length alone (the migration that added them and `bench/seed.ts` rely on that).
 * `indexTerms` answers the bigrams and trigrams first, then the 4-grams, each in order of
 * first appearance: the 4-grams of a row can be recomputed from its normalised text alone.
 */

const LATIN = /[\p{Script=Latin}\p{Nd}]/u;
const WORD = /[\p{L}\p{N}]/u;
/** Runs of ASCII digits long enough for 4-grams; the same pattern as the SQL that recomputes them. */
const DIGIT_RUN = /[0-9]{4,}/g;
/** The length of a digit gram; no other term has it. */
export const DIGIT_GRAM = 4;

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

/** Every window of `DIGIT_GRAM` digits in the runs of four or more digits of a normalised text. */
function digitGrams(normalized: string): string[] {
  const out: string[] = [];
  for (const [run] of normalized.matchAll(DIGIT_RUN)) out.push(...grams([...run], DIGIT_GRAM));
  return out;
}

/**
 * Every term a stored text is indexed under (deduplicated): the bigrams and trigrams of all
 * texts, then the digit 4-grams of all texts, each in order of first appearance.
 */
export function indexTerms(...texts: (string | null | undefined)[]): string[] {
  const terms = new Set<string>();
  const digitTerms = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const run of runsOf(text)) {
      for (const g of grams(run.chars, run.latin ? 3 : 2)) terms.add(g);
    }
    for (const g of digitGrams(normalizeSearchText(text))) digitTerms.add(g);
  }
  return [...terms, ...digitTerms];
}

/**
 * The terms a query must find. Empty when the query is too short to narrow by index
 * (one Han character, two digits): the caller falls back to a bounded scan. A digit run of
 * four or more is found by its 4-grams; the trigrams inside it would add nothing, since every
 * text holding the 4-grams holds them too.
 */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const run of runsOf(query)) {
    const n = run.latin ? 3 : 2;
    if (run.chars.length < n) continue;
    const word = run.chars.join('');
    // Where the run's long digit stretches are (runs hold whole code points; digits are one unit each).
    const covered = new Array<boolean>(run.chars.length).fill(false);
    if (run.latin) {
      for (const m of word.matchAll(DIGIT_RUN)) {
        const from = [...word.slice(0, m.index)].length;
        for (let i = from; i < from + m[0].length; i++) covered[i] = true;
      }
    }
    run.chars.forEach((_, i) => {
      if (i + n > run.chars.length) return;
      if (!run.chars.slice(i, i + n).every((_, k) => covered[i + k])) terms.add(run.chars.slice(i, i + n).join(''));
    });
    if (run.latin) for (const g of digitGrams(word)) terms.add(g);
  }
  return [...terms];
}
