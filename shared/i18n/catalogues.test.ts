import { describe, expect, it } from 'vitest';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

/** Keys whose English value may keep Chinese characters because it is a Chinese proper name. */
/**
 * Keys whose English text must quote Chinese: the marks 休 and 班 that holiday files contain, and
 * which an administrator has to recognise in the file they import.
 */
const CHINESE_PROPER_NAMES = new Set<string>(['holidays.importHint']);

const CJK = /[\u4e00-\u9fff]/;
const paramsOf = (template: string) => [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

/** A requirement's code (R5, M10, E2…): the documents' numbering, not words a user knows. */
const REQUIREMENT_CODE = /(?<![A-Za-z0-9])[WMRHECADTPS]\d{1,2}(?![0-9])/;
/** Texts where such a shape is something else: a paper size, a fault code on an appliance's display. */
const NOT_REQUIREMENT_CODES = new Set<string>(['settings.help.selfservice.labelsPerSheet', 'selfservice.qr.descriptionHint']);

describe('message catalogues', () => {
  it('name no requirement codes in any text a user sees', () => {
    for (const catalogue of [zhCN, enUS]) {
      const coded = Object.entries(catalogue).filter(([key, text]) => REQUIREMENT_CODE.test(text) && !NOT_REQUIREMENT_CODES.has(key));
      expect(coded).toEqual([]);
    }
  });

  it('have the same keys, in the same order', () => {
    // The type already refuses a missing or extra key; the order keeps the files comparable line by line.
    expect(Object.keys(enUS)).toEqual(Object.keys(zhCN));
  });

  it('take the same parameters in every message', () => {
    const mismatched = Object.entries(zhCN)
      .filter(([key, zh]) => paramsOf(zh).join() !== paramsOf(enUS[key as keyof typeof zhCN] ?? '').join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('has no Chinese left in English', () => {
    const untranslated = Object.entries(enUS).filter(([key, en]) => CJK.test(en) && !CHINESE_PROPER_NAMES.has(key));
    expect(untranslated).toEqual([]);
  });

  it('has no empty message', () => {
    const empty = [...Object.entries(zhCN), ...Object.entries(enUS)].filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });
});
