import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { enumLabel, pickLocale, t as translate, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';
import { setApiLocale } from './api';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: MessageParams): string;
  /** The label of a domain value: `label('status', 'on_hold')` → 已挂起. */
  label(list: string, value: string | null | undefined): string;
  antdLocale: typeof zhCN;
}

const STORAGE_KEY = 'shouhou.locale';
const I18nContext = createContext<I18n | null>(null);

function applyLocale(locale: Locale) {
  setApiLocale(locale);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const initial = pickLocale(localStorage.getItem(STORAGE_KEY), 'zh-CN');
    applyLocale(initial);
    return initial;
  });
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    applyLocale(next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      label: (list, value) => (value ? enumLabel(locale, list, value) : ''),
      antdLocale: locale === 'zh-CN' ? zhCN : enUS,
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
