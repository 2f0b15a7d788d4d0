import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexTerms, normalizeSearchText, queryTerms } from './search-terms';
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
      fc.property(fc.string({ unit: fc.constantFrom(...'空调漏水张伟王ABCabc0123456789 -'), maxLength: 30 }), fc.nat(), fc.nat(), (text, a, b) => {
        const from = Math.min(a, b) % (text.length + 1);
        const to = Math.max(a, b) % (text.length + 1);
        const needle = text.slice(Math.min(from, to), Math.max(from, to));
        const indexed = new Set(indexTerms(text));
        expect(queryTerms(needle).every((t) => indexed.has(t))).toBe(true);
      }),
    );
  });

  it('normalises phones written in any common way', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('0086 13812345678')).toBe('13812345678');
    expect(normalizePhone('021-6888 1234')).toBe('02168881234');
  });
});
