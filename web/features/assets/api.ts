import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssetDocumentPurpose } from '../../../shared/contracts/assets';
import type { AttachmentView } from '../../../shared/contracts/files';
import type { AssetMaintenanceView, MaintenanceRecordBody, MaintenanceRecordView } from '../../../shared/contracts/maintenance';
import { api, type Wire } from '../../lib/api';
import type { Asset } from '../../lib/queries/customers';
import { assetKeys } from '../../lib/query-keys';

export type AssetDocument = Wire<AttachmentView>;

export function useAsset(id: string) {
  return useQuery({ queryKey: assetKeys.detail(id), queryFn: () => api<Asset>('GET', `/api/v1/assets/${id}`) });
}

/** C3, E8, E9: the documents kept with an asset. */
export function useAssetDocuments(assetId: string) {
  return useQuery({ queryKey: assetKeys.documents(assetId), queryFn: () => api<{ items: AssetDocument[] }>('GET', `/api/v1/assets/${assetId}/attachments`) });
}

export function useUploadAssetDocument(assetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, purpose }: { file: File; purpose: AssetDocumentPurpose }) => {
      const form = new FormData();
      // The purpose goes before the file: the server reads the fields that precede it.
      form.append('purpose', purpose);
      form.append('file', file);
      return api<AssetDocument>('POST', `/api/v1/assets/${assetId}/attachments`, { form });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: assetKeys.documents(assetId) }),
  });
}


export type AssetMaintenance = Wire<AssetMaintenanceView>;
export type MaintenanceRecord = Wire<MaintenanceRecordView>;

/** W2, E4: the asset's maintenance plan items and what was done. */
export function useAssetMaintenance(assetId: string) {
  return useQuery({ queryKey: assetKeys.maintenance(assetId), queryFn: () => api<AssetMaintenance>('GET', `/api/v1/assets/${assetId}/maintenance`) });
}

export function useRecordMaintenance(assetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MaintenanceRecordBody) => api<MaintenanceRecord>('POST', `/api/v1/assets/${assetId}/maintenance`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: assetKeys.maintenance(assetId) }),
  });
}
