import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPLOYMENT_STATUSES } from '../../../shared/domain';
import { rankTechnicians, suggestionNotices, WEIGHTS, type Candidate, type JobFacts } from './ranking';

const at = (iso: string) => new Date(iso).getTime();
// 09:00–18:00 Shanghai on 27 November 2026.
const DAY = { start: at('2026-11-27T01:00:00Z'), end: at('2026-11-27T10:00:00Z') };
const WINDOW = { start: at('2026-11-27T02:00:00Z'), end: at('2026-11-27T04:00:00Z') };

const job = (extra: Partial<JobFacts> = {}): JobFacts => ({
  productCategory: '空调',
  assetKind: 'appliance',
  city: '深圳',
  district: '南山区',
  addressLine: '科技园路1号',
  window: WINDOW,
  sla: null,
  ...extra,
});

const tech = (id: string, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  name: id,
  grade: 'intermediate',
  employmentStatus: 'regular',
  skills: [],
  regions: [],
  plannedMinutes: 0,
  capacityMinutes: 540,
  available: [DAY],
  busy: [],
  onLeave: false,
  ...extra,
});

const part = (s: ReturnType<typeof rankTechnicians>[number], name: string) => s.parts.find((p) => p.part === name)!;

describe('ranking technicians for a job', () => {
  it('puts the skilled, local, free technician first and says why', () => {
    const ranked = rankTechnicians(job(), [
      tech('far', { skills: [{ productLine: '空调', level: 3 }], regions: ['广州'] }),
      tech('best', { skills: [{ productLine: '空调', level: 3 }], regions: ['南山区'] }),
      tech('busy', { skills: [{ productLine: '空调', level: 3 }], regions: ['南山区'], plannedMinutes: 480, busy: [WINDOW] }),
      tech('novice', { skills: [{ productLine: 'appliance', level: 1 }], regions: ['深圳'] }),
    ]);
    expect(ranked.map((s) => s.technicianId)).toEqual(['best', 'far', 'busy', 'novice']);
    const best = ranked[0]!;
    expect(best.total).toBe(WEIGHTS.skill + WEIGHTS.region + WEIGHTS.load + WEIGHTS.availability);
    expect(best.parts.map((p) => [p.part, p.reason])).toEqual([
      ['skill', 'skill.line'],
      ['region', 'region.district'],
      ['load', 'load.planned'],
      ['availability', 'availability.free'],
      ['urgency', 'urgency.none'],
    ]);
    expect(part(best, 'skill').params).toEqual({ line: '空调', level: 3 });
    expect(part(ranked[2]!, 'availability')).toMatchObject({ reason: 'availability.clash', params: { count: 1 } });
    expect(part(ranked[3]!, 'skill')).toMatchObject({ reason: 'skill.kind', points: Math.round((WEIGHTS.skill * 0.5) / 3) });
    expect(part(ranked[3]!, 'region')).toMatchObject({ reason: 'region.city' });
  });

  it('a technician on leave or outside their hours is ranked but not available', () => {
    const ranked = rankTechnicians(job(), [tech('leave', { onLeave: true }), tech('late', { available: [{ start: WINDOW.end, end: DAY.end }] }), tech('ok')]);
    expect(ranked[0]!.technicianId).toBe('ok');
    expect(ranked.find((s) => s.technicianId === 'leave')).toMatchObject({ available: false });
    expect(part(ranked.find((s) => s.technicianId === 'late')!, 'availability').reason).toBe('availability.closed');
  });

  it('a clock near its due time makes being free count more, and gives nothing to those who are not', () => {
    const urgent = job({ sla: { usedBp: 8000, dueAt: WINDOW.end + 3_600_000, state: 'running' } });
    const ranked = rankTechnicians(urgent, [tech('free'), tech('clash', { busy: [WINDOW] }), tech('off', { onLeave: true })]);
    expect(part(ranked[0]!, 'urgency')).toMatchObject({ points: 12, reason: 'urgency.used', params: { percent: 80 } });
    expect(part(ranked[1]!, 'urgency').points).toBe(4);
    expect(part(ranked[2]!, 'urgency').points).toBe(0);
    const overdue = rankTechnicians(job({ sla: { usedBp: 12000, dueAt: WINDOW.start - 1, state: 'breached' } }), [tech('free')]);
    expect(part(overdue[0]!, 'urgency')).toMatchObject({ points: WEIGHTS.urgency, reason: 'urgency.dueBeforeStart' });
  });

  it('M1: apprentices and trial workers are suggested as crew, never as lead, however well they score', () => {
    const ranked = rankTechnicians(job(), [
      tech('apprentice', { employmentStatus: 'apprentice', skills: [{ productLine: '空调', level: 3 }], regions: ['南山区'] }),
      tech('trial', { employmentStatus: 'trial', skills: [{ productLine: '空调', level: 3 }], regions: ['南山区'] }),
      tech('probation', { employmentStatus: 'probation' }),
      tech('regular', { employmentStatus: 'regular' }),
      tech('unknown', { employmentStatus: null }),
    ]);
    const roles = Object.fromEntries(ranked.map((s) => [s.technicianId, s.role]));
    expect(roles).toEqual({ apprentice: 'crew', trial: 'crew', probation: 'lead', regular: 'lead', unknown: 'lead' });
    // Still ranked on their merits: the dispatcher sees them first, as crew.
    expect(ranked.slice(0, 2).map((s) => s.technicianId).sort()).toEqual(['apprentice', 'trial']);
  });

  it('every score is the sum of its parts, each within its weight, best first', () => {
    const candidate = fc.record({
      level: fc.integer({ min: 1, max: 3 }),
      line: fc.constantFrom('空调', '热水器', 'appliance'),
      region: fc.constantFrom('南山区', '深圳', '广州', '科技园'),
      planned: fc.integer({ min: 0, max: 900 }),
      onLeave: fc.boolean(),
      busy: fc.boolean(),
      status: fc.constantFrom(...EMPLOYMENT_STATUSES, null),
    });
    fc.assert(
      fc.property(fc.array(candidate, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 15000 }), (cs, usedBp) => {
        const ranked = rankTechnicians(
          job({ sla: { usedBp, dueAt: WINDOW.end + 1, state: 'running' } }),
          cs.map((c, i) =>
            tech(`t${i}`, {
              skills: [{ productLine: c.line, level: c.level }],
              regions: [c.region],
              plannedMinutes: c.planned,
              onLeave: c.onLeave,
              busy: c.busy ? [WINDOW] : [],
              employmentStatus: c.status,
            }),
          ),
        );
        for (const s of ranked) {
          expect(s.total).toBe(s.parts.reduce((sum, p) => sum + p.points, 0));
          for (const p of s.parts) {
            expect(p.points).toBeGreaterThanOrEqual(0);
            expect(p.points).toBeLessThanOrEqual(p.max);
          }
        }
        for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.total).toBeGreaterThanOrEqual(ranked[i]!.total);
      }),
    );
  });

  it('with no technician’s skills or regions set, those parts count for nothing and the notices say so', () => {
    const cs = [tech('a', { plannedMinutes: 300 }), tech('b')];
    const ranked = rankTechnicians(job(), cs);
    expect(ranked.map((s) => s.technicianId)).toEqual(['b', 'a']);
    for (const s of ranked) {
      expect(part(s, 'skill')).toMatchObject({ points: 0, max: 0, reason: 'skill.noneSet' });
      expect(part(s, 'region')).toMatchObject({ points: 0, max: 0, reason: 'region.noneSet' });
    }
    expect(suggestionNotices(job(), cs)).toEqual(['skills-unset', 'region-unset']);
  });

  it('a ticket without a product line or address is not scored on them, and the notices name the ticket', () => {
    const cs = [tech('a', { skills: [{ productLine: '空调', level: 3 }], regions: ['南山区'] })];
    const bare = job({ productCategory: null, assetKind: 'generic', city: null, district: null, addressLine: null });
    expect(part(rankTechnicians(bare, cs)[0]!, 'skill')).toMatchObject({ points: 0, max: 0, reason: 'skill.unknownLine' });
    expect(suggestionNotices(bare, cs)).toEqual(['ticket-product-unset', 'ticket-region-unset']);
  });

  it('when some technicians have skills, one with none set scores 0 and is told so; no notice', () => {
    const cs = [tech('a', { skills: [{ productLine: '空调', level: 3 }], regions: ['南山区'] }), tech('b')];
    const ranked = rankTechnicians(job(), cs);
    expect(part(ranked.find((s) => s.technicianId === 'b')!, 'skill')).toMatchObject({ points: 0, max: WEIGHTS.skill, reason: 'skill.notSet' });
    expect(suggestionNotices(job(), cs)).toEqual([]);
  });
});
