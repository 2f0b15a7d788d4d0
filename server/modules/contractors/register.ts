import { v7 as uuidv7 } from 'uuid';
import type {
  ContractView,
  ContractorSummary,
  ContractorUserBody,
  ContractorView,
  CreateContractBody,
  CreateContractorBody,
  CreateResponsibilityBody,
  ResponsibilityView,
  UpdateContractorBody,
} from '../../../shared/contracts/contractors';
import { normalizePhone } from '../../../shared/phone';
import { AppError, fieldError, notFound, versionConflict } from '../../errors';
import { isUniqueViolation } from '../../db/errors';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import type { ContractorsDeps } from './contractors.deps';
import * as repo from './contractors.repository';

/**
 * The register (R1, R3, R10): contractors with their repair phone and responsible person, their
 * repair contracts per project, and the responsibility map that names, for each estate, building
 * and trade, the contractor and the end of its warranty.
 */

export const contractorNotFound = () => notFound('contractors.errors.unknownContractor');

function uniqueRefusal(error: unknown, body: { name?: string | undefined; creditCode?: string | null | undefined }): never {
  if (isUniqueViolation(error)) {
    const onName = String((error as { message?: string }).message ?? '').includes('name') || !body.creditCode;
    throw onName
      ? fieldError('body.name', 'contractors.errors.nameTaken', { code: 'taken', params: { name: body.name ?? '' } })
      : fieldError('body.creditCode', 'contractors.errors.creditCodeTaken', { code: 'taken' });
  }
  throw error;
}

export async function createContractor(deps: ContractorsDeps, actor: Actor, body: CreateContractorBody): Promise<{ id: string }> {
  const id = uuidv7();
  const now = deps.clock();
  try {
    await repo.insertContractor(deps.db, {
      orgId: actor.orgId,
      id,
      name: body.name,
      creditCode: body.creditCode ?? null,
      repairPhone: normalizePhone(body.repairPhone),
      responsiblePerson: body.responsiblePerson,
      contacts: (body.contacts ?? []).map((c) => ({ name: c.name, phone: c.phone ? normalizePhone(c.phone) : null, role: c.role ?? null })),
      note: body.note ?? null,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    uniqueRefusal(error, body);
  }
  return { id };
}

export async function updateContractor(deps: ContractorsDeps, actor: Actor, id: string, version: number | undefined, body: UpdateContractorBody): Promise<ContractorView> {
  const current = await repo.findContractor(deps.db, actor.orgId, id);
  if (!current) throw contractorNotFound();
  const at = version ?? current.version;
  if (at !== current.version) throw versionConflict(current.version, at);
  const changes: Partial<repo.ContractorInsert> = { updatedAt: deps.clock() };
  if (body.name !== undefined) changes.name = body.name;
  if (body.creditCode !== undefined) changes.creditCode = body.creditCode ?? null;
  if (body.repairPhone !== undefined) changes.repairPhone = normalizePhone(body.repairPhone);
  if (body.responsiblePerson !== undefined) changes.responsiblePerson = body.responsiblePerson;
  if (body.contacts !== undefined) changes.contacts = body.contacts.map((c) => ({ name: c.name, phone: c.phone ? normalizePhone(c.phone) : null, role: c.role ?? null }));
  if (body.note !== undefined) changes.note = body.note ?? null;
  try {
    if (!(await repo.updateContractor(deps.db, actor.orgId, id, at, changes))) throw versionConflict(current.version + 1, at);
  } catch (error) {
    if (error instanceof AppError) throw error;
    uniqueRefusal(error, { name: body.name ?? current.name, creditCode: body.creditCode });
  }
  return getContractor(deps, actor, id);
}

export async function listContractors(deps: ContractorsDeps, actor: Actor, query: { q?: string | undefined }): Promise<ContractorSummary[]> {
  return repo.listContractors(deps.db, actor.orgId, { q: query.q });
}

function toContractView(row: repo.ContractRow): ContractView {
  return {
    id: row.id,
    contractorId: row.contractorId,
    estate: row.estate,
    scope: row.scope,
    unitPrices: row.unitPrices,
    warrantyTerms: row.warrantyTerms,
    depositFen: row.depositFen,
    depositDueOn: row.depositDueOn,
    signedOn: row.signedOn,
    createdAt: row.createdAt,
  };
}

export function toResponsibilityView(row: repo.ListedResponsibility): ResponsibilityView {
  return {
    id: row.id,
    contractorId: row.contractorId,
    contractorName: row.contractorName,
    estate: row.estate,
    building: row.building,
    trade: row.trade,
    startsOn: row.startsOn,
    warrantyEndsOn: row.warrantyEndsOn,
  };
}

export async function getContractor(deps: ContractorsDeps, actor: Actor, id: string, db: Db = deps.db): Promise<ContractorView> {
  const row = await repo.findContractor(db, actor.orgId, id);
  if (!row) throw contractorNotFound();
  const [[summary], contracts, lines] = await Promise.all([
    repo.listContractors(db, actor.orgId, { ids: [id] }),
    repo.contractsOf(db, actor.orgId, id),
    repo.listResponsibilities(db, actor.orgId, { contractorId: id }),
  ]);
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    repairPhone: row.repairPhone,
    responsiblePerson: row.responsiblePerson,
    balanceFen: summary?.balanceFen ?? 0,
    openTickets: summary?.openTickets ?? 0,
    contacts: row.contacts,
    note: row.note,
    contracts: contracts.map(toContractView),
    responsibilities: lines.map(toResponsibilityView),
    createdAt: row.createdAt,
    version: row.version,
  };
}

/** R1, R10: a repair contract for one project, with its unit prices, warranty per trade and deposit. */
export async function createContract(deps: ContractorsDeps, actor: Actor, contractorId: string, body: CreateContractBody): Promise<ContractView> {
  if (!(await repo.findContractor(deps.db, actor.orgId, contractorId))) throw contractorNotFound();
  const trades = new Set<string>();
  body.warrantyTerms.forEach((term, i) => {
    if (trades.has(term.trade)) throw fieldError(`body.warrantyTerms.${i}.trade`, 'contractors.errors.tradeTwice', { code: 'duplicate' });
    trades.add(term.trade);
  });
  const id = uuidv7();
  await repo.insertContract(deps.db, {
    orgId: actor.orgId,
    id,
    contractorId,
    estate: body.estate,
    scope: body.scope,
    unitPrices: body.unitPrices,
    warrantyTerms: body.warrantyTerms,
    depositFen: body.depositFen,
    depositDueOn: body.depositDueOn ?? null,
    signedOn: body.signedOn ?? null,
    createdBy: actor.userId,
    createdAt: deps.clock(),
  });
  const contract = (await repo.contractsOf(deps.db, actor.orgId, contractorId)).find((c) => c.id === id)!;
  return toContractView(contract);
}

/**
 * R3: a line of the responsibility map. Lines of one building and trade never overlap in time:
 * another line whose period meets this one's is refused with 409 RESPONSIBILITY_OVERLAP, naming
 * it. Checked under a lock on the building and trade, in one transaction with the write.
 */
export async function addResponsibility(deps: ContractorsDeps, actor: Actor, contractorId: string, body: CreateResponsibilityBody): Promise<ResponsibilityView> {
  if (body.startsOn && body.startsOn > body.warrantyEndsOn) throw fieldError('body.warrantyEndsOn', 'contractors.errors.endsBeforeStart');
  const id = uuidv7();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.findContractor(tx, actor.orgId, contractorId))) throw contractorNotFound();
    await repo.lockMapKey(tx, actor.orgId, body.estate, body.building, body.trade);
    const overlap = await repo.findOverlap(tx, actor.orgId, { ...body, startsOn: body.startsOn ?? null, endsOn: body.warrantyEndsOn });
    if (overlap) {
      throw new AppError('RESPONSIBILITY_OVERLAP', {
        detail: 'contractors.errors.overlap',
        params: { estate: body.estate, building: body.building },
        extensions: { conflictingId: overlap.id, contractorId: overlap.contractorId, startsOn: overlap.startsOn, warrantyEndsOn: overlap.warrantyEndsOn },
      });
    }
    await repo.insertResponsibility(tx, {
      orgId: actor.orgId,
      id,
      contractorId,
      estate: body.estate,
      building: body.building,
      trade: body.trade,
      startsOn: body.startsOn ?? null,
      warrantyEndsOn: body.warrantyEndsOn,
      createdBy: actor.userId,
      createdAt: deps.clock(),
    });
  });
  const line = (await repo.listResponsibilities(deps.db, actor.orgId, { contractorId })).find((r) => r.id === id)!;
  return toResponsibilityView(line);
}

export async function listResponsibilities(deps: ContractorsDeps, actor: Actor, query: { estate?: string | undefined; building?: string | undefined }): Promise<ResponsibilityView[]> {
  return (await repo.listResponsibilities(deps.db, actor.orgId, query)).map(toResponsibilityView);
}

/**
 * S18: a portal user for the contractor (role `contractor`, linked to it), made by identity after
 * this module has checked that the contractor is the organisation's.
 */
export async function createPortalUser(deps: ContractorsDeps, actor: Actor, contractorId: string, body: ContractorUserBody) {
  if (!(await repo.findContractor(deps.db, actor.orgId, contractorId))) throw contractorNotFound();
  return deps.identity.createUser(actor.orgId, { ...body, role: 'contractor', contractorId }, actor.userId);
}
