import { v7 as uuidv7 } from 'uuid';
import { AppError, fieldError, invalidReference, notFound, versionConflict } from '../../errors';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import type { CreatePartBody, PartView, UpdatePartBody } from '../../../shared/contracts/parts';
import type { Actor } from '../identity';
import type { PartsDeps } from './parts.deps';
import * as repo from './parts.repository';

type PartViewRow = NonNullable<Awaited<ReturnType<typeof repo.findPartView>>>;

export function toPartView(row: PartViewRow): PartView {
  const { part } = row;
  return {
    id: part.id,
    number: part.number,
    name: part.name,
    categoryId: part.categoryId,
    category: row.category,
    unit: part.unit,
    divisible: part.divisible,
    costPriceFen: part.costPriceFen,
    contractPriceFen: part.contractPriceFen,
    retailPriceFen: part.retailPriceFen,
    serialTracked: part.serialTracked,
    discontinued: part.discontinued,
    note: part.note,
    version: part.version,
    onHand: Number(row.onHand),
    available: Number(row.available),
  };
}

/** Whether a unit is counted in fractions, by the organisation's list (米, 升…). */
export async function isDivisibleUnit(deps: PartsDeps, orgId: string, unit: string): Promise<boolean> {
  const org = await deps.getOrganisation(orgId);
  return org.settings.parts.divisibleUnits.includes(unit);
}

export const listCategories = (deps: PartsDeps, actor: Actor) => repo.listCategories(deps.db, actor.orgId).then((rows) => rows.map((r) => ({ ...r, partCount: Number(r.partCount) })));

export async function createCategory(deps: PartsDeps, actor: Actor, name: string) {
  if (await repo.findCategoryByName(deps.db, actor.orgId, name)) throw fieldError('body.name', 'parts.errors.categoryTaken', { code: 'taken', params: { name } });
  const row = await repo.ensureCategory(deps.db, actor.orgId, uuidv7(), name);
  return { id: row.id, name: row.name, partCount: 0 };
}

/**
 * The parts a request names, each checked: it exists in the organisation (422 naming the field
 * otherwise). Answers them in the order asked.
 */
export async function requireParts(db: Db, actor: Actor, refs: readonly { id: string; field: string }[]): Promise<repo.PartRow[]> {
  const found = new Map((await repo.findParts(db, actor.orgId, [...new Set(refs.map((r) => r.id))])).map((p) => [p.id, p]));
  return refs.map(({ id, field }) => {
    const part = found.get(id);
    if (!part) throw invalidReference(field, 'parts.errors.unknownPart');
    return part;
  });
}

export async function getPart(deps: PartsDeps, actor: Actor, id: string): Promise<PartView> {
  const row = await repo.findPartView(deps.db, actor.orgId, id);
  if (!row) throw notFound('parts.errors.unknownPart');
  return toPartView(row);
}

export async function listParts(deps: PartsDeps, actor: Actor, query: { q?: string | undefined; categoryId?: string | undefined; discontinued?: boolean | undefined; page: number; pageSize: number }) {
  const { items, total } = await repo.listParts(deps.db, actor.orgId, { ...query, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: items.map(toPartView), total, page: query.page, pageSize: query.pageSize };
}

export async function createPart(deps: PartsDeps, actor: Actor, body: CreatePartBody): Promise<PartView> {
  const id = uuidv7();
  const divisible = body.divisible ?? (await isDivisibleUnit(deps, actor.orgId, body.unit));
  if (body.serialTracked && divisible) throw fieldError('body.serialTracked', 'parts.errors.serialDivisible');
  try {
    await deps.db.transaction(async (tx) => {
      const category = await repo.ensureCategory(tx, actor.orgId, uuidv7(), body.category);
      await repo.insertPart(tx, {
        orgId: actor.orgId,
        id,
        number: body.number,
        name: body.name,
        categoryId: category.id,
        unit: body.unit,
        divisible,
        costPriceFen: body.costPriceFen,
        retailPriceFen: body.retailPriceFen,
        contractPriceFen: body.contractPriceFen ?? null,
        serialTracked: body.serialTracked ?? false,
        discontinued: body.discontinued ?? false,
        note: body.note ?? null,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw fieldError('body.number', 'parts.errors.numberTaken', { code: 'taken', params: { number: body.number } });
    throw error;
  }
  return getPart(deps, actor, id);
}

export async function updatePart(deps: PartsDeps, actor: Actor, id: string, version: number, body: UpdatePartBody): Promise<PartView> {
  const current = (await repo.findParts(deps.db, actor.orgId, [id]))[0];
  if (!current) throw notFound('parts.errors.unknownPart');
  if (current.version !== version) throw versionConflict(current.version, version);
  const serialTracked = body.serialTracked ?? current.serialTracked;
  const divisible = body.divisible ?? (body.unit !== undefined ? await isDivisibleUnit(deps, actor.orgId, body.unit) : current.divisible);
  if (serialTracked && divisible) throw fieldError('body.serialTracked', 'parts.errors.serialDivisible');
  if (serialTracked !== current.serialTracked && Number((await repo.findPartView(deps.db, actor.orgId, id))?.onHand ?? 0) > 0) {
    // Units already in stock have no serials to carry.
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.serialTracked', code: 'invalid', message: 'parts.errors.serialTrackedInStock' }] });
  }
  try {
    const saved = await deps.db.transaction(async (tx) => {
      const category = body.category !== undefined ? await repo.ensureCategory(tx, actor.orgId, uuidv7(), body.category) : null;
      return repo.updatePart(tx, actor.orgId, id, version, {
        ...(body.number !== undefined ? { number: body.number } : {}),
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(category ? { categoryId: category.id } : {}),
        ...(body.unit !== undefined ? { unit: body.unit } : {}),
        divisible,
        serialTracked,
        ...(body.costPriceFen !== undefined ? { costPriceFen: body.costPriceFen } : {}),
        ...(body.retailPriceFen !== undefined ? { retailPriceFen: body.retailPriceFen } : {}),
        ...(body.contractPriceFen !== undefined ? { contractPriceFen: body.contractPriceFen } : {}),
        ...(body.discontinued !== undefined ? { discontinued: body.discontinued } : {}),
        ...(body.note !== undefined ? { note: body.note } : {}),
      });
    });
    if (!saved) {
      const now = (await repo.findParts(deps.db, actor.orgId, [id]))[0];
      if (!now) throw notFound('parts.errors.unknownPart');
      throw versionConflict(now.version, version);
    }
  } catch (error) {
    if (isUniqueViolation(error)) throw fieldError('body.number', 'parts.errors.numberTaken', { code: 'taken', params: { number: body.number ?? '' } });
    throw error;
  }
  return getPart(deps, actor, id);
}
