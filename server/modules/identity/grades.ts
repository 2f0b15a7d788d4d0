import { v7 as uuidv7 } from 'uuid';
import type { GradeChangeBody, GradeChangeView } from '../../../shared/contracts/identity';
import type { EmploymentStatus, TechnicianGrade } from '../../../shared/domain';
import { dayBounds, localDate } from '../../../shared/time';
import type { Db } from '../../db/client';
import { fieldError, notFound } from '../../errors';
import type { JobService } from '../jobs';
import type { Actor } from './principal';
import * as repo from './identity.repository';
import { isTechnicianRole } from './staff';

/*
 * M1: a technician's grade and employment status, from the day each takes effect. Pay reads the
 * pair in force in the month it pays (M2 to M5): a promotion from the 1st of next month must not
 * change this month's base salary, and last month's pay run must still read last month's grade.
 * `users` holds the pair in force today; a change dated in the future is applied by a job at
 * the start of its day in the organisation's zone.
 */

export const APPLY_GRADE_JOB = 'identity.apply-grade';

export interface GradeDeps {
  db: Db;
  clock: () => Date;
  timeZoneOf: (orgId: string, tx?: Db) => Promise<string>;
  jobs: Pick<JobService, 'enqueue' | 'register'>;
}

export interface GradeInForce {
  grade: TechnicianGrade | null;
  employmentStatus: EmploymentStatus | null;
  /** The day the pair took effect, or null when no change was ever recorded. */
  since: string | null;
}

function toView(row: repo.GradeChangeRow, names: Map<string, string>): GradeChangeView {
  return {
    id: row.id,
    effectiveOn: row.effectiveOn,
    grade: row.grade,
    employmentStatus: row.employmentStatus,
    note: row.note,
    recordedBy: row.recordedBy ? { id: row.recordedBy, name: names.get(row.recordedBy) ?? '' } : null,
    recordedAt: row.recordedAt,
  };
}

/** Brings `users` up to the pair in force today. */
async function applyInForce(deps: GradeDeps, tx: Db, orgId: string, userId: string) {
  const today = localDate(deps.clock(), await deps.timeZoneOf(orgId, tx));
  const current = await repo.findGradeChangeOn(tx, orgId, userId, today);
  if (current) await repo.setCurrentGrade(tx, orgId, userId, { grade: current.grade, employmentStatus: current.employmentStatus });
}

/**
 * Records a change of grade and/or employment status from a day (the past, today or the
 * future). What is not given stays as it was in force on that day.
 */
export async function recordGradeChange(deps: GradeDeps, actor: Actor, userId: string, body: GradeChangeBody): Promise<GradeChangeView[]> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const user = await repo.findUser(tx, actor.orgId, userId);
    if (!user) throw notFound();
    if (!isTechnicianRole(user.role)) throw fieldError('body.grade', 'errors.detail.gradeOnlyForTechnicians');
    const before = await repo.findGradeChangeOn(tx, actor.orgId, userId, body.effectiveOn);
    await repo.insertGradeChange(tx, {
      orgId: actor.orgId,
      id: uuidv7(),
      userId,
      effectiveOn: body.effectiveOn,
      grade: body.grade !== undefined ? body.grade : (before?.grade ?? user.grade),
      employmentStatus: body.employmentStatus !== undefined ? body.employmentStatus : (before?.employmentStatus ?? user.employmentStatus),
      note: body.note ?? null,
      recordedBy: actor.userId,
      recordedAt: now,
    });
    await applyInForce(deps, tx, actor.orgId, userId);
    const timeZone = await deps.timeZoneOf(actor.orgId, tx);
    if (body.effectiveOn > localDate(now, timeZone)) {
      await deps.jobs.enqueue(tx, { orgId: actor.orgId, kind: APPLY_GRADE_JOB, runAt: new Date(dayBounds(body.effectiveOn, timeZone).start), payload: { userId } });
    }
  });
  return gradeHistory(deps, actor, userId);
}

/** The first record of a new technician's grade and status, from the day they were made. */
export async function recordInitialGrade(deps: GradeDeps, tx: Db, orgId: string, userId: string, values: { grade: TechnicianGrade | null; employmentStatus: EmploymentStatus | null }, by: string | null) {
  if (values.grade === null && values.employmentStatus === null) return;
  const now = deps.clock();
  await repo.insertGradeChange(tx, {
    orgId,
    id: uuidv7(),
    userId,
    effectiveOn: localDate(now, await deps.timeZoneOf(orgId, tx)),
    grade: values.grade,
    employmentStatus: values.employmentStatus,
    note: null,
    recordedBy: by,
    recordedAt: now,
  });
}

export async function gradeHistory(deps: GradeDeps, actor: Actor, userId: string): Promise<GradeChangeView[]> {
  if (!(await repo.findUser(deps.db, actor.orgId, userId))) throw notFound();
  const rows = await repo.findGradeChanges(deps.db, actor.orgId, userId);
  const recorders = await repo.findStaff(deps.db, actor.orgId, { ids: [...new Set(rows.map((r) => r.recordedBy).filter((id): id is string => !!id))], includeInactive: true });
  return rows.map((r) => toView(r, new Map(recorders.map((p) => [p.id, p.name]))));
}

/** For pay: the grade and status in force on a day (a month's pay reads its last day, or each day). */
export async function gradeOn(deps: Pick<GradeDeps, 'db'>, orgId: string, userId: string, day: string, tx: Db = deps.db): Promise<GradeInForce> {
  const row = await repo.findGradeChangeOn(tx, orgId, userId, day);
  return row ? { grade: row.grade, employmentStatus: row.employmentStatus, since: row.effectiveOn } : { grade: null, employmentStatus: null, since: null };
}

/** The job that applies a change dated in the future when its day begins. */
export function registerGradeJob(deps: GradeDeps) {
  deps.jobs.register(APPLY_GRADE_JOB, async ({ job }) => {
    const { userId } = job.payload as { userId: string };
    await deps.db.transaction((tx) => applyInForce(deps, tx, job.orgId!, userId));
    return { userId };
  });
}
