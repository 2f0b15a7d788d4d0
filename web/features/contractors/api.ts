import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AgreementView,
  AgreeRepairBody,
  CountersignItem,
  ContractorSummary,
  ContractorView,
  createContractBody,
  createContractorBody,
  createResponsibilityBody,
  LedgerView,
  TicketContractorView,
} from '../../../shared/contracts/contractors';
import { api, type Wire } from '../../lib/api';
import { ticketKeys } from '../../lib/query-keys';

export type Contractor = Wire<ContractorView>;
export type ContractorRow = Wire<ContractorSummary>;
export type Ledger = Wire<LedgerView>;
export type TicketContractor = Wire<TicketContractorView>;
export type Countersign = Wire<CountersignItem>;
export type Agreement = Wire<AgreementView>;

/** Contractors under `contractors`; a ticket's contractor under the ticket, so the ticket's refresh reaches it. */
export const contractorKeys = {
  all: ['contractors'] as const,
  list: (q: string) => ['contractors', 'list', q] as const,
  detail: (id: string) => ['contractors', 'detail', id] as const,
  ledger: (id: string) => ['contractors', 'ledger', id] as const,
  ofTicket: (ticketId: string) => [...ticketKeys.detail(ticketId), 'contractor'] as const,
};

export const useContractors = (q = '', enabled = true) =>
  useQuery({ queryKey: contractorKeys.list(q), queryFn: () => api<{ items: ContractorRow[] }>('GET', '/api/v1/contractors', { query: { q: q || undefined } }), select: (d) => d.items, enabled });
export const useContractor = (id: string) => useQuery({ queryKey: contractorKeys.detail(id), queryFn: () => api<Contractor>('GET', `/api/v1/contractors/${id}`) });
export const useLedger = (id: string, enabled = true) => useQuery({ queryKey: contractorKeys.ledger(id), queryFn: () => api<Ledger>('GET', `/api/v1/contractors/${id}/ledger`), enabled });
export const useTicketContractor = (ticketId: string, enabled = true) =>
  useQuery({ queryKey: contractorKeys.ofTicket(ticketId), queryFn: () => api<TicketContractor>('GET', `/api/v1/tickets/${ticketId}/contractor`), enabled });

function useContractorMutation<V, R>(run: (vars: V) => Promise<R>, ticketId?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: contractorKeys.all });
      if (ticketId) void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
    },
  });
}

export const useCreateContractor = () => useContractorMutation((body: z.input<typeof createContractorBody>) => api<{ id: string }>('POST', '/api/v1/contractors', { body }));
export const useCreateContract = (id: string) => useContractorMutation((body: z.input<typeof createContractBody>) => api('POST', `/api/v1/contractors/${id}/contracts`, { body }));
export const useAddResponsibility = (id: string) =>
  useContractorMutation((body: z.input<typeof createResponsibilityBody>) => api('POST', `/api/v1/contractors/${id}/responsibilities`, { body }));
export const useRecordDeposit = (id: string) => useContractorMutation((body: { amountFen: number; note?: string }) => api('POST', `/api/v1/contractors/${id}/deposit`, { body }));
export const useChangeContractor = (ticketId: string) =>
  useContractorMutation((body: { contractorId: string | null; reason: string }) => api<TicketContractor>('PUT', `/api/v1/tickets/${ticketId}/contractor`, { body }), ticketId);
export const useSelfRepair = (ticketId: string) =>
  useContractorMutation((body: { reason: string }) => api<TicketContractor>('POST', `/api/v1/tickets/${ticketId}/self-repair`, { body }), ticketId);
export const usePortalStep = (ticketId: string) =>
  useContractorMutation((step: 'accept' | 'arrive') => api<TicketContractor>('POST', `/api/v1/tickets/${ticketId}/contractor/${step}`, { body: {} }), ticketId);

export type Statement = Wire<import('../../../shared/contracts/contractors').StatementView>;
export type MonthlyReport = Wire<import('../../../shared/contracts/contractors').MonthlyReportView>;

export const statementKeys = {
  ofContractor: (id: string) => ['contractors', 'statements', id] as const,
  portal: ['contractors', 'portal-statements'] as const,
};

export const useStatements = (contractorId: string, enabled = true) =>
  useQuery({ queryKey: statementKeys.ofContractor(contractorId), queryFn: () => api<{ items: Statement[] }>('GET', `/api/v1/contractors/${contractorId}/statements`), select: (d) => d.items, enabled });
export const usePortalStatements = (enabled = true) =>
  useQuery({ queryKey: statementKeys.portal, queryFn: () => api<{ items: Statement[] }>('GET', '/api/v1/portal/statements'), select: (d) => d.items, enabled });
export const useIssueStatement = (contractorId: string) =>
  useContractorMutation((quarter: string) => api<Statement>('POST', `/api/v1/contractors/${contractorId}/statements`, { body: { quarter } }));
export const useDecideDispute = () =>
  useContractorMutation(({ statementId, lineId, accept, answer }: { statementId: string; lineId: string; accept: boolean; answer: string }) =>
    api<Statement>('POST', `/api/v1/contractor-statements/${statementId}/lines/${lineId}/decision`, { body: { accept, answer } }),
  );
export const useDisputeLine = () =>
  useContractorMutation(({ statementId, lineId, reason }: { statementId: string; lineId: string; reason: string }) =>
    api<Statement>('POST', `/api/v1/portal/statements/${statementId}/lines/${lineId}/dispute`, { body: { reason } }),
  );
export const useConfirmStatement = () => useContractorMutation((statementId: string) => api<Statement>('POST', `/api/v1/portal/statements/${statementId}/confirm`));
export const useDeduct = (ticketId: string) =>
  useContractorMutation(
    ({ contractorId, ...body }: { contractorId: string; ticketId: string; rule: 'R5' | 'R6' | 'R7'; costBasisFen: number; note?: string; agreementId?: string; workQuantity?: string }) =>
      api<{ id: string | null; countersignId: string | null; pendingCountersignature: boolean; amountFen: number; balanceFen: number; exceedsDeposit: boolean }>(
        'POST',
        `/api/v1/contractors/${contractorId}/deductions`,
        { body },
      ),
    ticketId,
  );
export const useMonthlyReport = (estate: string, month: string) =>
  useQuery({
    queryKey: ['contractors', 'monthly', estate, month],
    queryFn: () => api<MonthlyReport>('GET', '/api/v1/contractor-reports/monthly', { query: { estate, month } }),
    enabled: !!estate && /^\d{4}-\d{2}$/.test(month),
  });

/** A portal user for the contractor (role `contractor`, scoped to its own tickets and statements). */
export const useCreatePortalUser = (contractorId: string) =>
  useContractorMutation((body: { username: string; password: string; name: string }) => api('POST', `/api/v1/contractors/${contractorId}/users`, { body }));

/** The contractor agrees the repair on site (after arrival). */
export const useAgreeRepair = (ticketId: string) =>
  useContractorMutation((body: AgreeRepairBody) => api<TicketContractor>('POST', `/api/v1/tickets/${ticketId}/contractor/agree`, { body }), ticketId);

/** A completion photo, kept on the ticket (purpose `completion_photo`). */
export const useCompletionPhoto = (ticketId: string) =>
  useContractorMutation((file: File) => {
    const form = new FormData();
    form.append('purpose', 'completion_photo');
    form.append('file', file, file.name);
    return api<{ id: string }>('POST', `/api/v1/tickets/${ticketId}/attachments`, { form });
  }, ticketId);

export const usePortalCountersigns = (enabled = true) =>
  useQuery({ queryKey: [...contractorKeys.all, 'countersigns'], queryFn: () => api<{ items: Countersign[] }>('GET', '/api/v1/portal/countersignatures'), select: (d) => d.items, enabled });

/** The signature pad's PNG as base64, as the API takes it. */
async function pngBase64(png: Blob): Promise<string> {
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(png);
  });
  return dataUrl.replace(/^data:image\/png;base64,/, '');
}

export const useCountersign = () =>
  useContractorMutation(async ({ id, signerName, png }: { id: string; signerName: string; png: Blob }) =>
    api<Countersign>('POST', `/api/v1/portal/countersignatures/${id}/sign`, { body: { signature: { signerName, png: await pngBase64(png) } } }),
  );

export const useAgreements = (contractorId: string) =>
  useQuery({ queryKey: [...contractorKeys.detail(contractorId), 'agreements'], queryFn: () => api<{ items: Agreement[] }>('GET', `/api/v1/contractors/${contractorId}/agreements`), select: (d) => d.items });

/** R7: the written agreement uploaded with its period. */
export const useUploadAgreement = (contractorId: string) =>
  useContractorMutation(({ file, startsOn, endsOn }: { file: File; startsOn: string; endsOn: string }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<Agreement>('POST', `/api/v1/contractors/${contractorId}/agreements/upload`, { form, query: { startsOn, endsOn } });
  });
