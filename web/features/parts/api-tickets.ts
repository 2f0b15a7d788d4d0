import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { locationView, partView } from '../../../shared/contracts/parts';
import type {
  ApproveRequisitionBody,
  FittedPartView,
  OldPartReturnBody,
  OldPartReturnView,
  ProposeTicketPartBody,
  RequestRequisitionBody,
  RequisitionView,
  TicketPartsView,
  VanReturnBody,
} from '../../../shared/contracts/parts-tickets';
import type { MovementView, RequisitionStatus } from '../../../shared/contracts/parts';
import { api, type Wire } from '../../lib/api';
import { vanKeys } from '../../lib/queries/van';
import { useDebounced } from '../../lib/use-debounced';

export type TicketParts = Wire<TicketPartsView>;
export type Requisition = Wire<RequisitionView>;
export type OldPartReturn = Wire<OldPartReturnView>;
export type PartItem = Wire<z.infer<typeof partView>>;
export type StockLocation = Wire<z.infer<typeof locationView>>;

const keys = {
  ticket: (id: string) => ['ticket-parts', id] as const,
  requisitions: ['requisitions'] as const,
  requisitionList: (filter: object) => ['requisitions', filter] as const,
  oldParts: ['old-part-returns'] as const,
  oldPartList: (filter: object) => ['old-part-returns', filter] as const,
  overdue: ['old-part-returns', 'overdue'] as const,
  parts: (q: string) => ['parts-search', q] as const,
  locations: (kind?: string) => ['stock-locations', kind ?? 'all'] as const,
};

export function useTicketParts(ticketId: string) {
  return useQuery({ queryKey: keys.ticket(ticketId), queryFn: () => api<TicketParts>('GET', `/api/v1/tickets/${ticketId}/parts`) });
}

function useTicketPartsMutation<V>(ticketId: string, run: (v: V) => Promise<TicketParts>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: (view) => client.setQueryData(keys.ticket(ticketId), view) });
}

export function useProposePart(ticketId: string) {
  return useTicketPartsMutation(ticketId, (body: ProposeTicketPartBody) => api<TicketParts>('POST', `/api/v1/tickets/${ticketId}/parts`, { body }));
}

export function useReservePart(ticketId: string) {
  return useTicketPartsMutation(ticketId, (id: string) => api<TicketParts>('POST', `/api/v1/tickets/${ticketId}/parts/${id}/reserve`, { body: {} }));
}

export function useCancelPart(ticketId: string) {
  return useTicketPartsMutation(ticketId, (id: string) => api<TicketParts>('POST', `/api/v1/tickets/${ticketId}/parts/${id}/cancel`));
}

/** Parts by number or name, for a picker. */
export function usePartSearch(q: string) {
  return useQuery({
    queryKey: keys.parts(q),
    queryFn: () => api<{ items: PartItem[] }>('GET', '/api/v1/parts', { query: { q: q || undefined, pageSize: 50 } }),
    placeholderData: keepPreviousData,
  });
}

/** The picker's search, asked once the typing pauses. */
export function useDebouncedPartSearch(q: string) {
  return usePartSearch(useDebounced(q.trim(), 250));
}

export function useLocations(kind?: 'warehouse' | 'depot' | 'van') {
  return useQuery({ queryKey: keys.locations(kind), queryFn: () => api<{ items: StockLocation[] }>('GET', '/api/v1/stock/locations', { query: { kind } }) });
}

export function useRequisitions(filter: { status?: RequisitionStatus }) {
  return useQuery({ queryKey: keys.requisitionList(filter), queryFn: () => api<{ items: Requisition[] }>('GET', '/api/v1/requisitions', { query: filter }) });
}

function useRequisitionMutation<V>(run: (v: V) => Promise<Requisition>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.requisitions });
      void client.invalidateQueries({ queryKey: vanKeys.mine });
    },
  });
}

export function useRequestRequisition() {
  return useRequisitionMutation((body: RequestRequisitionBody) => api<Requisition>('POST', '/api/v1/requisitions', { body }));
}

export function useApproveRequisition() {
  return useRequisitionMutation(({ id, body }: { id: string; body: ApproveRequisitionBody }) => api<Requisition>('POST', `/api/v1/requisitions/${id}/approve`, { body }));
}

export function useRejectRequisition() {
  return useRequisitionMutation(({ id, reason }: { id: string; reason: string }) => api<Requisition>('POST', `/api/v1/requisitions/${id}/reject`, { body: { reason } }));
}

export function useOldPartReturns(filter: { state?: 'open' | 'overdue' | 'returned' | 'all' }) {
  return useQuery({ queryKey: keys.oldPartList(filter), queryFn: () => api<{ items: OldPartReturn[] }>('GET', '/api/v1/old-part-returns', { query: filter }) });
}

export function useOverdueByTechnician(enabled: boolean) {
  return useQuery({
    queryKey: keys.overdue,
    queryFn: () => api<{ items: { technicianId: string; technicianName: string; count: number; oldestDueAt: string }[] }>('GET', '/api/v1/old-part-returns/overdue'),
    enabled,
  });
}

export function useReceiveOldPart() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: OldPartReturnBody }) => api<OldPartReturn>('POST', `/api/v1/old-part-returns/${id}/receive`, { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.oldParts }),
  });
}

/** What is left in the van goes back to a warehouse or depot. */
export function useVanReturn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: VanReturnBody) => api<Wire<MovementView>>('POST', '/api/v1/stock/my-van/returns', { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: vanKeys.mine }),
  });
}

export type FittedPart = Wire<FittedPartView>;

/** The asset's part history: what was fitted on which job, with the serial fitted and the one taken out. */
export function useFittedParts(assetId: string) {
  return useQuery({ queryKey: ['fitted-parts', assetId] as const, queryFn: () => api<{ items: FittedPart[] }>('GET', `/api/v1/assets/${assetId}/fitted-parts`) });
}
