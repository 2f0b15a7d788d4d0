import { v7 as uuidv7 } from 'uuid';
import type { AssetMaintenanceView, MaintenanceKind, MaintenanceRecordBody, MaintenanceRecordView, PatrolBody, PatrolView, PlanItemView } from '../../../shared/contracts/maintenance';
import type { AssetKind, WarrantyBasis } from '../../../shared/domain';
import { addDays, localDate, localInstant } from '../../../shared/time';
import { startDate } from '../../../shared/warranty';
import { fieldError, invalidReference, notFound } from '../../errors';
import { systemActor, type Actor } from '../identity';
import { warrantyOf } from '../assets';
import * as repo from './care.repository';
import type { CareDeps } from './care.deps';
import { planOf, type PlanAsset } from './maintenance-plan';

/*
 * Maintenance plans (W2, E4) and what keeps them: the maintenance done on an asset, a patrol's
 * findings (a fault becomes a ticket), and the daily run that raises a follow-up task and tells
 * the customer when an item falls due (W2's reminder, A1's outbound list). The rules are in
 * `maintenance-plan.ts`.
 */

export const REMINDERS_JOB = 'care.maintenance-reminders';
/** The daily run is at this local hour, before the working day. */
const DAILY_HOUR = 6;
const PAGE = 500;

interface AssetFacts {
  kind: AssetKind;
  attributes: Record<string, unknown>;
  purchasedOn: string | null;
  installedOn: string | null;
  acceptedOn: string | null;
  warrantyBasis: WarrantyBasis;
  warrantyMonths: number | null;
}

function planAsset(asset: AssetFacts, today: string, defaultWarrantyMonths: number, omContractUntil: string | null): PlanAsset {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    kind: asset.kind,
    movement: str(asset.attributes.movement),
    waterResistance: str(asset.attributes.waterResistance),
    purchasedOn: asset.purchasedOn,
    startedOn: asset.acceptedOn ?? asset.installedOn ?? asset.purchasedOn ?? startDate({ basis: asset.warrantyBasis, purchasedOn: asset.purchasedOn, installedOn: asset.installedOn, acceptedOn: asset.acceptedOn, warrantyMonths: asset.warrantyMonths }),
    warranty: warrantyOf(asset, today, defaultWarrantyMonths),
    omContractUntil,
  };
}

function recordView(r: repo.MaintenanceDetail): MaintenanceRecordView {
  return {
    id: r.record.id,
    assetId: r.record.assetId,
    kind: r.record.kind,
    doneOn: r.record.doneOn,
    ticketId: r.record.ticketId,
    note: r.record.note,
    doneBy: { id: r.record.doneBy, name: r.doneByName },
    createdAt: r.record.createdAt,
  };
}

async function todayOf(deps: CareDeps, orgId: string) {
  const org = await deps.getOrganisation(orgId);
  return { org, today: localDate(deps.clock(), org.timeZone) };
}

/** The asset's plan items (W2, E4) and its maintenance history, newest first. */
export async function assetMaintenance(deps: CareDeps, actor: Actor, assetId: string): Promise<AssetMaintenanceView> {
  const asset = await deps.assets.getAsset(actor, assetId);
  const { org, today } = await todayOf(deps, actor.orgId);
  const site = asset.siteId ? await deps.customers.findSite(actor.orgId, asset.siteId) : undefined;
  const history = await repo.findMaintenance(deps.db, actor.orgId, assetId);
  const items = planOf(
    planAsset(asset, today, org.settings.warranty.defaultMonths, site?.omContractUntil ?? null),
    history.map((h) => ({ kind: h.record.kind, doneOn: h.record.doneOn })),
    org.settings.care,
    today,
  );
  return { items, history: history.map(recordView) };
}

function assertNotFuture(doneOn: string, today: string) {
  if (doneOn > today) throw fieldError('body.doneOn', 'care.maintenance.errors.doneInFuture', { code: 'future' });
}

/** Records maintenance done on an asset; its open reminders of that kind are done with it. */
export async function recordMaintenance(deps: CareDeps, actor: Actor, assetId: string, body: MaintenanceRecordBody): Promise<MaintenanceRecordView> {
  const asset = await deps.assets.getAsset(actor, assetId);
  const { today } = await todayOf(deps, actor.orgId);
  assertNotFuture(body.doneOn, today);
  if (body.ticketId) {
    const ticket = await deps.tickets.getTicket(actor, body.ticketId).catch(() => undefined);
    if (!ticket) throw invalidReference('body.ticketId', 'care.maintenance.errors.ticketNotFound');
    if (ticket.assetId !== null && ticket.assetId !== asset.id) throw invalidReference('body.ticketId', 'care.maintenance.errors.ticketOfAnotherAsset', 'invalid');
  }
  const id = uuidv7();
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await repo.insertMaintenance(tx, [{ orgId: actor.orgId, id, assetId, kind: body.kind, doneOn: body.doneOn, ticketId: body.ticketId ?? null, note: body.note ?? null, doneBy: actor.userId, createdAt: now }]);
    await repo.closeMaintenanceTasks(tx, actor.orgId, assetId, body.kind, actor.userId, now);
  });
  const [row] = await repo.findMaintenance(deps.db, actor.orgId, assetId, [id]);
  return recordView(row!);
}

/**
 * E4: a patrol of a site. Every point is an asset standing at the site; a point with a fault
 * becomes a ticket on that asset (through the tickets module's intake, one each), then the
 * patrol is recorded on every point, each naming the ticket its finding became.
 */
export async function recordPatrol(deps: CareDeps, actor: Actor, siteId: string, body: PatrolBody): Promise<PatrolView> {
  const site = await deps.customers.findSite(actor.orgId, siteId);
  if (!site) throw notFound();
  const { today } = await todayOf(deps, actor.orgId);
  assertNotFuture(body.doneOn, today);
  const seen = new Set<string>();
  const points: (PatrolBody['points'][number] & { asset: Awaited<ReturnType<CareDeps['assets']['getAsset']>> })[] = [];
  for (const [i, point] of body.points.entries()) {
    const field = `body.points.${i}.assetId`;
    if (seen.has(point.assetId)) throw fieldError(field, 'care.maintenance.errors.duplicatePoint', { code: 'duplicate' });
    seen.add(point.assetId);
    const asset = await deps.assets.getAsset(actor, point.assetId).catch(() => undefined);
    if (!asset) throw invalidReference(field, 'errors.detail.assetNotFound');
    if (asset.siteId !== siteId) throw invalidReference(field, 'care.maintenance.errors.assetNotAtSite', 'invalid');
    if (point.fault && !point.finding) throw fieldError(`body.points.${i}.finding`, 'care.maintenance.errors.findingRequired', { code: 'required' });
    points.push({ ...point, asset });
  }
  const tickets: PatrolView['tickets'] = [];
  for (const point of points) {
    if (!point.fault) continue;
    const { ticket } = await deps.tickets.createTicket(actor, {
      customerId: point.asset.customerId,
      assetId: point.asset.id,
      channel: 'written',
      type: 'repair',
      description: `${site.name}：${point.finding!}`,
    });
    tickets.push({ id: ticket.id, number: ticket.number, assetId: point.asset.id });
  }
  const now = deps.clock();
  const rows = points.map((p) => ({
    orgId: actor.orgId,
    id: uuidv7(),
    assetId: p.asset.id,
    kind: 'patrol' as const,
    doneOn: body.doneOn,
    ticketId: tickets.find((t) => t.assetId === p.asset.id)?.id ?? null,
    note: p.finding ?? null,
    doneBy: actor.userId,
    createdAt: now,
  }));
  await deps.db.transaction(async (tx) => {
    await repo.insertMaintenance(tx, rows);
    for (const p of points) await repo.closeMaintenanceTasks(tx, actor.orgId, p.asset.id, 'patrol', actor.userId, now);
  });
  const records: MaintenanceRecordView[] = [];
  for (const r of rows) records.push(...(await repo.findMaintenance(deps.db, actor.orgId, r.assetId, [r.id])).map(recordView));
  return { records, tickets };
}

/**
 * E4: an inspection ticket on an asset, closed, is an inspection done: recorded on the day its
 * work was completed (else the close), by its assignee, once per ticket (a reopened and closed
 * again ticket records nothing new). A ticket without an asset or an assignee records nothing.
 */
export async function recordClosedInspection(deps: CareDeps, tx: CareDeps['db'], recorded: { orgId: string; ticketId: string; event: { type: string; to?: string }; now: Date }) {
  if (recorded.event.type !== 'transition' || recorded.event.to !== 'closed') return;
  const ticket = await repo.findTicketForMaintenance(tx, recorded.orgId, recorded.ticketId);
  if (!ticket || ticket.type !== 'inspection' || !ticket.assetId || !ticket.assigneeId) return;
  if (await repo.maintenanceOfTicketExists(tx, recorded.orgId, recorded.ticketId, 'inspection')) return;
  const org = await deps.getOrganisation(recorded.orgId, tx);
  await repo.insertMaintenance(tx, [
    {
      orgId: recorded.orgId,
      id: uuidv7(),
      assetId: ticket.assetId,
      kind: 'inspection',
      doneOn: localDate(ticket.completedAt ?? recorded.now, org.timeZone),
      ticketId: recorded.ticketId,
      note: null,
      doneBy: ticket.assigneeId,
      createdAt: recorded.now,
    },
  ]);
  await repo.closeMaintenanceTasks(tx, recorded.orgId, ticket.assetId, 'inspection', ticket.assigneeId, recorded.now);
}

/** Queues the organisation's next daily reminder run (one waiting run absorbs the others). */
export async function scheduleReminders(deps: CareDeps, tx: CareDeps['db'], orgId: string) {
  const org = await deps.getOrganisation(orgId, tx);
  const now = deps.clock();
  let runAt = new Date(localInstant(localDate(now, org.timeZone), DAILY_HOUR * 60, org.timeZone));
  if (runAt <= now) runAt = new Date(runAt.getTime() + 86_400_000);
  await deps.jobs.enqueue(tx, { orgId, kind: REMINDERS_JOB, runAt, coalesce: true });
}

/**
 * W2, A1: for every plan item due within `care.reminderDaysBefore` days (or overdue), one
 * follow-up task per asset, kind and due day in the care task list (the outbound calls, with
 * the callbacks) and one message to the customer. Raising is keyed, so a second run raises
 * nothing new. Answers how many tasks it raised.
 */
export async function raiseMaintenanceReminders(deps: CareDeps, orgId: string): Promise<{ raised: number; assets: number }> {
  const { org, today } = await todayOf(deps, orgId);
  const horizon = addDays(today, org.settings.care.reminderDaysBefore);
  const actor = systemActor(orgId, '');
  const now = deps.clock();
  let raised = 0;
  let seen = 0;
  let afterId: string | null = null;
  for (;;) {
    const page = await deps.assets.plannableAssets(orgId, afterId, PAGE);
    if (!page.length) break;
    afterId = page[page.length - 1]!.id;
    seen += page.length;
    const contracts = await deps.customers.siteContracts(orgId, page.flatMap((a) => (a.siteId ? [a.siteId] : [])));
    const records = new Map<string, { kind: MaintenanceKind; doneOn: string }[]>();
    for (const r of await repo.findMaintenanceOfAssets(deps.db, orgId, page.map((a) => a.id))) records.set(r.assetId, [...(records.get(r.assetId) ?? []), r]);
    for (const asset of page) {
      const items = planOf(
        planAsset(asset, today, org.settings.warranty.defaultMonths, asset.siteId ? (contracts.get(asset.siteId) ?? null) : null),
        records.get(asset.id) ?? [],
        org.settings.care,
        today,
      );
      for (const item of items.filter((i) => i.dueOn <= horizon)) {
        if (await raiseReminder(deps, actor, asset, item, now)) raised++;
      }
    }
    if (page.length < PAGE) break;
  }
  return { raised, assets: seen };
}

async function raiseReminder(
  deps: CareDeps,
  actor: Actor,
  asset: { id: string; customerId: string; productName: string | null; serialNumber: string },
  item: PlanItemView,
  now: Date,
): Promise<boolean> {
  const org = await deps.getOrganisation(actor.orgId);
  return deps.db.transaction(async (tx) => {
    const id = await repo.insertTask(tx, {
      orgId: actor.orgId,
      id: uuidv7(),
      kind: 'maintenance_due',
      ticketId: null,
      customerId: asset.customerId,
      addressId: null,
      assetId: asset.id,
      maintenanceKind: item.kind,
      maintenanceDueOn: item.dueOn,
      note: null,
      dueAt: new Date(localInstant(item.dueOn, 0, org.timeZone)),
      createdAt: now,
      createdBy: null,
    });
    if (!id) return false;
    await deps.notify.enqueue(tx, {
      orgId: actor.orgId,
      topic: `maintenance.${item.kind}`,
      recipient: `customer:${asset.customerId}`,
      payload: { taskId: id, assetId: asset.id, kind: item.kind, day: item.dueOn, product: asset.productName ?? '', serialNumber: asset.serialNumber },
      dedupeKey: `maintenance:${asset.id}:${item.kind}:${item.dueOn}`,
    });
    return true;
  });
}
