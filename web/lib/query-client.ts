import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

/** The one cache of server data: the pages read it, and the router fills it ahead of a page (web/app/router.tsx). */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      // Without signal a read is still tried once: the service worker answers from what the phone kept (public/sw.js).
      networkMode: 'offlineFirst',
    },
  },
});
