import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CountImportResult, CountLineBody, CountLineView, CountSummary, CountView, PostCountResult } from '../../../shared/contracts/parts-counts';
import type { LocationView } from '../../../shared/contracts/parts';
import { api, type Wire } from '../../lib/api';

export type Count = Wire<CountSummary>;
export type CountSheet = Wire<CountView>;
export type CountLine = Wire<CountLineView>;
export type StockLocation = Wire<LocationView>;

export const countKeys = {
  all: ['stock-counts'] as const,
  list: (locationId?: string) => ['stock-counts', 'list', locationId ?? ''] as const,
  sheet: (id: string) => ['stock-counts', 'sheet', id] as const,
  locations: ['stock-locations'] as const,
};

export function useStockLocations() {
  return useQuery({ queryKey: countKeys.locations, queryFn: () => api<{ items: StockLocation[] }>('GET', '/api/v1/stock/locations') });
}

export function useCounts() {
  return useQuery({ queryKey: countKeys.list(), queryFn: () => api<{ items: Count[] }>('GET', '/api/v1/stock/counts') });
}

export function useCountSheet(id: string, query: { q?: string; show: 'all' | 'uncounted' | 'differences'; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...countKeys.sheet(id), query],
    queryFn: () => api<CountSheet>('GET', `/api/v1/stock/counts/${id}`, { query }),
    placeholderData: keepPreviousData,
  });
}

function useCountMutation<V, R>(run: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => void client.invalidateQueries({ queryKey: countKeys.all }) });
}

export const useCreateCount = () => useCountMutation((body: { locationId: string; note?: string }) => api<Count>('POST', '/api/v1/stock/counts', { body }));
export const useEnterCount = (id: string) => useCountMutation((body: CountLineBody) => api<CountLine>('PUT', `/api/v1/stock/counts/${id}/lines`, { body }));
export const usePostCount = (id: string) => useCountMutation(() => api<Wire<PostCountResult>>('POST', `/api/v1/stock/counts/${id}/post`));
export const useCancelCount = (id: string) => useCountMutation(() => api<Count>('POST', `/api/v1/stock/counts/${id}/cancel`));

/** Checks (dryRun) or imports a filled-in count sheet. */
export function useImportCounts(id: string) {
  return useCountMutation(({ file, dryRun }: { file: File; dryRun: boolean }) => {
    const form = new FormData();
    form.append('file', file);
    return api<Wire<CountImportResult>>('POST', `/api/v1/stock/counts/${id}/import`, { form, query: { dryRun } });
  });
}

export const countSheetUrl = (id: string) => `/api/v1/stock/counts/${id}/sheet.xlsx`;
