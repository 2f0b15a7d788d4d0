import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';
import { userKeys } from './query-keys';
import { onSignIn } from './sign-in-hooks';

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

// Whoever signs in next is asked for afresh (a sign-out left `null` here).
onSignIn(() => queryClient.invalidateQueries({ queryKey: userKeys.me }));
