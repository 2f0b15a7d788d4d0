import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AddCostBody, CostView, InvoiceView, IssueInvoiceBody, ReceivablesPage, ReceivablesSummary, RecordPaymentBody, RequestInvoiceBody, ReverseInvoiceBody, TicketMoney, TicketPayments } from '../../../shared/contracts/billing-payments';
import { api, type Wire } from '../../lib/api';
import { ticketKeys } from '../../lib/query-keys';

export type Payments = Wire<TicketPayments>;
export type Invoice = Wire<InvoiceView>;
export type Cost = Wire<CostView>;
export type Money = Wire<TicketMoney>;
export type Receivables = Wire<ReceivablesPage>;
export type Summary = Wire<ReceivablesSummary>;

/** A ticket's money lives under the ticket, so its refresh reaches it; the queues under `money`. */
export const moneyKeys = {
  all: ['money'] as const,
  ofTicket: (ticketId: string) => [...ticketKeys.detail(ticketId), 'money'] as const,
  costs: (filter: object) => ['money', 'costs', filter] as const,
  receivables: (filter: object) => ['money', 'receivables', filter] as const,
  summary: (filter: object) => ['money', 'summary', filter] as const,
};

export const usePayments = (ticketId: string, enabled: boolean) =>
  useQuery({ queryKey: [...moneyKeys.ofTicket(ticketId), 'payments'], queryFn: () => api<Payments>('GET', `/api/v1/tickets/${ticketId}/payments`), enabled });
export const useInvoices = (ticketId: string, enabled: boolean) =>
  useQuery({ queryKey: [...moneyKeys.ofTicket(ticketId), 'invoices'], queryFn: () => api<{ items: Invoice[] }>('GET', `/api/v1/tickets/${ticketId}/invoices`), select: (d) => d.items, enabled });
export const useTicketCosts = (ticketId: string, enabled: boolean) =>
  useQuery({ queryKey: [...moneyKeys.ofTicket(ticketId), 'costs'], queryFn: () => api<{ items: Cost[] }>('GET', `/api/v1/tickets/${ticketId}/costs`), select: (d) => d.items, enabled });
export const useTicketMoney = (ticketId: string, enabled: boolean) =>
  useQuery({ queryKey: [...moneyKeys.ofTicket(ticketId), 'summary'], queryFn: () => api<Money>('GET', `/api/v1/tickets/${ticketId}/money`), enabled });

function useMoneyMutation<V, R>(run: (vars: V) => Promise<R>, ticketId?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: moneyKeys.all });
      if (ticketId) void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
    },
  });
}

export const useRecordPayment = (ticketId: string) => useMoneyMutation((body: RecordPaymentBody) => api<unknown>('POST', `/api/v1/tickets/${ticketId}/payments`, { body }), ticketId);
export const useRequestInvoice = (ticketId: string) => useMoneyMutation((body: RequestInvoiceBody) => api<Invoice>('POST', `/api/v1/tickets/${ticketId}/invoices`, { body }), ticketId);
export const useIssueInvoice = (ticketId: string) => useMoneyMutation(({ id, body }: { id: string; body: IssueInvoiceBody }) => api<Invoice>('POST', `/api/v1/invoices/${id}/issue`, { body }), ticketId);
export const useReverseInvoice = (ticketId: string) => useMoneyMutation(({ id, body }: { id: string; body: ReverseInvoiceBody }) => api<Invoice>('POST', `/api/v1/invoices/${id}/reversal`, { body }), ticketId);
export const useAddCost = (ticketId: string) => useMoneyMutation((body: AddCostBody) => api<Cost>('POST', `/api/v1/tickets/${ticketId}/costs`, { body }), ticketId);
export const useUploadReceipt = (ticketId?: string) =>
  useMoneyMutation(({ id, file }: { id: string; file: File }) => {
    const form = new FormData();
    form.append('file', file);
    return api<Cost>('POST', `/api/v1/costs/${id}/receipt`, { form });
  }, ticketId);
export const useApproveCost = (ticketId?: string) => useMoneyMutation((cost: Cost) => api<Cost>('POST', `/api/v1/costs/${cost.id}/approve`, { ifMatch: cost.version }), ticketId);
export const useRejectCost = (ticketId?: string) => useMoneyMutation(({ cost, reason }: { cost: Cost; reason: string }) => api<Cost>('POST', `/api/v1/costs/${cost.id}/reject`, { body: { reason }, ifMatch: cost.version }), ticketId);

export interface CostFilter {
  status?: 'pending' | 'approved' | 'rejected' | undefined;
  month?: string | undefined;
}
export const useCosts = (filter: CostFilter) =>
  useQuery({ queryKey: moneyKeys.costs(filter), queryFn: () => api<{ items: Cost[] }>('GET', '/api/v1/costs', { query: { ...filter } }), select: (d) => d.items });

export interface ReceivablesFilter {
  customerId?: string | undefined;
  ageing?: number | undefined;
  chargedMonth?: string | undefined;
}
export const receivablesPage = (filter: ReceivablesFilter, after?: string | null) =>
  api<Receivables>('GET', '/api/v1/receivables', { query: { ...filter, after: after ?? undefined, limit: 50 } });
export const useReceivablesSummary = (filter: ReceivablesFilter) =>
  useQuery({ queryKey: moneyKeys.summary(filter), queryFn: () => api<Summary>('GET', '/api/v1/receivables/summary', { query: { ...filter } }) });

export { queryString } from '../../components/ExportButton';
