import { v7 as uuidv7 } from 'uuid';
import { fieldError, invalidReference, notFound } from '../../errors';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors';
import type { CreateLocationBody, LocationKind, LocationView } from '../../../shared/contracts/parts';
import type { Actor } from '../identity';
import type { PartsDeps } from './parts.deps';
import * as repo from './parts.repository';

export function toLocationView(row: repo.LocationRow, ownerName: string | null): LocationView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    ownerUserId: row.ownerUserId,
    ownerName,
    siteId: row.siteId,
    latitude: row.latitude,
    longitude: row.longitude,
    active: row.active,
  };
}

/** A taken name, or a site that is not the organisation's (the only other key a location names). */
function refusalOf(error: unknown, name: string): unknown {
  if (isUniqueViolation(error)) return fieldError('body.name', 'parts.errors.locationTaken', { code: 'taken', params: { name } });
  if (isForeignKeyViolation(error)) return invalidReference('body.siteId', 'parts.errors.unknownSite');
  return error;
}

async function checkOwner(deps: PartsDeps, actor: Actor, ownerUserId: string | null | undefined) {
  if (!ownerUserId) return null;
  const owner = await repo.findPerson(deps.db, actor.orgId, ownerUserId);
  if (!owner) throw invalidReference('body.ownerUserId', 'parts.errors.unknownOwner');
  return owner;
}

export async function createLocation(deps: PartsDeps, actor: Actor, body: CreateLocationBody): Promise<LocationView> {
  const owner = await checkOwner(deps, actor, body.ownerUserId);
  const row: repo.LocationRow = {
    orgId: actor.orgId,
    id: uuidv7(),
    name: body.name,
    kind: body.kind,
    ownerUserId: body.ownerUserId ?? null,
    siteId: body.siteId ?? null,
    latitude: body.latitude ?? null,
    longitude: body.longitude ?? null,
    active: true,
    createdAt: deps.clock(),
  };
  try {
    await repo.insertLocation(deps.db, row);
  } catch (error) {
    throw refusalOf(error, body.name);
  }
  return toLocationView(row, owner?.name ?? null);
}

export async function updateLocation(
  deps: PartsDeps,
  actor: Actor,
  id: string,
  body: Partial<Omit<CreateLocationBody, 'kind'>> & { active?: boolean | undefined },
): Promise<LocationView> {
  if (body.ownerUserId !== undefined) await checkOwner(deps, actor, body.ownerUserId);
  let row: repo.LocationRow | null;
  try {
    row = await repo.updateLocation(deps.db, actor.orgId, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.ownerUserId !== undefined ? { ownerUserId: body.ownerUserId } : {}),
      ...(body.siteId !== undefined ? { siteId: body.siteId } : {}),
      ...(body.latitude !== undefined ? { latitude: body.latitude } : {}),
      ...(body.longitude !== undefined ? { longitude: body.longitude } : {}),
      ...(body.active !== undefined ? { active: body.active } : {}),
    });
  } catch (error) {
    throw refusalOf(error, body.name ?? '');
  }
  if (!row) throw notFound('parts.errors.unknownLocation');
  const owner = row.ownerUserId ? await repo.findPerson(deps.db, actor.orgId, row.ownerUserId) : null;
  return toLocationView(row, owner?.name ?? null);
}

export async function listLocations(deps: PartsDeps, actor: Actor, query: { kind?: LocationKind | undefined; ownerUserId?: string | undefined; includeInactive?: boolean | undefined }) {
  const rows = await repo.listLocations(deps.db, actor.orgId, query);
  return rows.map((r) => toLocationView(r.location, r.ownerName));
}

/**
 * The locations a request names, each checked: it exists in the organisation and is in use.
 * Answers them in the order asked.
 */
export async function requireLocations(deps: PartsDeps, actor: Actor, refs: readonly { id: string; field: string }[]): Promise<repo.LocationRow[]> {
  const found = new Map((await repo.findLocations(deps.db, actor.orgId, [...new Set(refs.map((r) => r.id))])).map((l) => [l.id, l]));
  return refs.map(({ id, field }) => {
    const location = found.get(id);
    if (!location) throw invalidReference(field, 'parts.errors.unknownLocation');
    if (!location.active) throw invalidReference(field, 'parts.errors.inactiveLocation', 'invalid');
    return location;
  });
}
