import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { LoginPage } from './features/auth/LoginPage';
import { I18nProvider } from './lib/i18n';
import { translate } from './lib/messages';

/**
 * The login page rendered at build time (scripts/build.mjs writes it into `login.html`), in zh-CN:
 * the markup React draws first in the browser, so that it can take the page over (web/main.tsx).
 * Nothing here runs in the browser.
 */
export function renderLogin(): { html: string; title: string; locale: string } {
  const html = renderToString(
    <StrictMode>
      <I18nProvider>
        <MemoryRouter initialEntries={['/login']}>
          <LoginPage />
        </MemoryRouter>
      </I18nProvider>
    </StrictMode>,
  );
  return { html, title: `${translate('zh-CN', 'title.login')} - ${translate('zh-CN', 'app.name')}`, locale: 'zh-CN' };
}
