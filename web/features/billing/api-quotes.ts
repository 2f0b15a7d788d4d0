import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdjustChargeBody,
  ChargeView,
  CreateQuoteBody,
  CustomerContractBody,
  CustomerContractView,
  DrawnSignature,
  RepairWarrantyBody,
  LabourRateBody,
  LabourRateView,
  PricedLine,
  PricesView,
  PublicQuoteView,
  QuoteDraftView,
  QuoteView,
} from '../../../shared/contracts/billing-quotes';
import { api, type Wire } from '../../lib/api';
import { ticketKeys } from '../../lib/query-keys';

export type Quote = Wire<QuoteView>;
export type Charge = Wire<ChargeView>;
export type QuoteDraft = Wire<QuoteDraftView>;
export type Prices = Wire<PricesView>;
export type PublicQuote = Wire<PublicQuoteView>;
export type Priced = Wire<PricedLine>;

const keys = {
  quotes: (ticketId: string) => ['quotes', ticketId] as const,
  draft: (ticketId: string) => ['quote-draft', ticketId] as const,
  charge: (ticketId: string) => ['charge', ticketId] as const,
  customerCaused: (ticketId: string) => ['customer-caused', ticketId] as const,
  prices: ['prices'] as const,
  publicQuote: (token: string) => ['public-quote', token] as const,
};

/** The signature pad's PNG as base64, as the API takes it. */
export async function signatureOf(signerName: string, png: Blob): Promise<DrawnSignature> {
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(png);
  });
  return { signerName, png: dataUrl.replace(/^data:image\/png;base64,/, '') };
}

export function useQuotes(ticketId: string) {
  return useQuery({ queryKey: keys.quotes(ticketId), queryFn: async () => (await api<{ items: Quote[] }>('GET', `/api/v1/tickets/${ticketId}/quotes`)).items });
}

export function useQuoteDraft(ticketId: string, enabled: boolean) {
  return useQuery({ queryKey: keys.draft(ticketId), enabled, queryFn: () => api<QuoteDraft>('GET', `/api/v1/tickets/${ticketId}/quote-draft`) });
}

/** The lines priced as the quote would price them; `body` is the quote as typed (JSON), or null. */
export function useQuotePreview(ticketId: string, body: string, enabled: boolean) {
  return useQuery({
    queryKey: ['quote-preview', ticketId, body],
    enabled: enabled && body !== 'null',
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () => api<{ lines: Priced[]; totalFen: number }>('POST', `/api/v1/tickets/${ticketId}/quotes/preview`, { body: JSON.parse(body) as CreateQuoteBody }),
  });
}

function useRefresh(ticketId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: keys.quotes(ticketId) });
    void client.invalidateQueries({ queryKey: keys.charge(ticketId) });
    void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
    void client.invalidateQueries({ queryKey: ticketKeys.lists });
  };
}

export function useCreateQuote(ticketId: string) {
  const refresh = useRefresh(ticketId);
  return useMutation({ mutationFn: (body: CreateQuoteBody) => api<Quote>('POST', `/api/v1/tickets/${ticketId}/quotes`, { body }), onSuccess: refresh });
}

export function useDecideQuote(ticketId: string) {
  const refresh = useRefresh(ticketId);
  return useMutation({
    mutationFn: (v: { quoteId: string; decision: 'approved' | 'declined'; signature?: DrawnSignature }) =>
      api<Quote>('POST', `/api/v1/quotes/${v.quoteId}/decision`, { body: { decision: v.decision, ...(v.signature ? { signature: v.signature } : {}) } }),
    onSuccess: refresh,
  });
}

export function useQuoteLink() {
  return useMutation({ mutationFn: (quoteId: string) => api<{ url: string; path: string; expiresAt: string }>('POST', `/api/v1/quotes/${quoteId}/link`) });
}

export function useCustomerCaused(ticketId: string) {
  return useQuery({
    queryKey: keys.customerCaused(ticketId),
    queryFn: () => api<{ customerCaused: boolean; reason: string | null; markedAt: string | null; markedByName: string | null }>('GET', `/api/v1/tickets/${ticketId}/customer-caused`),
  });
}

export function useMarkCustomerCaused(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { customerCaused: boolean; reason?: string | null }) => api('PUT', `/api/v1/tickets/${ticketId}/customer-caused`, { body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.customerCaused(ticketId) });
      void client.invalidateQueries({ queryKey: keys.draft(ticketId) });
    },
  });
}

export function useCharge(ticketId: string) {
  return useQuery({ queryKey: keys.charge(ticketId), queryFn: async () => (await api<{ charge: Charge | null }>('GET', `/api/v1/tickets/${ticketId}/charge`)).charge });
}

function useChargeMutation<V>(ticketId: string, run: (v: V) => Promise<Charge>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (charge) => {
      client.setQueryData(keys.charge(ticketId), charge);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
    },
  });
}

export function useChargeTicket(ticketId: string) {
  return useChargeMutation(ticketId, () => api<Charge>('POST', `/api/v1/tickets/${ticketId}/charge`));
}

export function useAdjustCharge(ticketId: string) {
  return useChargeMutation(ticketId, (v: { chargeId: string; body: AdjustChargeBody }) => api<Charge>('POST', `/api/v1/charges/${v.chargeId}/adjustments`, { body: v.body }));
}

export function useDecideAdjustment(ticketId: string) {
  return useChargeMutation(ticketId, (v: { chargeId: string; adjustmentId: string; decision: 'approved' | 'declined'; signature?: DrawnSignature }) =>
    api<Charge>('POST', `/api/v1/charges/${v.chargeId}/adjustments/${v.adjustmentId}/decision`, { body: { decision: v.decision, ...(v.signature ? { signature: v.signature } : {}) } }),
  );
}

export function useExplainCharge(ticketId: string) {
  return useChargeMutation(ticketId, (v: { chargeId: string; explainedLines: number[]; signature: DrawnSignature }) =>
    api<Charge>('POST', `/api/v1/charges/${v.chargeId}/explanation`, { body: { explainedLines: v.explainedLines, signature: v.signature } }),
  );
}

// --- prices ------------------------------------------------------------------------------------

export function usePrices() {
  return useQuery({ queryKey: keys.prices, queryFn: () => api<Prices>('GET', '/api/v1/prices') });
}

function usePricesMutation<V, R>(run: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => void client.invalidateQueries({ queryKey: keys.prices }) });
}

export function useSaveRate() {
  return usePricesMutation((v: { id?: string; version?: number; body: LabourRateBody }) =>
    v.id ? api<Wire<LabourRateView>>('PUT', `/api/v1/prices/rates/${v.id}`, { body: v.body, ifMatch: v.version }) : api<Wire<LabourRateView>>('POST', '/api/v1/prices/rates', { body: v.body }),
  );
}

export function useDeleteRate() {
  return usePricesMutation((id: string) => api<void>('DELETE', `/api/v1/prices/rates/${id}`));
}

export function useSaveContract() {
  return usePricesMutation((v: { id?: string; version?: number; body: CustomerContractBody }) =>
    v.id
      ? api<Wire<CustomerContractView>>('PUT', `/api/v1/prices/contracts/${v.id}`, { body: v.body, ifMatch: v.version })
      : api<Wire<CustomerContractView>>('POST', '/api/v1/prices/contracts', { body: v.body }),
  );
}

// --- the public approval page --------------------------------------------------------------------

export function usePublicQuote(token: string) {
  return useQuery({ queryKey: keys.publicQuote(token), retry: false, queryFn: () => api<PublicQuote>('GET', `/api/v1/public/quotes/${token}`) });
}

export function usePublicDecision(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { decision: 'approved' | 'declined'; signature?: DrawnSignature }) => api<PublicQuote>('POST', `/api/v1/public/quotes/${token}/decision`, { body: v }),
    onSuccess: (view) => client.setQueryData(keys.publicQuote(token), view),
  });
}

/** M8: the months of warranty the repair carries (0 = none). */
export function useSetRepairWarranty(ticketId: string) {
  return useChargeMutation(ticketId, (body: RepairWarrantyBody) => api<Charge>('PUT', `/api/v1/tickets/${ticketId}/charge/repair-warranty`, { body }));
}
