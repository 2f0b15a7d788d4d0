import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClockBadge, ClockView, TicketPolicyView } from '../../../shared/contracts/sla';
import type { ExtendClockBody, FieldEventBody } from '../../../shared/contracts/tickets';
import { api, type Wire } from '../api';
import { slaKeys, ticketKeys } from '../query-keys';

export type Clock = Wire<ClockView>;
export type Badge = Wire<ClockBadge>;
export type TicketPolicy = Wire<TicketPolicyView>;

export function useTicketClocks(ticketId: string) {
  return useQuery({ queryKey: slaKeys.clocks(ticketId), queryFn: () => api<{ items: Clock[]; policy: TicketPolicy | null }>('GET', `/api/v1/tickets/${ticketId}/sla`), refetchInterval: 60_000 });
}

/** Records what clocks listen to (arrived, called back, loaner…); the ticket and its clocks refresh. */
export function useFieldEvent(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: FieldEventBody) => api('POST', `/api/v1/tickets/${ticketId}/field-events`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
  });
}

/** C1: the extended target, with the reason. */
export function useExtendClock(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ExtendClockBody) => api('POST', `/api/v1/tickets/${ticketId}/sla/extend`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
  });
}
