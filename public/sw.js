/*
 * The app shell, kept on the phone so a page reloads without signal (a lift, a basement).
 * - Pages: network first; without signal, the last index.html seen.
 * - /assets/*: not handled here. They are named by their content's hash and sent to be cached for
 *   a year, so the browser's own cache serves them, offline too; a worker answering each of the
 *   day's ~90 module files itself made a cached load a second slower on a phone.
 * - GET /api/* JSON: network first, the last answer when offline, so a technician's day and
 *   job read as they were. Signing in or out clears them (another person may use the phone).
 * Writes are never intercepted: what is recorded offline waits in IndexedDB (the outbox).
 */
const SHELL = 'shell-v2';
const API = 'api-v1';

self.addEventListener('install', (event) => {
  // Where the browser can, hashed files skip the worker altogether (ServiceWorker static routing).
  if (event.addRoutes) event.addRoutes([{ condition: { urlPattern: new URLPattern({ pathname: '/assets/*' }) }, source: 'network' }]).catch(() => undefined);
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.add(new Request('/', { cache: 'reload' })))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== API).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, cacheName, fallbackKey) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackKey ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackKey ?? request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    if (url.pathname === '/api/v1/auth/login' || url.pathname === '/api/v1/auth/logout') event.waitUntil(caches.delete(API));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL, '/'));
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    // Streams and downloads go straight to the network.
    if ((request.headers.get('accept') ?? '').includes('text/event-stream') || /\.(pdf|xlsx|png|jpe?g)$/.test(url.pathname) || url.pathname.endsWith('/content')) return;
    event.respondWith(networkFirst(request, API));
  }
});
