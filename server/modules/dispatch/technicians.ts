import { v7 as uuidv7 } from 'uuid';
import type { CertificateBody, ExamBody, LeaveBody, LeaveUpdateBody, ProfileBody, TechnicianProfile } from '../../../shared/contracts/dispatch';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { savedOrThrow } from '../../db/versioned';
import { AppError, assertVersion, fieldError, invalidReference, notFound, versionConflict } from '../../errors';
import type { Actor } from '../identity';
import { uniq, type DispatchDeps } from './dispatch.deps';
import { certificateView, examView, leaveView, summaryOf } from './dispatch-views';
import * as repo from './technicians.repository';

/*
 * A technician's records (M1, T1): the profile dispatch keeps beside the user record, skills,
 * certificates, exam sittings and leave. An HR-style area the board reads from.
 */

/** A technician of the organisation, former ones too (their records stay readable), or NOT_FOUND. */
export async function technicianOrFail(tx: Db, orgId: string, userId: string): Promise<repo.TechnicianRow> {
  const row = await repo.findTechnicianUser(tx, orgId, userId);
  if (!row) throw notFound();
  return row;
}

export async function listTechnicians(deps: Pick<DispatchDeps, 'db'>, actor: Actor, query: { team?: string | undefined; region?: string | undefined }) {
  const rows = await repo.findTechnicians(deps.db, actor.orgId, query);
  const skills = await repo.findSkills(deps.db, actor.orgId, rows.map((r) => r.id));
  return rows.map((r) => summaryOf(r, skills.filter((s) => s.userId === r.id)));
}

export async function getTechnician(deps: Pick<DispatchDeps, 'db'>, actor: Actor, userId: string): Promise<TechnicianProfile> {
  const { db } = deps;
  const row = await technicianOrFail(db, actor.orgId, userId);
  const [skills, certificates, exams, leaves] = await Promise.all([
    repo.findSkills(db, actor.orgId, [userId]),
    repo.findCertificates(db, actor.orgId, userId),
    repo.findExams(db, actor.orgId, userId),
    repo.findLeavesOf(db, actor.orgId, userId),
  ]);
  return {
    ...summaryOf(row, skills),
    phone: row.phone,
    active: row.active,
    certificates: certificates.map(certificateView),
    exams: exams.map(examView),
    leaves: leaves.map(leaveView),
    version: row.profileVersion ?? 0,
  };
}

/** Regions, vehicle, calendar and the skill set, replaced together (If-Match: the profile's version, 0 for none yet). */
export async function saveProfile(deps: DispatchDeps, actor: Actor, userId: string, version: number, body: ProfileBody): Promise<TechnicianProfile> {
  const { db } = deps;
  const row = await technicianOrFail(db, actor.orgId, userId);
  assertVersion(row.profileVersion ?? 0, version);
  if (body.calendarId) {
    await deps.calendars.getCalendar(actor, body.calendarId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') throw invalidReference('body.calendarId', 'errors.detail.calendarNotFound');
      throw error;
    });
  }
  const seen = new Set<string>();
  for (const [i, s] of body.skills.entries()) {
    const key = s.productLine.toLowerCase();
    if (seen.has(key)) throw fieldError(`body.skills.${i}.productLine`, 'errors.detail.duplicateSkill', { code: 'duplicate' });
    seen.add(key);
  }
  await db.transaction(async (tx) => {
    const saved = await repo.upsertProfile(
      tx,
      {
        orgId: actor.orgId,
        userId,
        regions: uniq(body.regions),
        vehiclePlate: body.vehiclePlate ?? null,
        vehicleType: body.vehicleType ?? null,
        calendarId: body.calendarId ?? null,
        updatedAt: deps.clock(),
      },
      version,
    );
    // Someone saved it between our read and our write: say where it is now.
    if (saved === undefined) throw versionConflict(await repo.findProfileVersion(tx, actor.orgId, userId), version);
    await repo.replaceSkills(tx, actor.orgId, userId, body.skills);
  });
  return getTechnician(deps, actor, userId);
}

export async function addCertificate(deps: DispatchDeps, actor: Actor, userId: string, body: CertificateBody) {
  await technicianOrFail(deps.db, actor.orgId, userId);
  if (body.issuedOn && body.expiresOn && body.expiresOn < body.issuedOn) {
    throw fieldError('body.expiresOn', 'errors.detail.expiresBeforeIssued', { code: 'too_small' });
  }
  await repo.insertCertificate(deps.db, {
    orgId: actor.orgId,
    id: uuidv7(),
    userId,
    name: body.name,
    number: body.number ?? null,
    issuedOn: body.issuedOn ?? null,
    expiresOn: body.expiresOn ?? null,
    createdAt: deps.clock(),
  });
  return getTechnician(deps, actor, userId);
}

export async function removeCertificate(deps: Pick<DispatchDeps, 'db'>, actor: Actor, userId: string, id: string) {
  if (!(await repo.deleteCertificate(deps.db, actor.orgId, userId, id))) throw notFound();
  return getTechnician(deps, actor, userId);
}

/**
 * T1: records one sitting of a product line's written test. The attempt is counted here, per
 * technician and product line, so that a pass at attempt 1 (M10's bonus) cannot be claimed
 * by typing a number; two clerks recording at once get consecutive attempts.
 */
export async function recordExam(deps: DispatchDeps, actor: Actor, userId: string, body: ExamBody) {
  const { db } = deps;
  await technicianOrFail(db, actor.orgId, userId);
  const id = uuidv7();
  for (let tries = 0; ; tries++) {
    try {
      await db.transaction(async (tx) => {
        const attempt = (await repo.lastAttempt(tx, actor.orgId, userId, body.productLine)) + 1;
        await repo.insertExam(tx, {
          orgId: actor.orgId,
          id,
          userId,
          productLine: body.productLine,
          score: body.score,
          passed: body.passed,
          attempt,
          takenOn: body.takenOn,
          recordedBy: actor.userId,
          createdAt: deps.clock(),
        });
      });
      break;
    } catch (error) {
      if (!isUniqueViolation(error) || tries >= 3) throw error;
    }
  }
  const exam = (await repo.findExams(db, actor.orgId, userId)).find((e) => e.id === id)!;
  return examView(exam);
}

/** M10: who passed a grade exam at the first attempt, by the day they sat it. */
export async function firstAttemptPasses(deps: Pick<DispatchDeps, 'db'>, orgId: string, fromDay: string, toDay: string) {
  return repo.findFirstAttemptPasses(deps.db, orgId, fromDay, toDay);
}

function checkLeaveSpan(startsAt: Date, endsAt: Date) {
  if (endsAt <= startsAt) throw fieldError('body.endsAt', 'errors.detail.leaveEndsBeforeStart', { code: 'too_small' });
}

export async function addLeave(deps: DispatchDeps, actor: Actor, userId: string, body: LeaveBody) {
  await technicianOrFail(deps.db, actor.orgId, userId);
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  checkLeaveSpan(startsAt, endsAt);
  const now = deps.clock();
  await repo.insertLeave(deps.db, {
    orgId: actor.orgId,
    id: uuidv7(),
    userId,
    startsAt,
    endsAt,
    reason: body.reason,
    approved: body.approved,
    approvedBy: body.approved ? actor.userId : null,
    createdAt: now,
    updatedAt: now,
  });
  return getTechnician(deps, actor, userId);
}

/** Changes or approves a leave (If-Match: its version); the approver is whoever approved it first. */
export async function updateLeave(deps: DispatchDeps, actor: Actor, userId: string, id: string, version: number, body: LeaveUpdateBody) {
  const current = await repo.findLeave(deps.db, actor.orgId, userId, id);
  if (!current) throw notFound();
  const startsAt = body.startsAt ? new Date(body.startsAt) : current.startsAt;
  const endsAt = body.endsAt ? new Date(body.endsAt) : current.endsAt;
  checkLeaveSpan(startsAt, endsAt);
  const approved = body.approved ?? current.approved;
  const saved = await repo.updateLeave(deps.db, actor.orgId, userId, id, version, {
    startsAt,
    endsAt,
    reason: body.reason ?? current.reason,
    approved,
    approvedBy: approved ? (current.approved ? current.approvedBy : actor.userId) : null,
    updatedAt: deps.clock(),
  });
  savedOrThrow(saved, version);
  return getTechnician(deps, actor, userId);
}

export async function removeLeave(deps: Pick<DispatchDeps, 'db'>, actor: Actor, userId: string, id: string) {
  if (!(await repo.deleteLeave(deps.db, actor.orgId, userId, id))) throw notFound();
  return getTechnician(deps, actor, userId);
}
