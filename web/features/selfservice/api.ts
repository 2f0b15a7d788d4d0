import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { QrPageView, qrReportResult, TrackingView } from '../../../shared/contracts/selfservice';
import { api, type Wire } from '../../lib/api';

/*
 * The customer's public pages: an asset's QR report page (`/r/<token>`) and a ticket's tracking
 * page (`/t/<token>`). No session: the token in the path is all they carry.
 */

export type QrPage = Wire<QrPageView>;
export type QrReportResult = Wire<z.infer<typeof qrReportResult>>;
export type Tracking = Wire<TrackingView>;

const keys = {
  qr: (token: string) => ['public-qr', token] as const,
  tracking: (token: string) => ['public-tracking', token] as const,
};

export function useQrPage(token: string) {
  return useQuery({ queryKey: keys.qr(token), retry: false, queryFn: () => api<QrPage>('GET', `/api/v1/public/qr/${token}`) });
}

/** A returning customer asks for a code sent to their phone; the answer never says whether it is known. */
export function useSendPhoneCode(token: string) {
  return useMutation({ mutationFn: (phone: string) => api<{ expiresInMinutes: number }>('POST', `/api/v1/public/qr/${token}/phone-code`, { body: { phone } }) });
}

/** The code from the SMS: the right one answers the customer's name for the form. */
export function useCheckPhoneCode(token: string) {
  return useMutation({ mutationFn: (body: { phone: string; code: string }) => api<{ name: string }>('POST', `/api/v1/public/qr/${token}/phone-code/check`, { body }) });
}

export interface QrReportInput {
  description: string;
  name: string;
  phone: string;
  preferredTime?: string | null;
  photos: File[];
}

/** A photo's bytes as base64, as the report takes them (the server reads the type from the bytes). */
export function base64Of(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export function useSubmitQrReport(token: string) {
  return useMutation({
    mutationFn: async (input: QrReportInput) => {
      const photos = await Promise.all(input.photos.map(async (f) => ({ fileName: f.name.slice(0, 120) || 'photo', data: await base64Of(f) })));
      return api<QrReportResult>('POST', `/api/v1/public/qr/${token}`, {
        body: { description: input.description, name: input.name, phone: input.phone, preferredTime: input.preferredTime || null, photos },
      });
    },
  });
}

export function useTracking(token: string) {
  // The page follows the ticket by itself: every minute, and whenever the customer comes back to it.
  return useQuery({ queryKey: keys.tracking(token), retry: false, refetchInterval: 60_000, refetchOnWindowFocus: true, queryFn: () => api<Tracking>('GET', `/api/v1/public/track/${token}`) });
}

export function useRate(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { score: number; comment?: string | null }) => api<Tracking>('POST', `/api/v1/public/track/${token}/rating`, { body }),
    onSuccess: (view) => client.setQueryData(keys.tracking(token), view),
  });
}

/** The customer approves (with a drawn signature) or declines the quote the tracking page shows. */
export function useDecideQuote(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { quoteId: string; decision: 'approved' | 'declined'; signature?: { signerName: string; png: string } | null }) =>
      api<Tracking>('POST', `/api/v1/public/track/${token}/quote-decision`, { body }),
    onSuccess: (view) => client.setQueryData(keys.tracking(token), view),
  });
}

/** `YYYY-MM-DD HH:mm` on the organisation's clock, whatever the phone's zone. */
export function localTime(instant: string, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(instant))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Staff: the customer's rating of a ticket from its tracking page (D1, E11), or null. */
export function useTicketRating(ticketId: string) {
  return useQuery({
    queryKey: ['ticket-rating', ticketId] as const,
    queryFn: async () => (await api<{ rating: { score: number; comment: string | null; ratedAt: string; followUpTaskId: string | null } | null }>('GET', `/api/v1/tickets/${ticketId}/rating`)).rating,
  });
}

/** Staff: a new tracking link for a ticket (also sent to its customer). */
export function useNewTrackingLink(ticketId: string) {
  return useMutation({ mutationFn: () => api<{ path: string; expiresAt: string }>('POST', `/api/v1/tickets/${ticketId}/tracking-link`) });
}
