import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { I18nProvider, storedLocale } from './lib/i18n';
import { router } from './app/router';
import './app/styles.css';

// The app shell and the last answers kept on the phone, so a page reloads without signal (public/sw.js).
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}

const app = (
  <StrictMode>
    <I18nProvider>
      <RouterProvider router={router} />
    </I18nProvider>
  </StrictMode>
);

// /login comes with the form already drawn (login.html, in zh-CN: scripts/build.mjs): React takes it
// over, keeping what was typed. Anywhere else, or in another language, React draws the page anew.
const container = document.getElementById('root')!;
if (container.dataset.prerendered && container.dataset.prerendered === storedLocale() && window.location.pathname === '/login') {
  hydrateRoot(container, app);
} else {
  container.replaceChildren();
  createRoot(container).render(app);
}
