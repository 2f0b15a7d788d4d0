import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AttachmentView } from '../../../shared/contracts/files';
import type {
  checkInDraftBody,
  deliveryBody,
  preInspectionItemBody,
  qcBody,
  signCheckInBody,
  startStageBody,
  updatePreInspectionItemBody,
  WorkshopView,
} from '../../../shared/contracts/workshop';
import { api, type Wire } from '../../lib/api';
import { ticketKeys, workshopKeys } from '../../lib/query-keys';

export type Workshop = Wire<WorkshopView>;
export type CheckIn = NonNullable<Workshop['checkIn']>;
export type StageRun = Workshop['stages'][number];
export type PreInspectionItem = Workshop['preInspection'][number];

export function useWorkshop(ticketId: string, enabled = true) {
  return useQuery({ queryKey: workshopKeys.ofTicket(ticketId), queryFn: () => api<Workshop>('GET', `/api/v1/tickets/${ticketId}/workshop`), enabled });
}

/**
 * A workshop change answers the whole workshop state; the ticket itself moved on too (its
 * events, version and rework count), so everything under the ticket is refreshed.
 */
function useWorkshopMutation<V>(ticketId: string, run: (vars: V) => Promise<Workshop>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (view) => {
      client.setQueryData(workshopKeys.ofTicket(ticketId), view);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });
}

const base = (ticketId: string) => `/api/v1/tickets/${ticketId}/workshop`;

export function useSaveCheckIn(ticketId: string) {
  return useWorkshopMutation(ticketId, ({ body, version }: { body: z.input<typeof checkInDraftBody>; version: number }) =>
    api<Workshop>('PUT', `${base(ticketId)}/check-in`, { body, ifMatch: version }),
  );
}

export function useSignCheckIn(ticketId: string) {
  return useWorkshopMutation(ticketId, ({ body, version }: { body: z.input<typeof signCheckInBody>; version: number }) =>
    api<Workshop>('POST', `${base(ticketId)}/check-in/sign`, { body, ifMatch: version }),
  );
}

export function useCorrectCheckIn(ticketId: string) {
  return useWorkshopMutation(ticketId, ({ reason, version }: { reason: string; version: number }) =>
    api<Workshop>('POST', `${base(ticketId)}/check-in/corrections`, { body: { reason }, ifMatch: version }),
  );
}

/** Uploads a walk-around photo or the customer's signature; answers the attachment. */
export function useUploadWorkshopFile(ticketId: string, purpose: 'photos' | 'signature') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: Blob & { name?: string }) => {
      const form = new FormData();
      form.append('file', file, file.name ?? (purpose === 'signature' ? 'signature.png' : 'photo.jpg'));
      return api<Wire<AttachmentView>>('POST', `${base(ticketId)}/${purpose}`, { form });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ticketKeys.attachments(ticketId) }),
  });
}

export function useAddPreInspectionItem(ticketId: string) {
  return useWorkshopMutation(ticketId, (body: z.input<typeof preInspectionItemBody>) => api<Workshop>('POST', `${base(ticketId)}/pre-inspection`, { body }));
}

export function useUpdatePreInspectionItem(ticketId: string) {
  return useWorkshopMutation(ticketId, ({ item, body }: { item: PreInspectionItem; body: z.input<typeof updatePreInspectionItemBody> }) =>
    api<Workshop>('PATCH', `${base(ticketId)}/pre-inspection/${item.id}`, { body, ifMatch: item.version }),
  );
}

export function useStageAction(ticketId: string) {
  return useWorkshopMutation(
    ticketId,
    ({ stage, action, version, body = {} }: { stage: string; action: 'start' | 'finish' | 'sign'; version: number; body?: z.input<typeof startStageBody> }) =>
      api<Workshop>('POST', `${base(ticketId)}/stages/${stage}/${action}`, { body, ifMatch: version }),
  );
}

export function useRecordQc(ticketId: string) {
  return useWorkshopMutation(ticketId, ({ body, version }: { body: z.input<typeof qcBody>; version: number }) =>
    api<Workshop>('POST', `${base(ticketId)}/qc`, { body, ifMatch: version }),
  );
}

export function useExplainDelivery(ticketId: string) {
  return useWorkshopMutation(ticketId, ({ body, version }: { body: z.input<typeof deliveryBody>; version: number }) =>
    api<Workshop>('POST', `${base(ticketId)}/delivery`, { body, ifMatch: version }),
  );
}
