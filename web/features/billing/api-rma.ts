import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdvanceReplacementBody,
  DecideRmaWarrantyBody,
  MarkDoaBody,
  OverdueAdvanceView,
  QcRmaBody,
  ReceiveRmaBody,
  RepairRmaBody,
  RmaReport,
  RmaView,
  ShipRmaBody,
} from '../../../shared/contracts/billing-rma';
import type { AttachmentView } from '../../../shared/contracts/files';
import { api, type Wire } from '../../lib/api';
import { ticketKeys } from '../../lib/query-keys';

export type Rma = Wire<RmaView>;

/** A ticket's RMA lives under the ticket, so a step's refresh reaches its timeline, status and clocks. */
export const rmaKeys = {
  ofTicket: (ticketId: string) => [...ticketKeys.detail(ticketId), 'rma'] as const,
  report: (month: string) => ['rma', 'report', month] as const,
  overdue: ['rma', 'overdue'] as const,
};

export function useRma(ticketId: string, enabled: boolean) {
  return useQuery({ queryKey: rmaKeys.ofTicket(ticketId), queryFn: () => api<Rma>('GET', `/api/v1/tickets/${ticketId}/rma`), enabled });
}

function useRmaMutation<V>(ticketId: string, run: (vars: V) => Promise<Rma>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (view) => {
      client.setQueryData(rmaKeys.ofTicket(ticketId), view);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      void client.invalidateQueries({ queryKey: ['rma'] });
    },
  });
}

const step = <B>(ticketId: string, path: string) => (body: B) => api<Rma>('POST', `/api/v1/tickets/${ticketId}/rma/${path}`, { body });

export const useReceiveRma = (ticketId: string) => useRmaMutation(ticketId, step<ReceiveRmaBody>(ticketId, 'receive'));
export const useDecideRmaWarranty = (ticketId: string) => useRmaMutation(ticketId, step<DecideRmaWarrantyBody>(ticketId, 'warranty'));
export const useRepairRma = (ticketId: string) => useRmaMutation(ticketId, step<RepairRmaBody>(ticketId, 'repair'));
export const useQcRma = (ticketId: string) => useRmaMutation(ticketId, step<QcRmaBody>(ticketId, 'qc'));
export const useShipRma = (ticketId: string) => useRmaMutation(ticketId, step<ShipRmaBody>(ticketId, 'ship'));
export const useCloseRma = (ticketId: string) => useRmaMutation(ticketId, step<{ note?: string | null }>(ticketId, 'close'));
export const useMarkDoa = (ticketId: string) => useRmaMutation(ticketId, step<MarkDoaBody>(ticketId, 'doa'));
export const useAdvanceReplacement = (ticketId: string) => useRmaMutation(ticketId, step<AdvanceReplacementBody>(ticketId, 'advance-replacement'));

/** A photo of the unit on arrival; the RMA lists it once uploaded. */
export function useUploadRmaPhoto(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: Blob & { name?: string }) => {
      const form = new FormData();
      form.append('file', file, file.name ?? 'photo.jpg');
      return api<Wire<AttachmentView>>('POST', `/api/v1/tickets/${ticketId}/rma/photos`, { form });
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: rmaKeys.ofTicket(ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.attachments(ticketId) });
    },
  });
}

export function useRmaReport(month: string) {
  return useQuery({ queryKey: rmaKeys.report(month), queryFn: () => api<Wire<RmaReport>>('GET', '/api/v1/rma/report', { query: { month } }) });
}

export function useOverdueAdvances() {
  return useQuery({
    queryKey: rmaKeys.overdue,
    queryFn: () => api<{ items: Wire<OverdueAdvanceView>[] }>('GET', '/api/v1/rma/advance-replacements/overdue'),
    select: (d) => d.items,
  });
}

/** C3: what may serve as the proof of purchase: the ticket's attachments and its asset's documents. */
export function useProofCandidates(ticketId: string, assetId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...rmaKeys.ofTicket(ticketId), 'proofs', assetId] as const,
    enabled,
    queryFn: async () => {
      const [ticket, asset] = await Promise.all([
        api<{ items: Wire<AttachmentView>[] }>('GET', `/api/v1/tickets/${ticketId}/attachments`),
        assetId ? api<{ items: Wire<AttachmentView>[] }>('GET', `/api/v1/assets/${assetId}/attachments`) : Promise.resolve({ items: [] }),
      ]);
      // Proofs of purchase first; photos of the unit are not proofs.
      return [...asset.items, ...ticket.items].filter((a) => a.purpose !== 'rma_photo').sort((a, b) => Number(b.purpose === 'proof_of_purchase') - Number(a.purpose === 'proof_of_purchase'));
    },
  });
}
