import type { ChaseBody, TicketView } from '../../../shared/contracts/tickets';
import { FINAL_STATUSES, isIn } from '../../../shared/ticket-lifecycle';
import { AppError } from '../../errors';
import type { Actor } from '../identity';
import { recordEvent } from './event-log';
import { lockForChange, saveChange } from './lifecycle';
import { loadView } from './reads';
import type { TicketDeps } from './tickets.deps';

/**
 * A repeat call about an open ticket (催单): the caller is chasing the repair, not reporting a
 * new fault. The ticket counts it and its history says which chase it was, by which channel and
 * what the caller said, so a chased ticket stands out and no duplicate is made. A closed or
 * cancelled ticket is not chased: the call is a new report (or a reopen).
 */
export async function recordChase(deps: TicketDeps, actor: Actor, id: string, input: ChaseBody): Promise<TicketView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockForChange(tx, actor, id);
    if (isIn(FINAL_STATUSES, row.status)) throw new AppError('TICKET_NOT_OPEN', { extensions: { status: row.status } });
    const count = row.chaseCount + 1;
    await saveChange(tx, row, { chaseCount: count }, now);
    await recordEvent(deps, tx, actor, row.id, { type: 'chase', details: { count, channel: input.channel ?? 'phone', ...(input.note ? { note: input.note } : {}) } }, now, { touch: false });
  });
  return loadView(deps, actor, id);
}
