import { useMutation } from '@tanstack/react-query';
import { api } from '../api';

/*
 * Assets' QR labels, printed from the asset page and from a customer's list of assets.
 */

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
