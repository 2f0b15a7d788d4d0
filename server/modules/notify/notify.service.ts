import { and, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { queryRows, type Db } from '../../db/client';
import { outbox } from './notify.schema';

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
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`insert into ${outbox} (org_id, id, topic, dedupe_key, recipient, payload)
          values (${message.orgId}, ${uuidv7()}, ${message.topic}, ${message.dedupeKey}, ${message.recipient}, ${JSON.stringify(message.payload)}::jsonb)
          on conflict (org_id, dedupe_key) do nothing returning id`,
    );
    return rows.length > 0;
  }

  /** Delivers undelivered messages through every channel; a failure is retried on the next round. */
  async function deliverOnce(limit = 100): Promise<number> {
    let delivered = 0;
    await db.transaction(async (tx) => {
      const rows = await queryRows<{ org_id: string; id: string; topic: string; recipient: string; payload: Record<string, unknown>; dedupe_key: string }>(
        tx,
        sql`select org_id, id, topic, recipient, payload, dedupe_key from ${outbox}
            where delivered_at is null and attempts < 10 order by created_at limit ${limit} for update skip locked`,
      );
      for (const row of rows) {
        const message = { orgId: row.org_id, id: row.id, topic: row.topic, recipient: row.recipient, payload: row.payload, dedupeKey: row.dedupe_key };
        try {
          for (const channel of options.channels) await channel.deliver(message);
          await tx.update(outbox).set({ deliveredAt: options.clock(), attempts: sql`${outbox.attempts} + 1` }).where(and(eq(outbox.orgId, row.org_id), eq(outbox.id, row.id)));
          delivered++;
        } catch (error) {
          await tx
            .update(outbox)
            .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error instanceof Error ? error.message : String(error) })
            .where(and(eq(outbox.orgId, row.org_id), eq(outbox.id, row.id)));
        }
      }
    });
    return delivered;
  }

  async function list(orgId: string, filter: { topic?: string; limit: number }) {
    return db
      .select()
      .from(outbox)
      .where(and(eq(outbox.orgId, orgId), filter.topic ? eq(outbox.topic, filter.topic) : undefined))
      .orderBy(sql`${outbox.createdAt} desc`)
      .limit(filter.limit);
  }

  return { enqueue, deliverOnce, list };
}

export type NotifyService = ReturnType<typeof createNotifyService>;

/** The default channel: messages appear in the server log (and stay in the outbox). */
export function logChannel(log: (line: string, data: Record<string, unknown>) => void): Channel {
  return {
    name: 'log',
    deliver: async (m) => log('notification', { topic: m.topic, recipient: m.recipient, ticket: m.payload.ticketNumber ?? m.payload.ticketId }),
  };
}
