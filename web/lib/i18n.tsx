import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey, MessageParams } from '../../shared/i18n';
import { pickLocale, type Locale } from '../../shared/i18n/locales';
import { enumLabel, loadMessages, messagesLoaded, translate } from './messages';
import { setApiLocale } from './api';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: MessageParams): string;
  /** The label of a domain value: `label('status', 'on_hold')` → 已挂起. */
  label(list: string, value: string | null | undefined): string;
}

const STORAGE_KEY = 'shouhou.locale';
const I18nContext = createContext<I18n | null>(null);

let active: Locale = 'zh-CN';
/** The language in use, for code outside React (a route's loader waits for its catalogue). */
export const activeLocale = () => active;
/** The language this browser chose last time, else zh-CN (also when pre-rendering at build time, without a browser). */
export const storedLocale = (): Locale => pickLocale(typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY), 'zh-CN');

let setDayjsLocale: ((locale: Locale) => void) | undefined;
/**
 * dayjs and its languages, fetched with the first page behind the login (which waits for them;
 * the login page shows no dates), then following the interface's language.
 */
export async function loadDayjs() {
  ({ setDayjsLocale } = await import('./dayjs-locale'));
  setDayjsLocale(active);
}

function applyLocale(locale: Locale) {
  active = locale;
  setApiLocale(locale);
  setDayjsLocale?.(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const initial = storedLocale();
    applyLocale(initial);
    return initial;
  });
  // Re-renders once the language's whole catalogue has come (the login page shows before it).
  const [, setArrived] = useState(() => messagesLoaded(locale));
  useEffect(() => {
    if (!messagesLoaded(locale)) void loadMessages(locale).then(() => setArrived(true), () => {});
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    // The other language's words are fetched before the page turns to them.
    void loadMessages(next).then(
      () => {
        applyLocale(next);
        setLocaleState(next);
      },
      () => {},
    );
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      label: (list, value) => (value ? enumLabel(locale, list, value) : ''),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
