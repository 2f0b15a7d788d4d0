import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { LoanerStatus } from '../../../shared/contracts/parts';
import type { createLoanerBody, lendLoanerBody, LoanerEquivalentsView, LoanerView, TicketLoaners, updateLoanerBody } from '../../../shared/contracts/parts-loaners';
import { api, type Wire } from '../../lib/api';
import { ticketKeys } from '../../lib/query-keys';

export type Loaner = Wire<LoanerView>;
export type TicketLoanersView = Wire<TicketLoaners>;
export interface Product {
  id: string;
  name: string;
  brand: string | null;
  model: string | null;
}

/** E3: the pools under `loaners`; a ticket's loaner under the ticket, so the ticket's refresh reaches it. */
export const loanerKeys = {
  all: ['loaners'] as const,
  list: (filter: object) => ['loaners', 'list', filter] as const,
  equivalents: (productId: string | undefined) => ['loaners', 'equivalents', productId] as const,
  products: ['loaners', 'products'] as const,
  ofTicket: (ticketId: string) => [...ticketKeys.detail(ticketId), 'loaners'] as const,
};

export interface LoanerFilter {
  status?: LoanerStatus | undefined;
  locationId?: string | undefined;
  overdue?: boolean;
}

export function useLoaners(filter: LoanerFilter) {
  return useQuery({
    queryKey: loanerKeys.list(filter),
    queryFn: () => api<{ items: Loaner[] }>('GET', '/api/v1/loaners', { query: { ...filter, overdue: filter.overdue || undefined } }),
    select: (d) => d.items,
  });
}

export function useProducts(enabled = true) {
  return useQuery({ queryKey: loanerKeys.products, queryFn: () => api<{ items: Product[] }>('GET', '/api/v1/products'), select: (d) => d.items, enabled, staleTime: 60_000 });
}

function useLoanerMutation<V, R>(run: (vars: V) => Promise<R>, ticketId?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: loanerKeys.all });
      // A lent unit moves the ticket on (its event, its loaner clock); a returned one lets it close.
      void client.invalidateQueries({ queryKey: ticketId ? ticketKeys.detail(ticketId) : ticketKeys.all });
    },
  });
}

export const useCreateLoaner = () => useLoanerMutation((body: z.input<typeof createLoanerBody>) => api<Loaner>('POST', '/api/v1/loaners', { body }));
export const useUpdateLoaner = () =>
  useLoanerMutation(({ loaner, body }: { loaner: Loaner; body: z.input<typeof updateLoanerBody> }) => api<Loaner>('PATCH', `/api/v1/loaners/${loaner.id}`, { body, ifMatch: loaner.version }));
export const useReturnLoaner = (ticketId?: string) => useLoanerMutation((id: string) => api<Loaner>('POST', `/api/v1/loaners/${id}/return`, { body: {} }), ticketId);

export function useTicketLoaners(ticketId: string, enabled: boolean) {
  return useQuery({ queryKey: loanerKeys.ofTicket(ticketId), queryFn: () => api<TicketLoanersView>('GET', `/api/v1/tickets/${ticketId}/loaners`), enabled });
}

export const useLendLoaner = (ticketId: string) =>
  useLoanerMutation((body: z.input<typeof lendLoanerBody>) => api<Loaner>('POST', `/api/v1/tickets/${ticketId}/loaners`, { body }), ticketId);

export function useLoanerEquivalents(productId: string | undefined) {
  return useQuery({
    queryKey: loanerKeys.equivalents(productId),
    queryFn: () => api<Wire<LoanerEquivalentsView>>('GET', `/api/v1/products/${productId}/loaner-equivalents`),
    enabled: !!productId,
  });
}

export function useSetLoanerEquivalents() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ productId, equivalentIds }: { productId: string; equivalentIds: string[] }) =>
      api<Wire<LoanerEquivalentsView>>('PUT', `/api/v1/products/${productId}/loaner-equivalents`, { body: { equivalentIds } }),
    onSuccess: (view) => {
      client.setQueryData(loanerKeys.equivalents(view.productId), view);
      void client.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}
