import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Outlet } from 'react-router';
import { useI18n } from '../lib/i18n';

/**
 * Ant Design's theme, locale and message context for every page but the login page. It is a
 * chunk of its own, fetched with the first page that needs it, so the login page (the first
 * screen of a fresh phone) loads without antd.
 */
export function Themed() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1668dc', borderRadius: 6 } }}>
      <AntApp>
        <Outlet />
      </AntApp>
    </ConfigProvider>
  );
}

