import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { categoryView, CreatePartBody, PartView, StockItem, UpdatePartBody } from '../../../shared/contracts/parts';
import type { AssetPartsView, ContractPricesBody, FitsBody, ImportMode, ImportProgressLine, ImportReport, PartDetail } from '../../../shared/contracts/parts-catalogue';
import { api, ApiError, type Wire } from '../../lib/api';

/* The parts catalogue: list, detail, edits, substitutes and fits, Excel import and export. */

export type Part = Wire<PartView>;
export type Category = z.infer<typeof categoryView>;
export type PartDetailData = Wire<PartDetail>;
export type AssetParts = Wire<AssetPartsView>;
export type Stock = Wire<StockItem>;

export const catalogueKeys = {
  all: ['parts'] as const,
  list: (filter: object) => ['parts', 'list', filter] as const,
  categories: ['parts', 'categories'] as const,
  detail: (id: string) => ['parts', 'detail', id] as const,
  stock: (partId: string) => ['parts', 'stock', partId] as const,
  products: ['parts', 'products'] as const,
  forAsset: (assetId: string) => ['parts', 'asset', assetId] as const,
};

export interface PartFilter {
  q?: string | undefined;
  categoryId?: string | undefined;
  discontinued?: 'true' | 'false' | undefined;
  page: number;
  pageSize: number;
}

export function useParts(filter: PartFilter) {
  return useQuery({
    queryKey: catalogueKeys.list(filter),
    queryFn: () => api<{ items: Part[]; total: number }>('GET', '/api/v1/parts', { query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}

export function useCategories() {
  return useQuery({ queryKey: catalogueKeys.categories, queryFn: () => api<{ items: Category[] }>('GET', '/api/v1/part-categories') });
}

export function usePartDetail(id: string | null) {
  return useQuery({ queryKey: catalogueKeys.detail(id ?? ''), queryFn: () => api<PartDetailData>('GET', `/api/v1/parts/${id}/detail`), enabled: !!id });
}

export function usePartStock(partId: string | null) {
  return useQuery({ queryKey: catalogueKeys.stock(partId ?? ''), queryFn: () => api<{ items: Stock[] }>('GET', '/api/v1/stock', { query: { partId, nonZero: true } }), enabled: !!partId });
}

/** Products (models) to say what a part fits; read through the assets API. */
export function useProducts(enabled = true) {
  return useQuery({ queryKey: catalogueKeys.products, queryFn: () => api<{ items: { id: string; name: string; kind: string }[] }>('GET', '/api/v1/products'), enabled });
}

/** A2: the parts that fit an asset, with prices and stock per location. */
export function useAssetParts(assetId: string) {
  return useQuery({ queryKey: catalogueKeys.forAsset(assetId), queryFn: () => api<AssetParts>('GET', `/api/v1/assets/${assetId}/parts`) });
}

export function useSavePart() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; version?: number; body: CreatePartBody | UpdatePartBody }) =>
      input.id ? api<Part>('PATCH', `/api/v1/parts/${input.id}`, { body: input.body, ifMatch: input.version }) : api<Part>('POST', '/api/v1/parts', { body: input.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: catalogueKeys.all }),
  });
}

export function useReplaceSubstitutes(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (substituteIds: string[]) => api<PartDetailData>('PUT', `/api/v1/parts/${id}/substitutes`, { body: { substituteIds } }),
    onSuccess: () => client.invalidateQueries({ queryKey: catalogueKeys.all }),
  });
}

export function useReplaceFits(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: FitsBody) => api<PartDetailData>('PUT', `/api/v1/parts/${id}/fits`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: catalogueKeys.all }),
  });
}

export function useReplaceContractPrices(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ContractPricesBody) => api<PartDetailData>('PUT', `/api/v1/parts/${id}/contract-prices`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: catalogueKeys.all }),
  });
}

/** Customers by name or phone, to agree a contract price with one (E5). */
export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: ['parts', 'customers', q],
    queryFn: () => api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/customers', { query: { q, pageSize: 20 } }),
    enabled: q.trim().length > 0,
  });
}

const fileForm = (file: File) => {
  const form = new FormData();
  form.append('file', file);
  return form;
};

/** The dry run: every bad row with its line and reason; nothing is written. */
export function checkImport(file: File, mode: ImportMode) {
  return api<ImportReport>('POST', '/api/v1/parts/import/check', { form: fileForm(file), query: { mode } });
}

/**
 * The import: progress lines stream back while the server writes in one transaction. Answers
 * the last line (done or error); a refused file throws `ApiError` like any request.
 */
export async function runImport(file: File, mode: ImportMode, locale: string, onProgress: (done: number, total: number) => void): Promise<ImportProgressLine> {
  const response = await fetch(`/api/v1/parts/import?mode=${mode}`, { method: 'POST', body: fileForm(file), credentials: 'same-origin', headers: { 'X-Locale': locale } });
  if (!response.ok || !response.body) {
    const problem = await response.json().catch(() => ({ type: 'about:blank', title: response.statusText, status: response.status, code: 'INTERNAL' }));
    throw new ApiError(response.status, problem);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  let last: ImportProgressLine = { type: 'error', problem: { code: 'INTERNAL', title: '' } };
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      last = JSON.parse(line) as ImportProgressLine;
      if (last.type === 'progress') onProgress(last.done, last.total);
    }
    if (done) break;
  }
  return last;
}
