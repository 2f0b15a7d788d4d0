import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from './lib/api';
import { I18nProvider, useI18n } from './lib/i18n';
import { router } from './app/router';
import { ticketPageParts } from './app/ticket-page';
import { TicketPagePartsProvider } from './lib/ticket-page';
import { assetPageParts } from './app/asset-page';
import { AssetPagePartsProvider } from './lib/asset-page';
import './app/styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Themed() {
  const { antdLocale } = useI18n();
  return (
    <ConfigProvider locale={antdLocale} theme={{ token: { colorPrimary: '#1668dc', borderRadius: 6 } }}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <TicketPagePartsProvider value={ticketPageParts}>
          <AssetPagePartsProvider value={assetPageParts}>
            <Themed />
          </AssetPagePartsProvider>
        </TicketPagePartsProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
