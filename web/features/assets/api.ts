import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssetDocumentPurpose } from '../../../shared/contracts/assets';
import type { AttachmentView } from '../../../shared/contracts/files';
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

/** A PDF sheet of QR labels for these assets, opened in a new tab (their tokens are made on first print). */
export function usePrintLabels() {
  return useMutation({
    mutationFn: async (assetIds: string[]) => {
      // Opened before the request, so the browser does not take the new tab for a pop-up.
      const tab = window.open('', '_blank');
      const response = await fetch('/api/v1/asset-labels', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/pdf, application/problem+json' },
        body: JSON.stringify({ assetIds }),
      });
      if (!response.ok) {
        tab?.close();
        // The same problem document every other call throws, for the same handler.
        return api<never>('POST', '/api/v1/asset-labels', { body: { assetIds } });
      }
      const url = URL.createObjectURL(await response.blob());
      if (tab) tab.location.href = url;
      else window.location.href = url;
      return url;
    },
  });
}
