import type { MessageKey, MessageParams } from '../../shared/i18n';
import type { Locale } from '../../shared/i18n/locales';
import { enUS as loginEnUS, zhCN as loginZhCN } from '../../shared/i18n/parts/login';

/**
 * The browser's message catalogues. The login page's few words are in the entry; a language's
 * whole catalogue (most of the entry's weight before) is fetched with the first page behind the
 * login, and before a switch to that language, so a fresh phone's first screen waits for neither.
 */
const loaded: Partial<Record<Locale, Record<string, string>>> = {};
const boot: Record<Locale, Record<string, string>> = { 'zh-CN': loginZhCN, 'en-US': loginEnUS };
const pending = new Map<Locale, Promise<void>>();

/** Fetches a language's catalogue once; later calls share the first one's promise. */
export function loadMessages(locale: Locale): Promise<void> {
  if (loaded[locale]) return Promise.resolve();
  let loading = pending.get(locale);
  if (!loading) {
    loading = (locale === 'zh-CN' ? import('../../shared/i18n/zh-CN').then((m) => m.zhCN) : import('../../shared/i18n/en-US').then((m) => m.enUS)).then((catalogue) => {
      loaded[locale] = catalogue;
    });
    loading.catch(() => pending.delete(locale));
    pending.set(locale, loading);
  }
  return loading;
}

export const messagesLoaded = (locale: Locale) => Boolean(loaded[locale]);

/** A message in `locale`, its zh-CN text when the language lacks it, else the key; `{name}` filled from params. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = loaded[locale]?.[key] ?? boot[locale][key] ?? loaded['zh-CN']?.[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The label of a value of one of the closed lists in `shared/domain.ts`: the value itself when it has none. */
export function enumLabel(locale: Locale, list: string, value: string): string {
  const key = `enum.${list}.${value}`;
  const text = translate(locale, key as MessageKey);
  return text === key ? value : text;
}
