import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TicketEventView, ticketListItem, TicketView } from '../../../shared/contracts/tickets';
import type { clockBadge } from '../../../shared/contracts/sla';
import { api, type Wire } from '../api';
import { ticketKeys } from '../query-keys';

export type Ticket = Wire<TicketView>;
export type TicketRow = Wire<z.infer<typeof ticketListItem> & { sla: z.infer<typeof clockBadge> | null }>;
/** A page of the list: `total` is exact up to the server's limit, a lower bound beyond it (`totalExact: false`). */
export interface TicketList {
  items: TicketRow[];
  total: number;
  totalExact?: boolean | undefined;
}
export type TicketEvent = Wire<TicketEventView>;

/** The list's filter as the API takes it in its query string (several statuses comma-separated). */
export interface TicketFilter {
  q?: string | undefined;
  status?: string | undefined;
  priority?: string | undefined;
  type?: string | undefined;
  channel?: string | undefined;
  warranty?: string | undefined;
  customerId?: string | undefined;
  assetId?: string | undefined;
  assigneeId?: string | undefined;
  createdBy?: string | undefined;
  emergency?: string | undefined;
  chased?: string | undefined;
  reportedFrom?: string | undefined;
  reportedTo?: string | undefined;
  page: number;
  pageSize: number;
}

/** A page of the ticket list; a route may fetch it before its page renders. */
export const ticketListQuery = (filter: TicketFilter) =>
  queryOptions({ queryKey: ticketKeys.list(filter), queryFn: () => api<TicketList>('GET', '/api/v1/tickets', { query: { ...filter } }) });

export function useTickets(filter: TicketFilter) {
  return useQuery({ ...ticketListQuery(filter), placeholderData: keepPreviousData });
}

export function useTicket(id: string) {
  return useQuery({ queryKey: ticketKeys.detail(id), queryFn: () => api<Ticket>('GET', `/api/v1/tickets/${id}`) });
}
