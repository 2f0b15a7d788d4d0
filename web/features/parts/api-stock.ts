import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createLocationBody,
  issueBody,
  LedgerLineView,
  LocationKind,
  LocationView,
  MoveKind,
  MovementView,
  PartView,
  receiptBody,
  StockItem,
  transferBody,
  TransferStatus,
  TransferView,
  updateLocationBody,
  writeOffBody,
} from '../../../shared/contracts/parts';
import { api, type Wire } from '../../lib/api';

export type Location = Wire<LocationView>;
export type Stock = Wire<StockItem>;
export type Part = Wire<PartView>;
export type Transfer = Wire<TransferView>;
export type LedgerLine = Wire<LedgerLineView>;

/**
 * Stock: locations, balances, movements and the ledger. Every key sits under `stock` (and the
 * catalogue's under `parts`), so a movement refreshes every screen that shows stock at once.
 */
export const stockKeys = {
  all: ['stock'] as const,
  locations: (includeInactive: boolean) => ['stock', 'locations', includeInactive] as const,
  balances: (filter: object) => ['stock', 'balances', filter] as const,
  transfers: (filter: object) => ['stock', 'transfers', filter] as const,
  ledger: (filter: object) => ['stock', 'ledger', filter] as const,
  parts: (q: string) => ['parts', 'picker', q] as const,
};

export function useLocations(includeInactive = false) {
  return useQuery({
    queryKey: stockKeys.locations(includeInactive),
    queryFn: () => api<{ items: Location[] }>('GET', '/api/v1/stock/locations', { query: { includeInactive: includeInactive || undefined } }),
    select: (d) => d.items,
    staleTime: 30_000,
  });
}

function useStockMutation<V, R>(run: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => client.invalidateQueries({ queryKey: stockKeys.all }) });
}

export const useCreateLocation = () => useStockMutation((body: z.input<typeof createLocationBody>) => api<Location>('POST', '/api/v1/stock/locations', { body }));
export const useUpdateLocation = () =>
  useStockMutation(({ id, body }: { id: string; body: z.input<typeof updateLocationBody> }) => api<Location>('PATCH', `/api/v1/stock/locations/${id}`, { body }));

export interface StockFilter {
  locationId?: string | undefined;
  partId?: string | undefined;
  nonZero?: boolean;
}

export function useStock(filter: StockFilter, enabled = true) {
  return useQuery({
    enabled,
    queryKey: stockKeys.balances(filter),
    queryFn: () => api<{ items: Stock[] }>('GET', '/api/v1/stock', { query: { ...filter, nonZero: filter.nonZero || undefined } }),
    select: (d) => d.items,
    placeholderData: keepPreviousData,
  });
}

/** Parts whose number or name holds `q`, for the part pickers. */
export function usePartSearch(q: string) {
  return useQuery({
    queryKey: stockKeys.parts(q),
    queryFn: () => api<{ items: Part[] }>('GET', '/api/v1/parts', { query: { q: q || undefined, pageSize: 50 } }),
    select: (d) => d.items,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

export const useReceive = () => useStockMutation((body: z.input<typeof receiptBody>) => api<MovementView>('POST', '/api/v1/stock/receipts', { body }));
export const useIssue = () => useStockMutation((body: z.input<typeof issueBody>) => api<MovementView>('POST', '/api/v1/stock/issues', { body }));
export const useWriteOff = () => useStockMutation((body: z.input<typeof writeOffBody>) => api<MovementView>('POST', '/api/v1/stock/write-offs', { body }));
export const useSendTransfer = () => useStockMutation((body: z.input<typeof transferBody>) => api<Transfer>('POST', '/api/v1/stock/transfers', { body }));
export const useReceiveTransfer = () => useStockMutation((id: string) => api<Transfer>('POST', `/api/v1/stock/transfers/${id}/receive`));

export function useTransfers(filter: { status?: TransferStatus | undefined; locationId?: string | undefined }) {
  return useQuery({
    queryKey: stockKeys.transfers(filter),
    queryFn: () => api<{ items: Transfer[] }>('GET', '/api/v1/stock/transfers', { query: filter }),
    select: (d) => d.items,
  });
}

export interface LedgerFilter {
  partId?: string | undefined;
  locationId?: string | undefined;
  kind?: MoveKind | undefined;
  page: number;
  pageSize: number;
}

export function useLedger(filter: LedgerFilter) {
  return useQuery({
    queryKey: stockKeys.ledger(filter),
    queryFn: () => api<{ items: LedgerLine[]; total: number }>('GET', '/api/v1/stock/ledger', { query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}

export type { LocationKind };
