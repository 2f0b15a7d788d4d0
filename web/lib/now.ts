import { useSyncExternalStore } from 'react';

/**
 * The current time for rendering countdowns: one shared ticking clock, so that components
 * stay pure and every badge on a page shows the same instant.
 */
let now = Date.now();
const listeners = new Set<() => void>();
setInterval(() => {
  now = Date.now();
  for (const listener of listeners) listener();
}, 30_000);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
