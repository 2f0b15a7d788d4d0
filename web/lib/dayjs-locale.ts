import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import type { Locale } from '../../shared/i18n/locales';

/** Dates in the interface's language (dayjs' names of months and days). */
export function setDayjsLocale(locale: Locale) {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
}
