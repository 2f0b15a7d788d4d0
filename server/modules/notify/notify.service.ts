import { v7 as uuidv7 } from 'uuid';
import type { SQLWrapper } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';
import type { TicketEventBody } from '../../../shared/contracts/ticket-events';
import { AppError } from '../../errors';
import { enumLabel, pickLocale, type Locale } from '../../../shared/i18n';
import { ROLES, type Role } from '../../../shared/domain';
import {
  defaultChannels,
  type ChannelName,
  type MessageLogEntry,
  type PreferencesBody,
  type PreferencesView,
  type TestMessageResult,
} from '../../../shared/contracts/messages';
import type { OrgSettings } from '../../../shared/settings';
import { routingTargets } from '../../../shared/contracts/inbox';
import { systemActor, type Actor, type IdentityService, type User } from '../identity';
import type { CustomerService } from '../customers';
import { configuredChannels, send, type ChannelSecrets, type Outgoing } from './channels';
import { backoffMs, renderMessage, sendableFrom } from './delivery-rules';
import { createInbox } from './inbox';
import * as repo from './notify.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A message is handed to the log channel and fanned out this many times before it is left alone. */
const MAX_ATTEMPTS = 10;
/** A claimed delivery is someone's for this long; a process that dies mid-send leaves it to be tried again after. */
const LEASE_MS = 5 * 60_000;
const MAX_ERROR = 500;

export interface Message {
  orgId: string;
  topic: string;
  recipient: string;
  payload: Record<string, unknown>;
  /** The same key never makes a second message. */
  dedupeKey: string;
}

/** A channel every message passes through once, whoever it is for (the server log). */
export interface Channel {
  name: string;
  deliver(message: Message & { id: string }): Promise<void>;
}

/** Someone a recipient string stands for, with their addresses. */
export interface Person {
  /** `user:<id>` or `customer:<id>`. */
  key: string;
  kind: 'user' | 'customer';
  email: string | null;
  phone: string | null;
  locale: Locale;
}

export interface NotifyOptions {
  db: Db;
  clock: () => Date;
  /** The server log; always there, so a server with no channel configured still tells someone. */
  channels: Channel[];
  getOrganisation: (orgId: string, tx?: Db) => Promise<{ timeZone: string; settings: OrgSettings }>;
  people: Pick<IdentityService, 'getUser' | 'findUsers'>;
  customers: Pick<CustomerService, 'getCustomer'>;
  secrets: ChannelSecrets;
  /** Announcements between server processes (the inbox's live streams). */
  listen: Database['listen'];
  log?: (message: string, data?: Record<string, unknown>) => void;
}

export function createNotifyService(options: NotifyOptions) {
  const { db, clock, secrets } = options;
  const log = options.log ?? (() => {});

  /** An error's text as kept in the log: short, and never carrying a secret. */
  function errorText(error: unknown): string {
    let text = error instanceof Error ? error.message : String(error);
    for (const secret of Object.values(secrets)) if (secret) text = text.split(secret).join('***');
    return text.slice(0, MAX_ERROR);
  }

  /** Writes a message in the caller's transaction; answers false when its key was already used. */
  async function enqueue(tx: Db, message: Message): Promise<boolean> {
    return repo.insertMessage(tx, { orgId: message.orgId, id: uuidv7(), topic: message.topic, dedupeKey: message.dedupeKey, recipient: message.recipient, payload: message.payload });
  }

  /** The same message as a statement for another module's single write (a new ticket's, R2). */
  function enqueueAlongside(message: Message): SQLWrapper {
    return repo.messageInsert(db, { orgId: message.orgId, id: uuidv7(), topic: message.topic, dedupeKey: message.dedupeKey, recipient: message.recipient, payload: message.payload });
  }

  const inbox = createInbox({ db, clock, people: options.people, getOrganisation: options.getOrganisation, listen: options.listen, log });

  const userPerson = (u: User): Person => ({ key: `user:${u.id}`, kind: 'user', email: u.email, phone: u.phone, locale: pickLocale(u.locale) });

  /** The people a recipient string stands for: a user, a role's users, a contractor's users, a customer, a mobile number (`sms:`). */
  async function resolve(orgId: string, recipient: string): Promise<Person[]> {
    const at = recipient.indexOf(':');
    const kind = recipient.slice(0, at);
    const ref = recipient.slice(at + 1);
    const system = systemActor(orgId, '');
    const activeUsers = async (role: Role) => (await options.people.findUsers(system, { role, active: true, limit: 500, offset: 0 })).items;
    try {
      if (kind === 'user') {
        const user = await options.people.getUser(orgId, ref);
        return user.active ? [userPerson(user)] : [];
      }
      if (kind === 'role') return (ROLES as readonly string[]).includes(ref) ? (await activeUsers(ref as Role)).map(userPerson) : [];
      if (kind === 'contractor') return (await activeUsers('contractor')).filter((u) => u.contractorId === ref).map(userPerson);
      // A number by itself (a code the customer asked for on a public page): SMS to it, nothing else.
      if (kind === 'sms') return ref ? [{ key: `sms:${ref}`, kind: 'customer', email: null, phone: ref, locale: 'zh-CN' }] : [];
      if (kind === 'customer') {
        const customer = await options.customers.getCustomer(system, ref);
        return [{ key: `customer:${customer.id}`, kind: 'customer', email: customer.email, phone: customer.phones[0]?.phone ?? null, locale: 'zh-CN' }];
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return [];
      throw error;
    }
    return [];
  }

  /**
   * Everyone a message goes to: the targets of the administrator's routing rule for its topic
   * (`recipient` is whom the message names), each person once.
   */
  async function recipientsOf(orgId: string, message: { topic: string; recipient: string; payload: Record<string, unknown> }, rules: readonly string[]): Promise<Person[]> {
    const found = new Map<string, Person>();
    for (const target of routingTargets(rules, message.topic)) {
      let people: Person[] = [];
      if (target === 'recipient') people = await resolve(orgId, message.recipient);
      else if (target === 'ticket.assignee') {
        const ticketId = message.payload.ticketId;
        const assignee = typeof ticketId === 'string' && UUID.test(ticketId) ? await repo.ticketAssignee(db, orgId, ticketId) : null;
        if (assignee) people = await resolve(orgId, `user:${assignee}`);
      } else if (target.startsWith('user:') && !UUID.test(target.slice(5))) {
        const login = target.slice(5);
        const { items } = await options.people.findUsers(systemActor(orgId, ''), { q: login, active: true, limit: 20, offset: 0 });
        people = items.filter((u) => u.username === login).map(userPerson);
      } else people = await resolve(orgId, target);
      for (const p of people) found.set(p.key, p);
    }
    return [...found.values()];
  }

  function addressOf(channel: ChannelName, person: Person, prefs: repo.PreferencesRow | undefined): string | null {
    if (channel === 'email') return person.email;
    if (channel === 'sms') return person.phone;
    return prefs?.wechatOpenid ?? person.phone;
  }

  function channelsOf(topic: string, person: Person, prefs: repo.PreferencesRow | undefined): ChannelName[] {
    if (person.key.startsWith('sms:')) return ['sms'];
    return prefs?.channels[topic] ?? prefs?.channels['*'] ?? defaultChannels(topic, person.kind);
  }

  /**
   * Hands undelivered messages to the log channel and fans each out into one delivery per
   * person and configured channel: pending (due now, or when quiet hours end), or skipped with
   * the reason (no address; WeChat without consent on file).
   */
  async function fanOut(limit: number): Promise<number> {
    const pending = await repo.findPendingMessages(db, limit, MAX_ATTEMPTS);
    let done = 0;
    for (const row of pending) {
      const message = { orgId: row.org_id, id: row.id, topic: row.topic, recipient: row.recipient, payload: row.payload, dedupeKey: row.dedupe_key };
      const now = clock();
      const org = await options.getOrganisation(row.org_id);
      const settings = org.settings.messages;
      const on = configuredChannels(settings, secrets);
      const persons = await recipientsOf(row.org_id, message, settings.routing);
      const prefs = new Map((await repo.findPreferences(db, row.org_id, persons.map((p) => p.key))).map((p) => [p.person, p]));
      const from = sendableFrom(now, row.topic, { start: settings.quietStart, end: settings.quietEnd }, org.timeZone);
      const rows = persons.flatMap((person) =>
        channelsOf(row.topic, person, prefs.get(person.key))
          .filter((channel) => on.has(channel))
          .map((channel) => {
            const p = prefs.get(person.key);
            const address = addressOf(channel, person, p);
            const skipped = !address ? 'no address for this channel' : channel === 'wechat' && !p?.wechatConsentAt ? 'no WeChat subscription consent on file' : null;
            return {
              orgId: row.org_id,
              id: uuidv7(),
              messageId: row.id,
              channel,
              person: person.key,
              address,
              status: skipped ? ('skipped' as const) : ('pending' as const),
              lastError: skipped,
              nextAttemptAt: skipped ? null : from,
              createdAt: now,
              updatedAt: now,
            };
          }),
      );
      const ticketId = typeof row.payload.ticketId === 'string' && UUID.test(row.payload.ticketId) ? row.payload.ticketId : null;
      const inboxRows = persons
        .filter((p) => p.kind === 'user')
        .map((p) => ({ orgId: row.org_id, id: uuidv7(), userId: p.key.slice(5), messageId: row.id, topic: row.topic, payload: row.payload, ticketId, createdAt: now }));
      await db.transaction(async (tx) => {
        if (!(await repo.lockPendingMessage(tx, row.org_id, row.id))) return;
        try {
          for (const channel of options.channels) await channel.deliver(message);
        } catch (error) {
          await repo.markFailed(tx, row.org_id, row.id, errorText(error));
          return;
        }
        await repo.insertDeliveries(tx, rows);
        for (const written of await repo.insertInboxItems(tx, inboxRows)) await repo.announceInbox(tx, { orgId: row.org_id, userId: written.userId, ids: [written.id] });
        await repo.markDelivered(tx, row.org_id, row.id, now);
        done++;
      });
    }
    return done;
  }

  function outgoing(d: Pick<repo.DeliveryRow, 'messageId' | 'channel' | 'person' | 'address'>, topic: string, payload: Record<string, unknown>, locale: Locale, timeZone: string): Outgoing {
    const text = renderMessage(topic, payload, locale, timeZone);
    return { key: `${d.messageId}:${d.channel}:${d.person}`, channel: d.channel, topic, to: d.address ?? '', ...text };
  }

  async function localeOf(orgId: string, person: string): Promise<Locale> {
    if (!person.startsWith('user:')) return 'zh-CN';
    try {
      return pickLocale((await options.people.getUser(orgId, person.slice(5))).locale);
    } catch {
      return 'zh-CN';
    }
  }

  /**
   * Sends due deliveries, outside any transaction (a slow SMTP server holds no lock). A failure
   * waits `retryAfterMinutes`, doubling, past quiet hours; after `maxAttempts` it is given up
   * with its error kept.
   */
  async function sendDue(limit: number): Promise<number> {
    const now = clock();
    const claimed = await db.transaction((tx) => repo.claimDueDeliveries(tx, now, new Date(now.getTime() + LEASE_MS), limit));
    for (const d of claimed) {
      const org = await options.getOrganisation(d.orgId);
      const settings = org.settings.messages;
      if (d.channel === 'wechat') {
        // Consent withdrawn while the delivery waited (quiet hours, a retry): it is not sent.
        const [prefs] = await repo.findPreferences(db, d.orgId, [d.person]);
        if (!prefs?.wechatConsentAt) {
          await repo.updateDelivery(db, d.orgId, d.id, { status: 'skipped', lastError: 'no WeChat subscription consent on file', nextAttemptAt: null, updatedAt: clock() });
          continue;
        }
      }
      try {
        if (!configuredChannels(settings, secrets).has(d.channel)) throw new Error('channel no longer configured');
        await send(settings, secrets, outgoing(d, d.topic, d.payload, await localeOf(d.orgId, d.person), org.timeZone), now);
        await repo.updateDelivery(db, d.orgId, d.id, { status: 'sent', sentAt: clock(), nextAttemptAt: null, lastError: null, updatedAt: clock() });
      } catch (error) {
        const text = errorText(error);
        const givenUp = d.attempts >= settings.maxAttempts;
        const retryAt = sendableFrom(new Date(now.getTime() + backoffMs(d.attempts, settings.retryAfterMinutes)), d.topic, { start: settings.quietStart, end: settings.quietEnd }, org.timeZone);
        await repo.updateDelivery(db, d.orgId, d.id, { status: givenUp ? 'failed' : 'pending', lastError: text, nextAttemptAt: givenUp ? null : retryAt, updatedAt: clock() });
        log(givenUp ? 'message delivery given up' : 'message delivery failed; will retry', { channel: d.channel, delivery: d.id, attempts: d.attempts, error: text });
      }
    }
    return claimed.length;
  }

  /** One round of the background work: fan out new messages, send what is due. Answers how much it did. */
  async function deliverOnce(limit = 100): Promise<number> {
    const fanned = await fanOut(limit);
    const sent = await sendDue(limit);
    return fanned + sent;
  }

  async function list(orgId: string, filter: { topic?: string; limit: number }) {
    return repo.findMessages(db, orgId, filter);
  }

  /** The delivery log: recent messages and each one's deliveries per person and channel. */
  async function messageLog(actor: Actor, filter: { topic?: string | undefined; limit: number }): Promise<MessageLogEntry[]> {
    const { messages, deliveries } = await repo.findMessageLog(db, actor.orgId, filter);
    return messages.map((m) => ({
      id: m.id,
      topic: m.topic,
      recipient: m.recipient,
      createdAt: m.createdAt,
      fannedOutAt: m.deliveredAt,
      lastError: m.lastError,
      deliveries: deliveries
        .filter((d) => d.messageId === m.id)
        .map((d) => ({ id: d.id, channel: d.channel, person: d.person, address: d.address, status: d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt, lastError: d.lastError, sentAt: d.sentAt })),
    }));
  }

  async function channelStatus(actor: Actor) {
    const on = configuredChannels((await options.getOrganisation(actor.orgId)).settings.messages, secrets);
    return { email: on.has('email'), sms: on.has('sms'), wechat: on.has('wechat') };
  }

  /**
   * Sends a test message to the administrator now, through one channel, and records it in the
   * delivery log. A down channel is an answer (`failed` with its error), not an error.
   */
  async function sendTest(actor: Actor, channel: ChannelName): Promise<TestMessageResult> {
    const org = await options.getOrganisation(actor.orgId);
    const settings = org.settings.messages;
    if (!configuredChannels(settings, secrets).has(channel)) return { status: 'skipped', error: 'not_configured', address: null };
    const user = await options.people.getUser(actor.orgId, actor.userId);
    const person = userPerson(user);
    const [prefs] = await repo.findPreferences(db, actor.orgId, [person.key]);
    const address = addressOf(channel, person, prefs);
    if (!address) return { status: 'skipped', error: 'no_address', address: null };
    const now = clock();
    const messageId = uuidv7();
    const payload = { channel };
    const delivery = { orgId: actor.orgId, id: uuidv7(), messageId, channel, person: person.key, address, status: 'pending' as const, attempts: 1, nextAttemptAt: null, createdAt: now, updatedAt: now };
    await db.transaction(async (tx) => {
      await repo.insertMessage(tx, { orgId: actor.orgId, id: messageId, topic: 'notify.test', dedupeKey: `test:${messageId}`, recipient: person.key, payload });
      await repo.markDelivered(tx, actor.orgId, messageId, now);
      await repo.insertDeliveries(tx, [delivery]);
    });
    try {
      await send(settings, secrets, outgoing(delivery, 'notify.test', { channel: t_channel(person.locale, channel) }, person.locale, org.timeZone), now);
      await repo.updateDelivery(db, actor.orgId, delivery.id, { status: 'sent', sentAt: clock(), updatedAt: clock() });
      return { status: 'sent', error: null, address };
    } catch (error) {
      const text = errorText(error);
      await repo.updateDelivery(db, actor.orgId, delivery.id, { status: 'failed', lastError: text, updatedAt: clock() });
      return { status: 'failed', error: text, address };
    }
  }

  /** `user:<id>` or `customer:<id>`, after checking that it exists in the actor's organisation. */
  async function personKey(actor: Actor, kind: 'user' | 'customer', id: string): Promise<string> {
    if (kind === 'user') await options.people.getUser(actor.orgId, id);
    else await options.customers.getCustomer(systemActor(actor.orgId, actor.userId), id);
    return `${kind}:${id}`;
  }

  async function getPreferences(actor: Actor, kind: 'user' | 'customer', id: string): Promise<PreferencesView> {
    const person = await personKey(actor, kind, id);
    const [row] = await repo.findPreferences(db, actor.orgId, [person]);
    return { person, channels: row?.channels ?? {}, wechatOpenid: row?.wechatOpenid ?? null, wechatConsentAt: row?.wechatConsentAt ?? null };
  }

  /** A person's channels per topic; WeChat consent keeps its first date while it stays on. */
  async function setPreferences(actor: Actor, kind: 'user' | 'customer', id: string, body: PreferencesBody): Promise<PreferencesView> {
    const person = await personKey(actor, kind, id);
    const [row] = await repo.findPreferences(db, actor.orgId, [person]);
    const now = clock();
    const saved = await repo.upsertPreferences(db, {
      orgId: actor.orgId,
      person,
      channels: Object.fromEntries(Object.entries(body.channels).map(([topic, list]) => [topic, [...new Set(list)]])),
      wechatOpenid: body.wechatOpenid || null,
      wechatConsentAt: body.wechatConsent ? (row?.wechatConsentAt ?? now) : null,
      updatedAt: now,
    });
    return { person, channels: saved.channels, wechatOpenid: saved.wechatOpenid, wechatConsentAt: saved.wechatConsentAt };
  }

  /**
   * A ticket's new lead technician hears of it (`ticket.assigned`), in the transaction that
   * assigned it; each assignment once.
   */
  async function onTicketEvent(tx: Db, recorded: { orgId: string; ticketId: string; event: TicketEventBody; now: Date }): Promise<void> {
    const { event } = recorded;
    const lead =
      event.type === 'assigned' && event.details.leadId !== event.details.previousLeadId
        ? event.details.leadId
        : event.type === 'transition' && event.to === 'dispatched'
          ? event.details.technicianId
          : undefined;
    if (!lead) return;
    const number = await repo.ticketNumber(tx, recorded.orgId, recorded.ticketId);
    await enqueue(tx, {
      orgId: recorded.orgId,
      topic: 'ticket.assigned',
      recipient: `user:${lead}`,
      payload: { ticketId: recorded.ticketId, ticketNumber: number },
      // A dispatch that also sets the crew records two events at one instant: one message.
      dedupeKey: `assigned:${recorded.ticketId}:${lead}:${recorded.now.getTime()}`,
    });
  }

  return { inbox, onTicketEvent, enqueue, enqueueAlongside, deliverOnce, list, resolve, messageLog, channelStatus, sendTest, getPreferences, setPreferences };
}

/** The channel's name in a test message's text. */
function t_channel(locale: Locale, channel: ChannelName): string {
  return enumLabel(locale, 'messageChannel', channel);
}

export type NotifyService = ReturnType<typeof createNotifyService>;

/** The default channel: messages appear in the server log (and stay in the outbox). */
export function logChannel(log: (line: string, data: Record<string, unknown>) => void): Channel {
  return {
    name: 'log',
    deliver: async (m) => log('notification', { topic: m.topic, recipient: m.recipient, ticket: m.payload.ticketNumber ?? m.payload.ticketId }),
  };
}
