import { zhCN, type MessageKey } from './zh-CN';
import { enUS } from './en-US';
import type { Locale } from './locales';

/**
 * Every string a user sees comes from here. zh-CN is the source and is complete by
 * construction; en-US has to name every key zh-CN has (the type checker refuses otherwise).
 */
export { LOCALES, pickLocale, type Locale } from './locales';
export type { MessageKey };
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = catalogs[locale][key] ?? zhCN[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

/** The label of a value of one of the closed lists in `shared/domain.ts`. */
export function enumLabel(locale: Locale, list: string, value: string): string {
  const key = `enum.${list}.${value}`;
  return isMessageKey(key) ? t(locale, key) : value;
}
