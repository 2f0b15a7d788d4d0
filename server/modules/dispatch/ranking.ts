/**
 * Who should take a job: technicians ranked by how well they fit it, each score taken apart
 * so the dispatcher sees why. Pure: the caller gathers the facts (skills, regions, the day's
 * plan, availability, the job's SLA clock) and passes `now`-free instants.
 */
import type { EmploymentStatus, TechnicianGrade } from '../../../shared/domain';
import { MAX_SKILL_LEVEL, mayLead, type ScorePart, type SuggestionNotice } from '../../../shared/dispatch';
import { covers, overlaps, type Interval } from './availability';

/** The most points each part can give; the total is their sum. */
export const WEIGHTS: Record<ScorePart, number> = {
  /** Knows the product: by the best matching skill's level. */
  skill: 40,
  /** Covers the customer's district, or at least the city. */
  region: 25,
  /** Has room that day: the less planned of the open time, the more. */
  load: 20,
  /** Free for the whole requested window. */
  availability: 15,
  /** A running SLA clock near its due time makes being free count more (up to this much again). */
  urgency: 15,
};

/** A match on the asset kind alone (appliance) says less than one on the product category (空调). */
const KIND_ONLY_SHARE = 0.5;
const CITY_SHARE = 0.6;
/** Open for the window but another visit overlaps it: possible after a shuffle, not as good. */
const CLASH_SHARE = 1 / 3;

export interface JobFacts {
  productCategory: string | null;
  assetKind: string | null;
  city: string | null;
  district: string | null;
  /** The one-line address, for regions written into it (张江路… 浦东新区). */
  addressLine: string | null;
  window: Interval;
  /** The job's most urgent running clock. */
  sla: { usedBp: number; dueAt: number | null; state: string } | null;
}

export interface Candidate {
  id: string;
  name: string;
  grade: TechnicianGrade | null;
  employmentStatus: EmploymentStatus | null;
  skills: { productLine: string; level: number }[];
  regions: string[];
  /** Planned visit minutes that day, this job's own visit excluded. */
  plannedMinutes: number;
  /** Available minutes that day (open calendar time minus approved leave). */
  capacityMinutes: number;
  /** Available windows that day. */
  available: Interval[];
  /** Other visits that day. */
  busy: Interval[];
  /** An approved leave overlaps the window. */
  onLeave: boolean;
}

export interface Part {
  part: ScorePart;
  points: number;
  max: number;
  reason: string;
  params: Record<string, string | number>;
}

export interface Suggestion {
  technicianId: string;
  name: string;
  grade: TechnicianGrade | null;
  employmentStatus: EmploymentStatus | null;
  role: 'lead' | 'crew';
  available: boolean;
  total: number;
  parts: Part[];
}

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

const kindOf = (job: JobFacts) => (job.assetKind && job.assetKind !== 'generic' ? job.assetKind : null);

/**
 * A part nobody can score on (the ticket does not say, or no technician has it set) counts
 * for nothing rather than the same points for everyone: the total then ranks by what is known,
 * and `suggestionNotices` says what is missing.
 */
const unweighed = (part: ScorePart, reason: string): Part => ({ part, points: 0, max: 0, reason, params: {} });

function skillPart(job: JobFacts, c: Candidate, anySkills: boolean): Part {
  const max = WEIGHTS.skill;
  const kind = kindOf(job);
  if (!job.productCategory && !kind) return unweighed('skill', 'skill.unknownLine');
  if (!anySkills) return unweighed('skill', 'skill.noneSet');
  if (!c.skills.length) return { part: 'skill', points: 0, max, reason: 'skill.notSet', params: {} };
  const byCategory = c.skills.filter((s) => same(s.productLine, job.productCategory)).sort((a, b) => b.level - a.level)[0];
  if (byCategory) {
    return { part: 'skill', points: Math.round((max * byCategory.level) / MAX_SKILL_LEVEL), max, reason: 'skill.line', params: { line: byCategory.productLine, level: byCategory.level } };
  }
  const byKind = c.skills.filter((s) => same(s.productLine, kind)).sort((a, b) => b.level - a.level)[0];
  if (byKind) {
    return { part: 'skill', points: Math.round((max * KIND_ONLY_SHARE * byKind.level) / MAX_SKILL_LEVEL), max, reason: 'skill.kind', params: { line: byKind.productLine, level: byKind.level } };
  }
  return { part: 'skill', points: 0, max, reason: 'skill.none', params: { line: job.productCategory ?? kind ?? '' } };
}

function regionPart(job: JobFacts, c: Candidate, anyRegions: boolean): Part {
  const max = WEIGHTS.region;
  if (!job.city && !job.district && !job.addressLine) return unweighed('region', 'region.noAddress');
  if (!anyRegions) return unweighed('region', 'region.noneSet');
  if (!c.regions.length) return { part: 'region', points: 0, max, reason: 'region.notSet', params: {} };
  const district = c.regions.find((r) => same(r, job.district));
  if (district) return { part: 'region', points: max, max, reason: 'region.district', params: { region: district } };
  const city = c.regions.find((r) => same(r, job.city));
  if (city) return { part: 'region', points: Math.round(max * CITY_SHARE), max, reason: 'region.city', params: { region: city } };
  // A one-line address does not say whether a name in it is the city or the district: count it as the city.
  const written = c.regions.find((r) => !!job.addressLine && job.addressLine.includes(r.trim()));
  if (written) return { part: 'region', points: Math.round(max * CITY_SHARE), max, reason: 'region.address', params: { region: written } };
  return { part: 'region', points: 0, max, reason: 'region.none', params: { region: job.district ?? job.city ?? '' } };
}

function loadPart(c: Candidate): Part {
  const max = WEIGHTS.load;
  if (c.capacityMinutes <= 0) return { part: 'load', points: 0, max, reason: 'load.closed', params: { minutes: c.plannedMinutes } };
  const free = Math.max(0, 1 - c.plannedMinutes / c.capacityMinutes);
  return { part: 'load', points: Math.round(max * free), max, reason: 'load.planned', params: { minutes: c.plannedMinutes, capacity: c.capacityMinutes } };
}

function availabilityPart(job: JobFacts, c: Candidate): Part & { free: boolean } {
  const max = WEIGHTS.availability;
  if (c.onLeave) return { part: 'availability', points: 0, max, reason: 'availability.onLeave', params: {}, free: false };
  if (!covers(c.available, job.window)) return { part: 'availability', points: 0, max, reason: 'availability.closed', params: {}, free: false };
  const clashes = c.busy.filter((b) => overlaps(b, job.window)).length;
  if (clashes) return { part: 'availability', points: Math.round(max * CLASH_SHARE), max, reason: 'availability.clash', params: { count: clashes }, free: true };
  return { part: 'availability', points: max, max, reason: 'availability.free', params: {}, free: true };
}

/** How much the job's clock makes being free count: 0 with no running clock, 1 when due by the window's start. */
export function urgencyFactor(job: JobFacts): { factor: number; reason: string; params: Record<string, string | number> } {
  const sla = job.sla;
  if (!sla || sla.dueAt === null || sla.state === 'paused' || sla.state === 'met' || sla.state === 'cancelled') return { factor: 0, reason: 'urgency.none', params: {} };
  if (sla.dueAt <= job.window.start) return { factor: 1, reason: 'urgency.dueBeforeStart', params: {} };
  const factor = Math.min(1, Math.max(0, sla.usedBp / 10_000));
  return { factor, reason: 'urgency.used', params: { percent: Math.round(factor * 100) } };
}

function urgencyPart(job: JobFacts, availability: Part): Part {
  const max = WEIGHTS.urgency;
  const u = urgencyFactor(job);
  return { part: 'urgency', points: Math.round(max * u.factor * (availability.points / WEIGHTS.availability)), max, reason: u.reason, params: u.params };
}

const GRADE_ORDER: Record<string, number> = { senior: 3, intermediate: 2, junior: 1 };

/**
 * Ranks every candidate for the job, best first; ties go to the higher grade, then by name.
 * Trainees are ranked like anyone else but come back with role `crew` (see `mayLead`).
 */
export function rankTechnicians(job: JobFacts, candidates: readonly Candidate[]): Suggestion[] {
  const anySkills = candidates.some((c) => c.skills.length > 0);
  const anyRegions = candidates.some((c) => c.regions.length > 0);
  const ranked = candidates.map((c): Suggestion => {
    const availability = availabilityPart(job, c);
    const parts: Part[] = [skillPart(job, c, anySkills), regionPart(job, c, anyRegions), loadPart(c), availability, urgencyPart(job, availability)].map((p) => ({
      part: p.part,
      points: p.points,
      max: p.max,
      reason: p.reason,
      params: p.params,
    }));
    return {
      technicianId: c.id,
      name: c.name,
      grade: c.grade,
      employmentStatus: c.employmentStatus,
      role: mayLead(c.employmentStatus) ? 'lead' : 'crew',
      available: availability.free,
      total: parts.reduce((sum, p) => sum + p.points, 0),
      parts,
    };
  });
  return ranked.sort((a, b) => b.total - a.total || (GRADE_ORDER[b.grade ?? ''] ?? 0) - (GRADE_ORDER[a.grade ?? ''] ?? 0) || a.name.localeCompare(b.name, 'zh-CN'));
}

/**
 * What the ranking could not weigh, for the dispatcher to read above the list: the ticket's
 * product line or address is missing, or no technician has skills or service regions set.
 * A ticket-side gap is named before the technicians' one; each part is named once.
 */
export function suggestionNotices(job: JobFacts, candidates: readonly Candidate[]): SuggestionNotice[] {
  const notices: SuggestionNotice[] = [];
  if (!job.productCategory && !kindOf(job)) notices.push('ticket-product-unset');
  else if (!candidates.some((c) => c.skills.length > 0)) notices.push('skills-unset');
  if (!job.city && !job.district && !job.addressLine) notices.push('ticket-region-unset');
  else if (!candidates.some((c) => c.regions.length > 0)) notices.push('region-unset');
  return notices;
}
