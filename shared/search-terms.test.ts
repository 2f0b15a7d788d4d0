import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIGIT_GRAM, indexTerms, normalizeSearchText, queryTerms } from './search-terms';
import { normalizePhone } from './phone';

describe('search terms', () => {
  it('cuts Chinese into bigrams and digits into trigrams', () => {
    expect(indexTerms('空调不制冷')).toEqual(['空调', '调不', '不制', '制冷']);
    expect(indexTerms('13812345678')).toContain('567');
  });

  it('finds a two-character Chinese word and a phone tail inside longer text', () => {
    const terms = new Set(indexTerms('业主张伟反映卫生间漏水 13812345678'));
    expect(queryTerms('漏水').every((t) => terms.has(t))).toBe(true);
    expect(queryTerms('5678').every((t) => terms.has(t))).toBe(true);
  });

  it('folds full-width characters and case', () => {
    expect(normalizeSearchText('ＳＮ－００１ Abc')).toBe('sn-001 abc');
    expect(queryTerms('ＳＮ００１')).toEqual(queryTerms('sn001'));
  });

  it('has no terms for a query too short to narrow by index', () => {
    expect(queryTerms('王')).toEqual([]);
    expect(queryTerms('12')).toEqual([]);
  });

  it('never misses: every substring of an indexed text has its terms in the index', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'空调漏水张伟王ABCabc0123456789１٣ -'), maxLength: 30 }), fc.nat(), fc.nat(), (text, a, b) => {
        const from = Math.min(a, b) % (text.length + 1);
        const to = Math.max(a, b) % (text.length + 1);
        const needle = text.slice(Math.min(from, to), Math.max(from, to));
        const indexed = new Set(indexTerms(text));
        expect(queryTerms(needle).every((t) => indexed.has(t))).toBe(true);
      }),
    );
  });

  it('indexes runs of four or more digits by their 4-grams too, after the other terms', () => {
    expect(indexTerms('BX-20261127-0001')).toEqual(['202', '026', '261', '611', '112', '127', '000', '001', '2026', '0261', '2611', '6112', '1127', '0001']);
    expect(indexTerms('sn-123', '张伟 13812345678')).toEqual([
      '123', '张伟', '138', '381', '812', '234', '345', '456', '567', '678',
      '1381', '3812', '8123', '1234', '2345', '3456', '4567', '5678',
    ]);
    // Full-width digits fold first; three digits or digits of other scripts make no 4-gram.
    expect(indexTerms('１２３４')).toContain('1234');
    expect(indexTerms('a123b').filter((t) => t.length === DIGIT_GRAM)).toEqual([]);
    expect(indexTerms('١٢٣٤').filter((t) => t.length === DIGIT_GRAM)).toEqual([]);
  });

  it('finds a long digit run by its 4-grams alone, the letters around it by trigrams', () => {
    expect(queryTerms('7382')).toEqual(['7382']);
    expect(queryTerms('12345').sort()).toEqual(['1234', '2345']);
    expect(queryTerms('123')).toEqual(['123']);
    expect(queryTerms('sn0012345').sort()).toEqual(['0012', '0123', '1234', '2345', 'n00', 'sn0'].sort());
    expect(queryTerms('漏水7382')).toEqual(['漏水', '7382']);
  });

  const texts = fc.array(
    fc.option(fc.string({ unit: fc.constantFrom(...'空调张ABab0123456789１２٣ -'), maxLength: 24 }), { nil: null }),
    { maxLength: 4 },
  );

  it('a four-digit term is held exactly by the texts that contain those digits', () => {
    fc.assert(
      fc.property(texts, fc.stringMatching(/^[0-9]{4}$/), (parts, needle) => {
        const joined = normalizeSearchText(parts.filter(Boolean).join(' '));
        const terms = indexTerms(...parts);
        expect(queryTerms(needle).every((t) => terms.includes(t))).toBe(joined.includes(needle));
      }),
    );
    // The same with a needle cut from the text itself, so that matches are not rare.
    fc.assert(
      fc.property(texts, fc.nat(), (parts, at) => {
        const joined = normalizeSearchText(parts.filter(Boolean).join(' '));
        const runs = joined.match(/[0-9]{4,}/g) ?? [];
        if (runs.length === 0) return;
        const run = runs[at % runs.length]!;
        const needle = run.slice(at % (run.length - 3), (at % (run.length - 3)) + 4);
        expect(queryTerms(needle).every((t) => indexTerms(...parts).includes(t))).toBe(true);
      }),
    );
  });

  it('the 4-grams are the only four-character terms and follow from the joined normalised text alone', () => {
    fc.assert(
      fc.property(texts, (parts) => {
        const terms = indexTerms(...parts);
        const fourGrams = terms.filter((t) => [...t].length === DIGIT_GRAM);
        expect(fourGrams.every((t) => /^[0-9]{4}$/.test(t))).toBe(true);
        expect(terms.filter((t) => [...t].length !== DIGIT_GRAM).every((t) => [...t].length <= 3)).toBe(true);
        // Every 4-gram comes after every other term (the migration appends them).
        expect(terms.slice(terms.length - fourGrams.length)).toEqual(fourGrams);
        // What the migration's SQL computes from `search_text`: windows of each digit run, first appearance kept.
        const joined = normalizeSearchText(parts.filter(Boolean).join(' '));
        const fromText = new Set<string>();
        for (const [run] of joined.matchAll(/[0-9]{4,}/g)) for (let i = 0; i + 4 <= run.length; i++) fromText.add(run.slice(i, i + 4));
        expect(fourGrams).toEqual([...fromText]);
      }),
    );
  });

  it('normalises phones written in any common way', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('0086 13812345678')).toBe('13812345678');
    expect(normalizePhone('021-6888 1234')).toBe('02168881234');
  });
});
