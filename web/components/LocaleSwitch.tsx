import { Segmented } from 'antd';
import type { Locale } from '../../shared/i18n';
import { useI18n } from '../lib/i18n';

/** 中文 / EN: each language named in itself, so it is found whatever the current one. */
export function LocaleSwitch() {
  const { locale, setLocale } = useI18n();
  return (
    <Segmented
      size="small"
      value={locale}
      onChange={(v) => setLocale(v as Locale)}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en-US' },
      ]}
    />
  );
}
