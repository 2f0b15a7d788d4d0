import type { Db, Database } from '../../db/client';
import { AppError } from '../../errors';
import { pickLocale, type Locale } from '../../../shared/i18n';
import type { InboxItem, InboxPage, UnreadView } from '../../../shared/contracts/inbox';
import type { OrgSettings } from '../../../shared/settings';
import type { Actor, IdentityService } from '../identity';
import { renderMessage } from './delivery-rules';
import * as repo from './notify.repository';

/*
 * The in-app inbox and its live streams. The fan-out writes items and announces them with
 * NOTIFY in its transaction; every server process LISTENs and passes what it hears to the
 * browsers connected to it, so an item written by one process reaches a browser on another,
 * once. A stream remembers what it sent; a reconnect names the last event id it saw.
 */

export interface InboxDeps {
  db: Db;
  clock: () => Date;
  people: Pick<IdentityService, 'getUser'>;
  getOrganisation: (orgId: string) => Promise<{ timeZone: string; settings: OrgSettings }>;
  listen: Database['listen'];
  log: (message: string, data?: Record<string, unknown>) => void;
}

/** A connected browser: what it is sent, and what it has been sent. */
export interface InboxStream {
  orgId: string;
  userId: string;
  /** The language the browser reads in. */
  locale: Locale;
  send(event: 'item' | 'unread', data: unknown, id?: number): void;
}

interface Subscriber extends InboxStream {
  sent: Set<string>;
  lastSeq: number;
}

/** What a reconnect or a lost listening connection catches up at most; the drawer's list has the rest. */
const CATCH_UP_LIMIT = 200;

interface Announcement {
  o: string;
  u: string;
  i: string[];
}

function parseAnnouncement(payload: string): Announcement | null {
  try {
    const a = JSON.parse(payload) as Partial<Announcement>;
    return typeof a.o === 'string' && typeof a.u === 'string' && Array.isArray(a.i) ? (a as Announcement) : null;
  } catch {
    return null;
  }
}

export function createInbox(deps: InboxDeps) {
  const { db } = deps;
  const subscribers = new Map<string, Set<Subscriber>>();
  const keyOf = (orgId: string, userId: string) => `${orgId}:${userId}`;
  /** Work for one person runs in order, so a stream sees items and counts as they happened. */
  const queues = new Map<string, Promise<void>>();
  let listening: Promise<() => Promise<void>> | null = null;

  async function timeZoneOf(orgId: string): Promise<string> {
    return (await deps.getOrganisation(orgId)).timeZone;
  }

  function toItem(row: repo.InboxRow, reader: { locale: Locale; timeZone: string }): InboxItem {
    const text = renderMessage(row.topic, row.payload, reader.locale, reader.timeZone);
    const number = row.payload.ticketNumber;
    return {
      id: row.id,
      seq: row.seq,
      topic: row.topic,
      topicLabel: text.params.topic ?? row.topic,
      subject: text.subject,
      body: text.body,
      ticketId: row.ticketId,
      ticketNumber: typeof number === 'string' ? number : null,
      createdAt: row.createdAt,
      readAt: row.readAt,
    };
  }

  /** A page of the inbox, in `locale` (the reader's: their stored choice, else their browser's). */
  async function page(actor: Actor, query: { limit: number; before?: number | undefined; unreadOnly: boolean }, locale?: Locale): Promise<InboxPage> {
    const [rows, unread, timeZone, user] = await Promise.all([
      repo.findInbox(db, actor.orgId, actor.userId, query),
      repo.countUnread(db, actor.orgId, actor.userId),
      timeZoneOf(actor.orgId),
      locale ? null : deps.people.getUser(actor.orgId, actor.userId),
    ]);
    const reader = { locale: locale ?? pickLocale(user?.locale), timeZone };
    return { items: rows.map((r) => toItem(r, reader)), unread };
  }

  /** Marks one item read (`id`), or all; other tabs and devices of the person hear the new count. */
  async function markRead(actor: Actor, id: string | null): Promise<UnreadView> {
    if (id && !(await repo.inboxItemExists(db, actor.orgId, actor.userId, id))) throw new AppError('NOT_FOUND');
    await db.transaction(async (tx) => {
      if ((await repo.markInboxRead(tx, actor.orgId, actor.userId, id, deps.clock())) > 0)
        await repo.announceInbox(tx, { orgId: actor.orgId, userId: actor.userId, ids: [] });
    });
    return { unread: await repo.countUnread(db, actor.orgId, actor.userId) };
  }

  function enqueueFor(key: string, work: () => Promise<void>): void {
    const next = (queues.get(key) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) => deps.log('inbox stream update failed', { error: error instanceof Error ? error.message : String(error) }));
    queues.set(key, next);
    void next.then(() => {
      if (queues.get(key) === next) queues.delete(key);
    });
  }

  function deliver(subs: Iterable<Subscriber>, rows: repo.InboxRow[], timeZone: string, unread: number): void {
    for (const s of subs) {
      for (const row of rows) {
        if (s.sent.has(row.id)) continue;
        const item = toItem(row, { locale: s.locale, timeZone });
        s.sent.add(item.id);
        s.lastSeq = Math.max(s.lastSeq, item.seq);
        s.send('item', item, item.seq);
      }
      s.send('unread', { unread });
    }
  }

  function onAnnouncement(payload: string): void {
    const a = parseAnnouncement(payload);
    if (!a) return;
    const key = keyOf(a.o, a.u);
    if (!subscribers.get(key)?.size) return;
    enqueueFor(key, async () => {
      const subs = subscribers.get(key);
      if (!subs?.size) return;
      const [rows, unread, timeZone] = await Promise.all([repo.findInboxItems(db, a.o, a.u, a.i), repo.countUnread(db, a.o, a.u), timeZoneOf(a.o)]);
      deliver(subs, rows, timeZone, unread);
    });
  }

  /** What one stream missed after its last event id (a reconnect; a lost listening connection). */
  function catchUp(s: Subscriber): void {
    enqueueFor(keyOf(s.orgId, s.userId), async () => {
      const [rows, unread, timeZone] = await Promise.all([
        repo.findInboxAfter(db, s.orgId, s.userId, s.lastSeq, CATCH_UP_LIMIT),
        repo.countUnread(db, s.orgId, s.userId),
        timeZoneOf(s.orgId),
      ]);
      deliver([s], rows, timeZone, unread);
    });
  }

  function catchUpAll(): void {
    for (const subs of subscribers.values()) for (const s of subs) catchUp(s);
  }

  /**
   * Connects a stream: from `lastEventId` when the browser names one (what came after it is sent
   * first), else from now. Answers the function that disconnects it.
   */
  async function subscribe(stream: InboxStream, lastEventId: number | null): Promise<() => void> {
    listening ??= deps.listen(repo.INBOX_CHANNEL, onAnnouncement, catchUpAll).catch((error: unknown) => {
      listening = null;
      throw error;
    });
    await listening;
    const key = keyOf(stream.orgId, stream.userId);
    const s: Subscriber = { ...stream, sent: new Set(), lastSeq: lastEventId ?? 0 };
    if (lastEventId === null) {
      const [newest] = await repo.findInbox(db, stream.orgId, stream.userId, { limit: 1, unreadOnly: false });
      s.lastSeq = newest?.seq ?? 0;
    }
    subscribers.set(key, (subscribers.get(key) ?? new Set()).add(s));
    catchUp(s);
    return () => {
      const subs = subscribers.get(key);
      subs?.delete(s);
      if (subs && !subs.size) subscribers.delete(key);
    };
  }

  /** How many browsers are connected to this process (the health page, tests). */
  const connected = () => [...subscribers.values()].reduce((n, s) => n + s.size, 0);

  async function stop(): Promise<void> {
    subscribers.clear();
    const stopListening = listening;
    listening = null;
    await (await stopListening?.catch(() => null))?.();
    await Promise.all(queues.values());
  }

  return { page, markRead, subscribe, connected, stop };
}

export type Inbox = ReturnType<typeof createInbox>;
