import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClientProvider } from '@tanstack/react-query';
import { Outlet } from 'react-router';
import { queryClient } from '../lib/query-client';
import { useI18n } from '../lib/i18n';

/**
 * Ant Design's theme, locale and message context, and the cache of server data (TanStack Query),
 * for every page but the login page. It is a chunk of its own, fetched with the first page that
 * needs it, so the login page (the first screen of a fresh phone) loads without either.
 */
export function Themed() {
  const { locale } = useI18n();
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1668dc', borderRadius: 6 } }}>
        <AntApp>
          <Outlet />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}

