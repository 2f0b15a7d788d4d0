import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SearchResults, WorkbenchView } from '../../../shared/contracts/workbench';
import { api, type Wire } from '../../lib/api';

export type Workbench = Wire<WorkbenchView>;
export type Found = Wire<SearchResults>;

/** The caller's landing figures; kept fresh while the page is open (a minute, like the board). */
export function useWorkbench() {
  return useQuery({ queryKey: ['workbench'], queryFn: () => api<Workbench>('GET', '/api/v1/me/workbench'), refetchInterval: 60_000 });
}

/** The header search's answer for a (debounced) query; nothing is asked for an empty one. */
export function useGlobalSearch(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: () => api<Found>('GET', '/api/v1/search', { query: { q } }),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
