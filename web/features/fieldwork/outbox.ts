import { useSyncExternalStore } from 'react';
import type { FieldStepBody, WorkReportBody } from '../../../shared/contracts/fieldwork';
import { api, ApiError } from '../../lib/api';
import { idbAll, idbDelete, idbPut } from '../../lib/idb';
import type { FieldDay } from './api';

/*
 * What a technician records without signal (a lift, a basement) is kept on the phone, in
 * IndexedDB, each stamped with the phone's time (`clientAt`), and sent in the order it was
 * recorded when the signal returns (the `online` event, and a retry every few seconds while
 * anything waits). The server takes the phone's time as the step's (SLA, hours, pay) and
 * keeps its own receipt beside it. An item the server refuses (a 4xx) is dropped and said so;
 * a network failure or a 5xx leaves it for the next try.
 */

interface Base {
  id: string;
  /** Recording order: items are sent oldest first. */
  seq: number;
  ticketId: string;
  /** Whose phone session recorded it: another user signing in on this phone does not send it. */
  userId: string;
}
export type OutboxItem =
  /** `clientAt` is dropped only when the server refused the phone's clock (then the receipt stands). */
  | (Base & { type: 'step'; body: FieldStepBody })
  | (Base & {
      type: 'report';
      /** The ids of files already on the server are in the body; what is not yet is below, as taken. */
      body: WorkReportBody;
      signature: Blob | null;
      photos: { blob: Blob; name: string; id?: string }[];
    });

type Listener = () => void;
export interface OutboxEvent {
  kind: 'sent' | 'rejected';
  item: OutboxItem;
  day?: FieldDay;
  error?: ApiError;
}

let state: { items: OutboxItem[]; online: boolean; sending: boolean } = { items: [], online: typeof navigator === 'undefined' ? true : navigator.onLine, sending: false };
const listeners = new Set<Listener>();
const eventListeners = new Set<(e: OutboxEvent) => void>();
let seq = 0;

function set(next: Partial<typeof state>) {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

async function reload() {
  const items = await idbAll<OutboxItem>('outbox').catch(() => [] as OutboxItem[]);
  set({ items: items.sort((a, b) => a.seq - b.seq) });
}

/** A failure of the network (no answer at all) or of the server: worth trying again. */
export const isRetryable = (e: unknown) => !(e instanceof ApiError) || e.status >= 500 || e.status === 401 || e.status === 408 || e.status === 429;

/** Keeps an item on the phone; it is sent with the next flush. */
type NewItem = OutboxItem extends infer I ? (I extends OutboxItem ? Omit<I, 'id' | 'seq'> : never) : never;

export async function enqueue(item: NewItem): Promise<void> {
  seq = Math.max(seq + 1, Date.now());
  const full = { ...item, id: crypto.randomUUID(), seq } as OutboxItem;
  await idbPut('outbox', full);
  set({ items: [...state.items, full] });
  scheduleRetry();
}

async function upload(ticketId: string, blob: Blob, fileName: string, purpose: string): Promise<string> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', blob, fileName);
  return (await api<{ id: string }>('POST', `/api/v1/tickets/${ticketId}/attachments`, { form })).id;
}

async function send(item: OutboxItem): Promise<FieldDay> {
  if (item.type === 'step') return api<FieldDay>('POST', `/api/v1/tickets/${item.ticketId}/field/steps`, { body: item.body });
  // Files first, remembering each id as it lands, so a retry does not upload them twice.
  if (item.signature && !item.body.signatureAttachmentId) {
    item.body.signatureAttachmentId = await upload(item.ticketId, item.signature, 'signature.png', 'signature');
    await idbPut('outbox', item);
  }
  for (const photo of item.photos) {
    if (photo.id) continue;
    photo.id = await upload(item.ticketId, photo.blob, photo.name, 'photo');
    await idbPut('outbox', item);
  }
  const photoIds = [...(item.body.photoAttachmentIds ?? []), ...item.photos.map((p) => p.id!)];
  return api<FieldDay>('POST', `/api/v1/tickets/${item.ticketId}/field/report`, { body: { ...item.body, photoAttachmentIds: photoIds } });
}

let flushing: Promise<void> | null = null;
let currentUser: string | null = null;

/** Sends what waits, oldest first; stops at the first network failure and tries again later. */
export function flush(): Promise<void> {
  flushing ??= (async () => {
    set({ sending: true });
    try {
      for (const queued of [...state.items].sort((a, b) => a.seq - b.seq)) {
        if (queued.userId !== currentUser) continue;
        let item = queued;
        for (;;) {
          try {
            const day = await send(item);
            await idbDelete('outbox', item.id);
            set({ items: state.items.filter((i) => i.id !== item.id), online: true });
            for (const l of eventListeners) l({ kind: 'sent', item, day });
            break;
          } catch (e) {
            if (isRetryable(e)) {
              if (!(e instanceof ApiError)) set({ online: false });
              scheduleRetry();
              return;
            }
            const code = (e as ApiError).code;
            if ((code === 'CLIENT_TIME_IN_FUTURE' || code === 'CLIENT_TIME_BEFORE_PREVIOUS') && item.body.clientAt) {
              // The phone's clock is off: better the time of receipt than losing the step. Sent again at once, without it.
              const { clientAt: _dropped, ...body } = item.body;
              const current: OutboxItem = { ...item, body } as OutboxItem;
              item = current;
              await idbPut('outbox', current);
              set({ items: state.items.map((i) => (i.id === current.id ? current : i)) });
              continue;
            }
            await idbDelete('outbox', item.id);
            set({ items: state.items.filter((i) => i.id !== item.id) });
            for (const l of eventListeners) l({ kind: 'rejected', item, error: e as ApiError });
            break;
          }
        }
      }
    } finally {
      set({ sending: false });
      flushing = null;
    }
  })();
  return flushing;
}

const RETRY_MS = 5_000;
let timer: ReturnType<typeof setTimeout> | null = null;
function scheduleRetry() {
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    if (state.items.some((i) => i.userId === currentUser)) void flush();
  }, RETRY_MS);
}

let started = false;
/** Starts watching the signal for the signed-in user; safe to call from every page that uses the outbox. */
export function startOutbox(userId: string) {
  currentUser = userId;
  if (started) return;
  started = true;
  window.addEventListener('online', () => {
    set({ online: true });
    void flush();
  });
  window.addEventListener('offline', () => set({ online: false }));
  void reload().then(() => flush());
}

/** Hears each item sent or refused (to refresh the screens, or say why one was dropped). */
export function onOutboxEvent(listener: (e: OutboxEvent) => void): () => void {
  eventListeners.add(listener);
  return () => void eventListeners.delete(listener);
}

function subscribe(l: Listener) {
  listeners.add(l);
  return () => void listeners.delete(l);
}

/** The outbox as a screen reads it: what waits (this user's), and whether the phone has signal. */
export function useOutbox() {
  const s = useSyncExternalStore(subscribe, () => state);
  return { ...s, items: s.items.filter((i) => i.userId === currentUser) };
}

/** Does anything of this user's wait to be sent? A new step then queues behind it, to keep the order. */
export function hasPending(userId: string) {
  return state.items.some((i) => i.userId === userId);
}

/** Marks the phone offline after a failed request (the browser's own flag lags behind a dead spot). */
export function markOffline() {
  set({ online: false });
}
