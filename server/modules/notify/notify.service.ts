import { v7 as uuidv7 } from 'uuid';
import type { SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../db/client';
import * as repo from './notify.repository';

/** A message is tried this many times; one that failed as often stays in the outbox, undelivered. */
const MAX_ATTEMPTS = 10;

export interface Message {
  orgId: string;
  topic: string;
  recipient: string;
  payload: Record<string, unknown>;
  /** The same key never makes a second message. */
  dedupeKey: string;
}

/** A way to reach people. The log channel is always there; e-mail, SMS and WeChat plug in here. */
export interface Channel {
  name: string;
  deliver(message: Message & { id: string }): Promise<void>;
}

export function createNotifyService(options: { db: Db; clock: () => Date; channels: Channel[] }) {
  const { db } = options;

  /** Writes a message in the caller's transaction; answers false when its key was already used. */
  async function enqueue(tx: Db, message: Message): Promise<boolean> {
    return repo.insertMessage(tx, { orgId: message.orgId, id: uuidv7(), topic: message.topic, dedupeKey: message.dedupeKey, recipient: message.recipient, payload: message.payload });
  }

  /** The same message as a statement for another module's single write (a new ticket's, R2). */
  function enqueueAlongside(message: Message): SQLWrapper {
    return repo.messageInsert(db, { orgId: message.orgId, id: uuidv7(), topic: message.topic, dedupeKey: message.dedupeKey, recipient: message.recipient, payload: message.payload });
  }

  /** Delivers undelivered messages through every channel; a failure is retried on the next round. */
  async function deliverOnce(limit = 100): Promise<number> {
    let delivered = 0;
    await db.transaction(async (tx) => {
      const rows = await repo.lockPendingMessages(tx, limit, MAX_ATTEMPTS);
      for (const row of rows) {
        const message = { orgId: row.org_id, id: row.id, topic: row.topic, recipient: row.recipient, payload: row.payload, dedupeKey: row.dedupe_key };
        try {
          for (const channel of options.channels) await channel.deliver(message);
          await repo.markDelivered(tx, row.org_id, row.id, options.clock());
          delivered++;
        } catch (error) {
          await repo.markFailed(tx, row.org_id, row.id, error instanceof Error ? error.message : String(error));
        }
      }
    });
    return delivered;
  }

  async function list(orgId: string, filter: { topic?: string; limit: number }) {
    return repo.findMessages(db, orgId, filter);
  }

  return { enqueue, enqueueAlongside, deliverOnce, list };
}

export type NotifyService = ReturnType<typeof createNotifyService>;

/** The default channel: messages appear in the server log (and stay in the outbox). */
export function logChannel(log: (line: string, data: Record<string, unknown>) => void): Channel {
  return {
    name: 'log',
    deliver: async (m) => log('notification', { topic: m.topic, recipient: m.recipient, ticket: m.payload.ticketNumber ?? m.payload.ticketId }),
  };
}
