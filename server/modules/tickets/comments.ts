import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import { isExternal, type Actor } from '../identity';
import { recordEvent } from './event-log';
import * as repo from './tickets.repository';
import { visibilityOf, type TicketDeps } from './tickets.deps';

/** A comment on a ticket; staff may mark theirs internal, which customers and contractors never see. */
export async function addComment(deps: TicketDeps, actor: Actor, id: string, input: { body: string; internal?: boolean | undefined }) {
  const now = deps.clock();
  return deps.db.transaction((tx) => addCommentInTx(deps, tx, actor, id, input, now));
}

export async function addCommentInTx(deps: TicketDeps, tx: Db, actor: Actor, id: string, input: { body: string; internal?: boolean | undefined }, now: Date) {
  const row = await repo.findTicket(tx, visibilityOf(actor), id);
  if (!row) throw notFound();
  return writeComment(deps, tx, actor, id, input, now);
}

/** The comment and its event, on a ticket the caller has already found (or locked) in `tx`. */
export async function writeComment(deps: TicketDeps, tx: Db, actor: Actor, id: string, input: { body: string; internal?: boolean | undefined }, now: Date) {
  const internal = isExternal(actor) ? false : (input.internal ?? false);
  const commentId = uuidv7();
  await repo.insertComment(tx, { orgId: actor.orgId, id: commentId, ticketId: id, authorId: actor.userId, body: input.body, internal, createdAt: now });
  await recordEvent(deps, tx, actor, id, { type: 'comment', details: { commentId, internal, excerpt: input.body.slice(0, 80) } }, now, { touch: false });
  return { id: commentId, author: { id: actor.userId, name: actor.name }, body: input.body, internal, createdAt: now };
}

export async function findComments(deps: Pick<TicketDeps, 'db'>, actor: Actor, id: string) {
  const row = await repo.findTicket(deps.db, visibilityOf(actor), id);
  if (!row) throw notFound();
  const rows = await repo.findComments(deps.db, actor.orgId, id, !isExternal(actor));
  return rows.map(({ comment, authorName }) => ({
    id: comment.id,
    author: { id: comment.authorId, name: authorName },
    body: comment.body,
    internal: comment.internal,
    createdAt: comment.createdAt,
  }));
}
