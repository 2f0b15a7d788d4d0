import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ForecastView, PurchaseSuggestionView, ReorderRuleBody, ReorderRuleView, SlowMovingView, UnusualUsageView, purchaseSuggestionList } from '../../../shared/contracts/parts-planning';
import type { PartView } from '../../../shared/contracts/parts';
import { api, type Wire } from '../../lib/api';

export type ReorderRule = Wire<ReorderRuleView>;
export type Suggestion = Wire<PurchaseSuggestionView>;
export type SlowMover = Wire<SlowMovingView>;
export type Unusual = Wire<UnusualUsageView>;
export type Forecast = Wire<ForecastView>;
export type PartOption = Wire<PartView>;

const keys = {
  all: ['stock-planning'] as const,
  rules: ['stock-planning', 'rules'] as const,
  suggestions: ['stock-planning', 'suggestions'] as const,
  slow: ['stock-planning', 'slow'] as const,
  unusual: (month?: string) => ['stock-planning', 'unusual', month ?? ''] as const,
  forecast: (growthBp: number) => ['stock-planning', 'forecast', growthBp] as const,
};

export const useReorderRules = () => useQuery({ queryKey: keys.rules, queryFn: () => api<{ items: ReorderRule[] }>('GET', '/api/v1/stock/reorder-rules') });
export const useSuggestions = () => useQuery({ queryKey: keys.suggestions, queryFn: () => api<Wire<z.infer<typeof purchaseSuggestionList>>>('GET', '/api/v1/stock/purchase-suggestions') });
export const useSlowMoving = () => useQuery({ queryKey: keys.slow, queryFn: () => api<{ days: number; items: SlowMover[]; totalFen: number }>('GET', '/api/v1/stock/slow-moving') });
export const useUnusualUsage = (month?: string) =>
  useQuery({
    queryKey: keys.unusual(month),
    queryFn: () => api<{ month: string; factorBp: number; minimum: number; historyMonths: number; items: Unusual[] }>('GET', '/api/v1/stock/unusual-usage', { query: { month } }),
  });
export const useForecast = (growthBp: number) => useQuery({ queryKey: keys.forecast(growthBp), queryFn: () => api<Forecast>('GET', '/api/v1/stock/forecast', { query: { growthBp } }) });

export function usePartSearch(q: string) {
  return useQuery({ queryKey: ['parts', 'search', q], queryFn: () => api<{ items: PartOption[] }>('GET', '/api/v1/parts', { query: { q, pageSize: 20 } }) });
}

export function useSetRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReorderRuleBody) => api<ReorderRule>('PUT', '/api/v1/stock/reorder-rules', { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useRemoveRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: { partId: string; locationId: string }) => api<void>('DELETE', '/api/v1/stock/reorder-rules', { query: key }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.all }),
  });
}

export const exportUrl = (name: 'purchase-suggestions' | 'slow-moving' | 'unusual-usage' | 'forecast', query: Record<string, string | number | undefined> = {}) => {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '').map(([k, v]) => [k, String(v)]));
  const qs = params.toString();
  return `/api/v1/stock/${name}.xlsx${qs ? `?${qs}` : ''}`;
};
