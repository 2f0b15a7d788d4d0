import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { DeliveryCallbackBody, FieldStepBody, SignoffParty, TimeEntryKind, TransportMode, WaitReason, WorkReportBody } from '../../../shared/contracts/fieldwork';
import { INSTRUCTION_ITEMS } from '../../../shared/contracts/fieldwork';
import type { HoldReason } from '../../../shared/domain';
import { t } from '../../../shared/i18n';
import { missingParties, signoffSetFor } from '../../../shared/signoffs';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import { systemActor, type Actor, type Organisation } from '../identity';
import type { FileService } from '../files';
import type { TicketService } from '../tickets';
import { fieldSteps, signoffs, timeEntries, workReports } from './fieldwork.schema';
import { deriveTimeEntries, nextSteps, recordableSteps, type Step } from './time-entries';

export interface FieldworkOptions {
  db: Db;
  clock: () => Date;
  /** Field work writes into the ticket's history and moves it on; it guards the ticket's close (R8, E8). */
  tickets: Pick<TicketService, 'findVisible' | 'transitionInTx' | 'recordEvent' | 'crewOf' | 'guardTransitions'>;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** Signatures and photos are attachments on the ticket. */
  files: Pick<FileService, 'onTicket'>;
}

/** A wait on site puts the ticket on hold for the matching reason, so SLA pauses follow policy. */
const HOLD_FOR_WAIT: Record<WaitReason, HoldReason> = {
  waiting_goods: 'waiting_parts',
  customer: 'waiting_customer',
  force_majeure: 'other',
  other: 'other',
};

type StepRow = typeof fieldSteps.$inferSelect;
type EntryRow = typeof timeEntries.$inferSelect;

const toStep = (r: StepRow): Step => ({
  kind: r.kind as Step['kind'],
  at: r.at.getTime(),
  transport: (r.transport as TransportMode | null) ?? null,
  waitReason: (r.waitReason as WaitReason | null) ?? null,
});

function entryView(r: EntryRow) {
  return {
    id: r.id,
    ticketId: r.ticketId,
    userId: r.userId,
    kind: r.kind as TimeEntryKind,
    transport: r.transport as TransportMode | null,
    waitReason: r.waitReason as WaitReason | null,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    minutes: r.minutes,
    status: r.status as 'draft' | 'approved',
    edited: r.edited,
    correctsId: r.correctsId,
    note: r.note,
    approvedBy: r.approvedBy,
    approvedAt: r.approvedAt,
    version: r.version,
  };
}
export type TimeEntryView = ReturnType<typeof entryView>;

export function createFieldworkService(options: FieldworkOptions) {
  const { db, clock } = options;

  async function ticketFor(tx: Db, actor: Actor, ticketId: string) {
    const ticket = await options.tickets.findVisible(tx, actor, ticketId);
    if (!ticket) throw new AppError('NOT_FOUND');
    return ticket;
  }

  /** Technicians record only their own jobs; dispatchers and supervisors may record for the lead. */
  async function assertOnCrew(tx: Db, actor: Actor, ticketId: string) {
    if (actor.role !== 'technician') return;
    const crew = await options.tickets.crewOf(tx, actor.orgId, ticketId);
    if (!crew.some((c) => c.id === actor.userId)) throw new AppError('FORBIDDEN', { detail: 'errors.detail.notOnCrew' });
  }

  async function stepsOf(tx: Db, orgId: string, ticketId: string, userId: string): Promise<StepRow[]> {
    return tx
      .select()
      .from(fieldSteps)
      .where(and(eq(fieldSteps.orgId, orgId), eq(fieldSteps.ticketId, ticketId), eq(fieldSteps.userId, userId)))
      .orderBy(asc(fieldSteps.at), asc(fieldSteps.id));
  }

  /**
   * Replaces a technician's derived drafts for a job with what the steps now say. Approved
   * entries and drafts a supervisor edited stay as they are.
   */
  async function rederive(tx: Db, orgId: string, ticketId: string, userId: string) {
    const derived = deriveTimeEntries((await stepsOf(tx, orgId, ticketId, userId)).map(toStep));
    const existing = await tx
      .select()
      .from(timeEntries)
      .where(and(eq(timeEntries.orgId, orgId), eq(timeEntries.ticketId, ticketId), eq(timeEntries.userId, userId)));
    const kept = existing.filter((e) => e.status === 'approved' || e.edited || e.correctsId);
    const stale = existing.filter((e) => !kept.includes(e)).map((e) => e.id);
    if (stale.length) await tx.delete(timeEntries).where(and(eq(timeEntries.orgId, orgId), inArray(timeEntries.id, stale)));
    const covered = (d: { kind: string; startedAt: number }) => kept.some((k) => k.kind === d.kind && k.startedAt.getTime() === d.startedAt && !k.correctsId);
    const fresh = derived.filter((d) => !covered(d));
    if (fresh.length) {
      await tx.insert(timeEntries).values(
        fresh.map((d) => ({
          orgId,
          id: uuidv7(),
          ticketId,
          userId,
          kind: d.kind,
          transport: d.transport,
          waitReason: d.waitReason,
          startedAt: new Date(d.startedAt),
          endedAt: new Date(d.endedAt),
          minutes: d.minutes,
        })),
      );
    }
  }

  /** Records a step of a technician's day and what it implies for the ticket. */
  async function recordStep(actor: Actor, ticketId: string, body: FieldStepBody) {
    const now = clock();
    await db.transaction(async (tx) => {
      const ticket = await ticketFor(tx, actor, ticketId);
      await assertOnCrew(tx, actor, ticketId);
      if (body.kind === 'finish') {
        // Finishing comes with the work report and the customer's signature.
        throw new AppError('STEP_NOT_ALLOWED', { detail: 'errors.detail.stepNotAllowed', params: { allowed: 'work report' } });
      }
      const steps = (await stepsOf(tx, actor.orgId, ticketId, actor.userId)).map(toStep);
      const [report] = await tx.select({ id: workReports.ticketId }).from(workReports).where(and(eq(workReports.orgId, actor.orgId), eq(workReports.ticketId, ticketId)));
      const allowed = recordableSteps(steps, !!report);
      if (!allowed.includes(body.kind)) {
        throw new AppError('STEP_NOT_ALLOWED', { detail: 'errors.detail.stepNotAllowed', params: { allowed: allowed.join(', ') }, extensions: { allowed } });
      }
      await tx.insert(fieldSteps).values({
        orgId: actor.orgId,
        id: uuidv7(),
        ticketId,
        userId: actor.userId,
        kind: body.kind,
        at: now,
        transport: body.transport ?? null,
        waitReason: body.waitReason ?? null,
        latitude: body.latitude ?? null,
        longitude: body.longitude ?? null,
        accuracyM: body.accuracyM ?? null,
        note: body.note ?? null,
      });
      // The ticket follows the lead's day: work started, on hold while waiting, resumed.
      if (body.kind === 'start' && ticket.status === 'dispatched') await options.tickets.transitionInTx(tx, actor, ticketId, { action: 'start' }, now);
      if (body.kind === 'wait' && ticket.status === 'in_progress') {
        await options.tickets.transitionInTx(tx, actor, ticketId, { action: 'hold', holdReason: HOLD_FOR_WAIT[body.waitReason!], reason: body.note || t(actor.locale ?? 'zh-CN', `enum.waitReason.${body.waitReason!}`) }, now);
      }
      if (body.kind === 'resume' && ticket.status === 'on_hold') await options.tickets.transitionInTx(tx, actor, ticketId, { action: 'resume' }, now);
      const details = {
        kind: body.kind,
        ...(body.transport ? { transport: body.transport } : {}),
        ...(body.waitReason ? { waitReason: body.waitReason } : {}),
        ...(body.note !== undefined ? { note: body.note } : {}),
        ...(body.latitude !== undefined ? { location: [body.latitude ?? null, body.longitude ?? null] as [number | null, number | null] } : {}),
      };
      await options.tickets.recordEvent(tx, actor, ticketId, { type: 'field_step', details }, now, { touch: true });
      await rederive(tx, actor.orgId, ticketId, actor.userId);
    });
    return dayOf(actor, ticketId);
  }

  /**
   * Completes the job (E10, H8, M6): the report, the customer's signature, the instruction
   * confirmed, the `finish` step, the ticket completed and the time entries derived, in one go.
   */
  async function submitWorkReport(actor: Actor, ticketId: string, body: WorkReportBody) {
    const now = clock();
    await db.transaction(async (tx) => {
      const ticket = await ticketFor(tx, actor, ticketId);
      await assertOnCrew(tx, actor, ticketId);
      const missingInstruction = INSTRUCTION_ITEMS.filter((i) => !body.instructed.includes(i));
      if (missingInstruction.length) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.instructed', code: 'too_small', message: 'errors.detail.instructionsMissing' }] });
      }
      if (ticket.type === 'delivery') {
        const org = await options.getOrganisation(actor.orgId, tx);
        const missing = org.settings.delivery.checklist.filter((item) => !(body.deliveryChecklist ?? []).includes(item));
        if (missing.length) {
          throw new AppError('VALIDATION_FAILED', {
            fields: [{ field: 'body.deliveryChecklist', code: 'too_small', message: 'errors.detail.deliveryChecklistIncomplete', params: { items: missing.join('、') } }],
          });
        }
      }
      for (const [field, id] of [['signatureAttachmentId', body.signatureAttachmentId], ...(body.photoAttachmentIds ?? []).map((p, i) => [`photoAttachmentIds.${i}`, p])] as [string, string | null | undefined][]) {
        if (id && !(await options.files.onTicket(tx, actor.orgId, id, ticketId))) {
          throw new AppError('INVALID_REFERENCE', { fields: [{ field: `body.${field}`, code: 'not_found', message: 'errors.detail.signatureNotFound' }] });
        }
      }
      const steps = (await stepsOf(tx, actor.orgId, ticketId, actor.userId)).map(toStep);
      if (!nextSteps(steps).includes('finish')) {
        throw new AppError('STEP_NOT_ALLOWED', { detail: 'errors.detail.stepNotAllowed', params: { allowed: nextSteps(steps).join(', ') } });
      }
      await tx
        .insert(workReports)
        .values({
          orgId: actor.orgId,
          ticketId,
          faultFound: body.faultFound,
          workDone: body.workDone,
          partsUsed: body.partsUsed ?? null,
          instructed: body.instructed,
          deliveryChecklist: body.deliveryChecklist ?? null,
          signerName: body.signerName,
          signatureAttachmentId: body.signatureAttachmentId ?? null,
          photoAttachmentIds: body.photoAttachmentIds ?? [],
          submittedBy: actor.userId,
          submittedAt: now,
        })
        .onConflictDoUpdate({
          target: [workReports.orgId, workReports.ticketId],
          set: {
            faultFound: body.faultFound,
            workDone: body.workDone,
            partsUsed: body.partsUsed ?? null,
            instructed: body.instructed,
            deliveryChecklist: body.deliveryChecklist ?? null,
            signerName: body.signerName,
            signatureAttachmentId: body.signatureAttachmentId ?? null,
            photoAttachmentIds: body.photoAttachmentIds ?? [],
            submittedBy: actor.userId,
            submittedAt: now,
          },
        });
      // The job is finished for everyone on it who was still working, not only for whoever reports.
      const crew = await options.tickets.crewOf(tx, actor.orgId, ticketId);
      for (const userId of new Set([actor.userId, ...crew.map((c) => c.id)])) {
        const own = userId === actor.userId ? steps : (await stepsOf(tx, actor.orgId, ticketId, userId)).map(toStep);
        if (nextSteps(own).includes('finish')) await tx.insert(fieldSteps).values({ orgId: actor.orgId, id: uuidv7(), ticketId, userId, kind: 'finish', at: now });
      }
      if (body.signatureAttachmentId) {
        await tx.insert(signoffs).values({
          orgId: actor.orgId,
          id: uuidv7(),
          ticketId,
          party: 'customer',
          signerName: body.signerName,
          method: 'drawn',
          attachmentId: body.signatureAttachmentId,
          collectedBy: actor.userId,
          signedAt: now,
        });
      }
      await options.tickets.recordEvent(tx, actor, ticketId, { type: 'work_report', details: { signerName: body.signerName, instructed: body.instructed } }, now, { touch: true });
      if (ticket.status === 'on_hold') await options.tickets.transitionInTx(tx, actor, ticketId, { action: 'resume' }, now);
      if (ticket.status === 'in_progress' || ticket.status === 'on_hold') await options.tickets.transitionInTx(tx, actor, ticketId, { action: 'complete' }, now);
      // Every crew member's own steps give their own hours.
      for (const userId of new Set([actor.userId, ...crew.map((c) => c.id)])) await rederive(tx, actor.orgId, ticketId, userId);
    });
    return dayOf(actor, ticketId);
  }

  /**
   * M6: the company calls the user after a delivery. "Not explained" cancels the delivery bonus
   * (pay reads `callbackExplained`); a later call may correct an earlier answer, and both stay
   * in the ticket's history.
   */
  async function recordDeliveryCallback(actor: Actor, ticketId: string, body: DeliveryCallbackBody) {
    const now = clock();
    await db.transaction(async (tx) => {
      const ticket = await ticketFor(tx, actor, ticketId);
      const [report] = await tx.select().from(workReports).where(and(eq(workReports.orgId, actor.orgId), eq(workReports.ticketId, ticketId)));
      if (!report || ticket.type !== 'delivery') throw new AppError('NOT_FOUND');
      await tx
        .update(workReports)
        .set({ callbackExplained: body.explained, callbackNote: body.note ?? null, callbackBy: actor.userId, callbackAt: now })
        .where(and(eq(workReports.orgId, actor.orgId), eq(workReports.ticketId, ticketId)));
      await options.tickets.recordEvent(tx, actor, ticketId, { type: 'delivery_callback', details: { explained: body.explained, ...(body.note ? { note: body.note } : {}) } }, now, { touch: true });
    });
    return dayOf(actor, ticketId);
  }

  /** M6: the service clerk received the delivery report; the delivery bonus counts from here. */
  async function receiveDeliveryReport(actor: Actor, ticketId: string) {
    const now = clock();
    await db.transaction(async (tx) => {
      const ticket = await ticketFor(tx, actor, ticketId);
      const [report] = await tx.select().from(workReports).where(and(eq(workReports.orgId, actor.orgId), eq(workReports.ticketId, ticketId)));
      if (!report || ticket.type !== 'delivery') throw new AppError('NOT_FOUND');
      if (report.receivedAt) return;
      await tx.update(workReports).set({ receivedBy: actor.userId, receivedAt: now }).where(and(eq(workReports.orgId, actor.orgId), eq(workReports.ticketId, ticketId)));
      await options.tickets.recordEvent(tx, actor, ticketId, { type: 'delivery_received', details: {} }, now, { touch: true });
    });
    return dayOf(actor, ticketId);
  }

  async function collectSignoff(actor: Actor, ticketId: string, body: { party: SignoffParty; signerName: string; attachmentId?: string | null | undefined; typed?: boolean | undefined; note?: string | undefined }) {
    const now = clock();
    await db.transaction(async (tx) => {
      await ticketFor(tx, actor, ticketId);
      if (body.attachmentId && !(await options.files.onTicket(tx, actor.orgId, body.attachmentId, ticketId))) {
        throw new AppError('INVALID_REFERENCE', { fields: [{ field: 'body.attachmentId', code: 'not_found', message: 'errors.detail.signatureNotFound' }] });
      }
      await tx.insert(signoffs).values({
        orgId: actor.orgId,
        id: uuidv7(),
        ticketId,
        party: body.party,
        signerName: body.signerName,
        method: body.attachmentId ? 'drawn' : 'typed',
        attachmentId: body.attachmentId ?? null,
        note: body.note ?? null,
        collectedBy: actor.userId,
        signedAt: now,
      });
      await options.tickets.recordEvent(tx, actor, ticketId, { type: 'signoff', details: { party: body.party, signerName: body.signerName } }, now, { touch: true });
    });
    return signoffsOf(actor, ticketId);
  }

  async function signoffSetOf(tx: Db, actor: Actor, ticketId: string) {
    const ticket = await ticketFor(tx, actor, ticketId);
    return signoffSetFor({ type: ticket.type, assetKind: ticket.assetKind });
  }

  async function signoffsOf(actor: Actor, ticketId: string, tx: Db = db) {
    const set = await signoffSetOf(tx, actor, ticketId);
    const rows = await tx.select().from(signoffs).where(and(eq(signoffs.orgId, actor.orgId), eq(signoffs.ticketId, ticketId))).orderBy(asc(signoffs.signedAt));
    const signed = rows.map((r) => r.party as SignoffParty);
    return {
      set: set.code,
      required: set.required,
      parties: [...set.parties],
      missing: missingParties(set, signed),
      items: rows.map((r) => ({ id: r.id, party: r.party as SignoffParty, signerName: r.signerName, method: r.method as 'drawn' | 'typed', attachmentId: r.attachmentId, note: r.note, signedAt: r.signedAt })),
    };
  }

  /** R8, E8: a visited job closes only when everyone who must sign has signed. */
  async function assertSignedOff(tx: Db, orgId: string, ticketId: string) {
    const state = await signoffsOf(systemActor(orgId, ''), ticketId, tx);
    if (state.required && state.missing.length) {
      throw new AppError('SIGNOFFS_MISSING', { detail: 'errors.detail.signoffsMissing', params: { parties: state.missing.join(', ') }, extensions: { missing: state.missing } });
    }
  }

  /** The technician's view of a job: their steps, what may come next, the report and hours. */
  async function dayOf(actor: Actor, ticketId: string) {
    const ticket = await ticketFor(db, actor, ticketId);
    const [steps, [report], entries] = await Promise.all([
      stepsOf(db, actor.orgId, ticketId, actor.userId),
      db.select().from(workReports).where(and(eq(workReports.orgId, actor.orgId), eq(workReports.ticketId, ticketId))),
      db.select().from(timeEntries).where(and(eq(timeEntries.orgId, actor.orgId), eq(timeEntries.ticketId, ticketId))).orderBy(asc(timeEntries.startedAt)),
    ]);
    return {
      ticketId,
      status: ticket.status,
      steps: steps.map((s) => ({ id: s.id, kind: s.kind as Step['kind'], at: s.at, transport: s.transport, waitReason: s.waitReason, note: s.note })),
      next: recordableSteps(steps.map(toStep), !!report),
      canFinish: !report && nextSteps(steps.map(toStep)).includes('finish'),
      report: report
        ? {
            faultFound: report.faultFound,
            workDone: report.workDone,
            partsUsed: report.partsUsed,
            instructed: report.instructed,
            deliveryChecklist: report.deliveryChecklist,
            signerName: report.signerName,
            signatureAttachmentId: report.signatureAttachmentId,
            photoAttachmentIds: report.photoAttachmentIds,
            submittedAt: report.submittedAt,
            receivedAt: report.receivedAt,
            callbackExplained: report.callbackExplained,
            callbackNote: report.callbackNote,
            callbackAt: report.callbackAt,
          }
        : null,
      entries: entries.map(entryView),
    };
  }

  // --- timesheets ---------------------------------------------------------------------------

  async function findEntries(actor: Actor, filter: { status?: 'draft' | 'approved' | undefined; userId?: string | undefined; ticketId?: string | undefined; from?: Date | undefined; to?: Date | undefined; limit: number }) {
    const rows = await db
      .select()
      .from(timeEntries)
      .where(
        and(
          eq(timeEntries.orgId, actor.orgId),
          filter.status ? eq(timeEntries.status, filter.status) : undefined,
          actor.role === 'technician' ? eq(timeEntries.userId, actor.userId) : filter.userId ? eq(timeEntries.userId, filter.userId) : undefined,
          filter.ticketId ? eq(timeEntries.ticketId, filter.ticketId) : undefined,
          filter.from ? gte(timeEntries.startedAt, filter.from) : undefined,
          filter.to ? lt(timeEntries.startedAt, filter.to) : undefined,
        ),
      )
      .orderBy(desc(timeEntries.startedAt))
      .limit(filter.limit);
    return rows.map(entryView);
  }

  /** A supervisor adjusts a draft (M3: the hours are "as approved"). */
  async function editEntry(actor: Actor, id: string, version: number, changes: { minutes?: number | undefined; kind?: TimeEntryKind | undefined; note?: string | null | undefined }) {
    const [row] = await db.select().from(timeEntries).where(and(eq(timeEntries.orgId, actor.orgId), eq(timeEntries.id, id)));
    if (!row) throw new AppError('NOT_FOUND');
    if (row.status === 'approved') throw new AppError('ENTRY_APPROVED');
    const [updated] = await db
      .update(timeEntries)
      .set({ ...changes, edited: true, version: sql`${timeEntries.version} + 1` })
      .where(and(eq(timeEntries.orgId, actor.orgId), eq(timeEntries.id, id), eq(timeEntries.version, version), eq(timeEntries.status, 'draft')))
      .returning();
    if (!updated) throw new AppError('VERSION_CONFLICT', { extensions: { currentVersion: row.version } });
    return entryView(updated);
  }

  /** Approves drafts at the versions the supervisor saw; a draft that changed since is left and reported. */
  async function approveEntries(actor: Actor, items: { id: string; version: number }[]) {
    const now = clock();
    const approved: string[] = [];
    const conflicts: string[] = [];
    await db.transaction(async (tx) => {
      for (const item of items) {
        const [row] = await tx
          .update(timeEntries)
          .set({ status: 'approved', approvedBy: actor.userId, approvedAt: now, version: sql`${timeEntries.version} + 1` })
          .where(and(eq(timeEntries.orgId, actor.orgId), eq(timeEntries.id, item.id), eq(timeEntries.version, item.version), eq(timeEntries.status, 'draft')))
          .returning({ id: timeEntries.id });
        (row ? approved : conflicts).push(item.id);
      }
    });
    return { approved, conflicts };
  }

  /** An approved entry is corrected by a new entry of the difference, with the reason. */
  async function correctEntry(actor: Actor, id: string, body: { minutes: number; note: string }) {
    const [row] = await db.select().from(timeEntries).where(and(eq(timeEntries.orgId, actor.orgId), eq(timeEntries.id, id)));
    if (!row) throw new AppError('NOT_FOUND');
    const [created] = await db
      .insert(timeEntries)
      .values({
        orgId: actor.orgId,
        id: uuidv7(),
        ticketId: row.ticketId,
        userId: row.userId,
        kind: row.kind,
        transport: row.transport,
        waitReason: row.waitReason,
        startedAt: row.startedAt,
        endedAt: row.endedAt,
        minutes: body.minutes,
        correctsId: row.id,
        note: body.note,
        edited: true,
      })
      .returning();
    return entryView(created!);
  }

  options.tickets.guardTransitions(async (tx, _actor, ticket, action) => {
    if (action === 'close' && ticket.status === 'completed') await assertSignedOff(tx, ticket.orgId, ticket.id);
  });

  return {
    recordStep,
    submitWorkReport,
    receiveDeliveryReport,
    collectSignoff,
    recordDeliveryCallback,
    signoffsOf,
    dayOf,
    findEntries,
    editEntry,
    approveEntries,
    correctEntry,
  };
}

export type FieldworkService = ReturnType<typeof createFieldworkService>;
