import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createPenaltyBody,
  HoldbackLedgerView,
  PayComponent,
  PayLinesView,
  PayPerson,
  PayRunStatus,
  PayRunView,
  PenaltyView,
  ReworkCandidatesView,
  ReworkJudgementBody,
  ReworkJudgementView,
} from '../../../shared/contracts/pay';
import { api, ApiError, type Wire } from '../../lib/api';
import { ticketKeys } from '../../lib/query-keys';

export type PayRun = Wire<PayRunView>;
export type PayPersonLines = Wire<PayPerson>;
export type PayLine = Wire<PayComponent>;
export type HoldbackLedger = Wire<HoldbackLedgerView>;
export type Penalty = Wire<PenaltyView>;
export type ReworkJudgement = Wire<ReworkJudgementView>;
export type PenaltyStatus = 'open' | 'confirmed' | 'withdrawn';
export interface MyPayRun {
  id: string;
  month: string;
  status: PayRunStatus;
  totalFen: number;
}

/** Pay under `pay`; a ticket's rework judgement under the ticket, so the ticket's refresh reaches it. */
export const payKeys = {
  all: ['pay'] as const,
  runs: (month: string | undefined) => ['pay', 'runs', month] as const,
  run: (id: string) => ['pay', 'run', id] as const,
  lines: (id: string, userId: string | undefined) => ['pay', 'run', id, 'lines', userId] as const,
  holdbacks: (userId: string | undefined) => ['pay', 'holdbacks', userId] as const,
  penalties: (filter: object) => ['pay', 'penalties', filter] as const,
  myRuns: ['pay', 'mine', 'runs'] as const,
  myRun: (id: string) => ['pay', 'mine', 'run', id] as const,
  myHoldbacks: ['pay', 'mine', 'holdbacks'] as const,
  reworkJudgement: (ticketId: string) => [...ticketKeys.detail(ticketId), 'rework-judgement'] as const,
};

export const payRunPaths = {
  exportXlsx: (runId: string) => `/api/v1/pay-runs/${runId}/export.xlsx`,
  slipPdf: (runId: string, userId: string) => `/api/v1/pay-runs/${runId}/slips/${userId}/pdf`,
  mySlipPdf: (runId: string) => `/api/v1/my-pay/runs/${runId}/pdf`,
};

export const usePayRuns = (month?: string) =>
  useQuery({ queryKey: payKeys.runs(month), queryFn: () => api<{ items: PayRun[] }>('GET', '/api/v1/pay-runs', { query: { month } }), select: (d) => d.items });
export const usePayRun = (id: string) => useQuery({ queryKey: payKeys.run(id), queryFn: () => api<PayRun>('GET', `/api/v1/pay-runs/${id}`) });
export const usePayLines = (id: string, userId?: string, enabled = true) =>
  useQuery({
    queryKey: payKeys.lines(id, userId),
    queryFn: () => api<Wire<PayLinesView>>('GET', `/api/v1/pay-runs/${id}/lines`, { query: { userId } }),
    select: (d) => d.items,
    enabled,
  });
export const useHoldbacks = (userId?: string) =>
  useQuery({ queryKey: payKeys.holdbacks(userId), queryFn: () => api<HoldbackLedger>('GET', '/api/v1/pay-holdbacks', { query: { userId } }) });

function usePayMutation<V, R>(run: (vars: V) => Promise<R>, extra?: readonly unknown[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: payKeys.all });
      if (extra) void client.invalidateQueries({ queryKey: extra });
    },
  });
}

export const useStartPayRun = () => usePayMutation((month: string) => api<PayRun>('POST', '/api/v1/pay-runs', { body: { month } }));
export const useRecomputePayRun = (id: string) => usePayMutation(() => api<PayRun>('POST', `/api/v1/pay-runs/${id}/recompute`, { body: {} }));
export const useLockPayRun = (id: string) => usePayMutation(() => api<PayRun>('POST', `/api/v1/pay-runs/${id}/lock`, { body: {} }));

/** A5: the penalty register. */
export const usePenalties = (filter: { userId?: string | undefined; status?: PenaltyStatus | undefined }) =>
  useQuery({ queryKey: payKeys.penalties(filter), queryFn: () => api<{ items: Penalty[] }>('GET', '/api/v1/penalties', { query: { ...filter } }), select: (d) => d.items });
export const useRecordPenalty = () => usePayMutation((body: z.input<typeof createPenaltyBody>) => api<Penalty>('POST', '/api/v1/penalties', { body }));
/** A5: a penalty's evidence (a PDF or an image), If-Match its version. */
export const useAttachPenaltyEvidence = () =>
  usePayMutation(({ id, version, file }: Pick<Penalty, 'id' | 'version'> & { file: File }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<Penalty>('POST', `/api/v1/penalties/${id}/evidence`, { form, ifMatch: version });
  });
export const useConfirmPenalty = () => usePayMutation((p: Pick<Penalty, 'id' | 'version'>) => api<Penalty>('POST', `/api/v1/penalties/${p.id}/confirm`, { body: {}, ifMatch: p.version }));
export const useWithdrawPenalty = () =>
  usePayMutation(({ id, version, reason }: Pick<Penalty, 'id' | 'version'> & { reason: string }) => api<Penalty>('POST', `/api/v1/penalties/${id}/withdraw`, { body: { reason }, ifMatch: version }));

/** The technician's own pay (`pay.own`): nobody else's. */
export const useMyPayRuns = () => useQuery({ queryKey: payKeys.myRuns, queryFn: () => api<{ items: MyPayRun[] }>('GET', '/api/v1/my-pay/runs'), select: (d) => d.items });
export const useMyPayRun = (id: string | null) =>
  useQuery({ queryKey: payKeys.myRun(id ?? ''), queryFn: () => api<PayPersonLines>('GET', `/api/v1/my-pay/runs/${id}`), enabled: !!id });
export const useMyHoldbacks = () => useQuery({ queryKey: payKeys.myHoldbacks, queryFn: () => api<HoldbackLedger>('GET', '/api/v1/my-pay/holdbacks') });

/** M8: the supervisor's judgement on a rework ticket; none yet is `null`, not an error. */
export const useReworkJudgement = (ticketId: string, enabled = true) =>
  useQuery({
    queryKey: payKeys.reworkJudgement(ticketId),
    queryFn: async () => {
      try {
        return await api<ReworkJudgement>('GET', `/api/v1/tickets/${ticketId}/rework-judgement`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    enabled,
  });
/** M8: earlier finished jobs on the same asset (or customer) this ticket may rework. */
export const useReworkCandidates = (ticketId: string, enabled = true) =>
  useQuery({
    queryKey: [...payKeys.reworkJudgement(ticketId), 'candidates'],
    queryFn: () => api<ReworkCandidatesView>('GET', `/api/v1/tickets/${ticketId}/rework-candidates`),
    select: (d) => d.items,
    enabled,
  });
export const useSaveReworkJudgement = (ticketId: string) =>
  usePayMutation((body: ReworkJudgementBody) => api<ReworkJudgement>('PUT', `/api/v1/tickets/${ticketId}/rework-judgement`, { body }), ticketKeys.detail(ticketId));
