import type { Role } from '../../../shared/domain';
import type { Db } from '../../db/client';
import * as repo from './identity.repository';

/**
 * Who counts as a technician, the one definition every module uses: someone a job can be sent
 * to as lead or crew, planned on the dispatch board, offered to a caller who asks for a person.
 * Supervisors go out on jobs too; M1's grade and employment status say who may lead.
 */
export const TECHNICIAN_ROLES = ['technician', 'supervisor'] as const satisfies readonly Role[];

export function isTechnicianRole(role: Role): boolean {
  return (TECHNICIAN_ROLES as readonly Role[]).includes(role);
}

export type StaffMember = repo.StaffRow;

/**
 * The staff other modules need to check, list or name, inside their transaction when they
 * pass one. Active people only unless asked; never passwords or tokens.
 */
export function createStaffDirectory(db: Db) {
  /** Technicians (see TECHNICIAN_ROLES) of an organisation, by name. */
  async function findTechnicians(orgId: string, filter: Omit<repo.StaffFilter, 'roles'> = {}, tx: Db = db): Promise<StaffMember[]> {
    return repo.findStaff(tx, orgId, { ...filter, roles: TECHNICIAN_ROLES });
  }

  /** One active technician, or undefined: may a job be sent to them? */
  async function findTechnician(orgId: string, userId: string, tx: Db = db): Promise<StaffMember | undefined> {
    const [row] = await repo.findStaff(tx, orgId, { ids: [userId], roles: TECHNICIAN_ROLES });
    return row;
  }

  /** One user of the organisation, active or not, in any role. */
  async function findPerson(orgId: string, userId: string, tx: Db = db): Promise<StaffMember | undefined> {
    const [row] = await repo.findStaff(tx, orgId, { ids: [userId], includeInactive: true });
    return row;
  }

  /** Names of the people a record mentions, former staff included. */
  async function namesOf(orgId: string, ids: readonly (string | null | undefined)[], tx: Db = db): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => !!id))];
    if (!unique.length) return new Map();
    const rows = await repo.findStaff(tx, orgId, { ids: unique, includeInactive: true });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  return { findTechnicians, findTechnician, findPerson, namesOf };
}
