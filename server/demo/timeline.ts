import type { TicketView, TransitionBody } from '../../shared/contracts/tickets';
import type { AssetKind, HoldReason, SlaMetric } from '../../shared/domain';
import { addDays, localDate, localInstant } from '../../shared/time';
import { BusinessCalendar } from '../modules/calendar';
import type { Actor } from '../modules/identity';
import { choosePolicy } from '../modules/sla';
import type { FieldEventType } from '../../shared/contracts/tickets';
import type { Services } from '../services';
import type { Random } from './random';

/**
 * When things happen in a demo ticket's life. The services stamp every event with their clock,
 * so the demo plans each step's instant first and sets the clock to it before taking the step;
 * the SLA clocks then measure the simulated durations as they would measure real ones.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Business-time arithmetic, or plain elapsed time. */
export interface Measure {
  add(from: number, ms: number): number;
  between(from: number, to: number): number;
}

export const ELAPSED: Measure = {
  add: (from, ms) => from + ms,
  between: (from, to) => Math.max(0, to - from),
};

/** The same hours every day of the week, holidays included: when people call and visit. */
export function dailyHours(timeZone: string, start: number, end: number): BusinessCalendar {
  const w = [{ start, end }];
  return new BusinessCalendar({ timeZone, weekly: { 1: w, 2: w, 3: w, 4: w, 5: w, 6: w, 7: w }, overrides: new Map(), knownYears: 'all' });
}

/** A length between `min` and `max`; a `skew` above 1 favours the short end, as most jobs are quick. */
export function length(rng: Random, min: number, max: number, skew = 1): number {
  return Math.round(min + (max - min) * rng.next() ** skew);
}

// ─── Reports ─────────────────────────────────────────────────────────────────

const hours = (weights: number[]) => weights.map((w, hour) => [hour, w] as const);
/** People call during the day, most in the morning and early afternoon. */
const REPORT_HOURS = hours([0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 5, 9, 10, 8, 5, 6, 8, 8, 7, 6, 4, 3, 1.5, 1, 0.6, 0.3]);
/** A burst pipe or a stopped production line does not wait for the morning. */
const EMERGENCY_HOURS = hours([1, 1, 1, 1, 1, 1, 1.5, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2.5, 2, 1.5, 1]);

/**
 * The report's instant: the local day `ageDays` back, at an hour people call. A time of day
 * still to come today moves to yesterday, so no report lies ahead of `now`.
 */
export function reportInstant(rng: Random, now: number, timeZone: string, ageDays: number, emergency: boolean): number {
  const minute = rng.weighted(emergency ? EMERGENCY_HOURS : REPORT_HOURS) * 60 + rng.int(0, 59);
  const day = localDate(new Date(now - ageDays * DAY), timeZone);
  const at = localInstant(day, minute, timeZone);
  return at <= now ? at : localInstant(addDays(day, -1), minute, timeZone);
}

// ─── SLA targets ─────────────────────────────────────────────────────────────

export interface TargetOnTicket {
  ms: number;
  extendedMs: number | null;
  pausedBy: readonly HoldReason[];
  measure: Measure;
}

export type Targets = ReadonlyMap<SlaMetric, TargetOnTicket>;

/**
 * The promises a ticket is held to, from the organisation's own policies and calendars, so
 * that the demo is mostly on time and sometimes late by the same measure the clocks use.
 */
export async function loadTargets(services: Services, actor: Actor): Promise<(ticket: TicketView) => Targets> {
  const policies = await services.sla.listPolicies(actor);
  const calendars = new Map<string | null, Measure | null>();
  for (const p of policies) {
    if (!calendars.has(p.calendarId)) calendars.set(p.calendarId, await services.calendars.businessCalendar(actor.orgId, p.calendarId));
  }
  return (ticket) => {
    const policy = choosePolicy(policies, {
      priority: ticket.priority,
      channel: ticket.channel,
      type: ticket.type,
      emergency: ticket.emergency,
      warranty: ticket.warranty,
      estimatedValueFen: ticket.estimatedValueFen,
      customerId: ticket.customerId,
      assetKind: (ticket.asset?.kind as AssetKind | undefined) ?? null,
      productCategory: null,
      hasContractor: ticket.contractorId !== null,
    });
    const targets = new Map<SlaMetric, TargetOnTicket>();
    const calendar = policy ? calendars.get(policy.calendarId) : null;
    if (!policy || !calendar) return targets;
    for (const t of policy.targets) {
      const above = t.aboveValue && ticket.estimatedValueFen !== null && ticket.estimatedValueFen > t.aboveValue.thresholdFen;
      targets.set(t.metric, {
        ms: (above ? t.aboveValue!.minutes : t.minutes) * MINUTE,
        extendedMs: t.extendedMinutes ? t.extendedMinutes * MINUTE : null,
        pausedBy: t.pausedBy,
        measure: t.mode === 'business' ? calendar : ELAPSED,
      });
    }
    return targets;
  };
}

// ─── Steps ───────────────────────────────────────────────────────────────────

/** What staff do to a ticket, and when. Optional steps are left out when they would lie ahead of now. */
export type Action = { optional?: boolean } & (
  | { kind: 'go'; body: TransitionBody }
  | { kind: 'comment'; body: string; internal: boolean }
  | { kind: 'field'; type: FieldEventType; note: string | null }
  | { kind: 'extend'; metric: SlaMetric; reason: string }
);
export type Step = Action & { at: number };

/**
 * Fits a ticket's steps before now: optional steps still to come are dropped, and required
 * ones still to come are squeezed into the time since the last step that did happen. What
 * happened before stays as planned; order is kept, so the clock only moves forward.
 */
export function fitBefore(steps: readonly Step[], reportedAt: number, now: number): Step[] {
  const kept = steps.filter((s) => !(s.optional && s.at > now));
  const first = kept.findIndex((s) => s.at > now);
  if (first < 0) return kept;
  const base = first > 0 ? kept[first - 1]!.at : reportedAt;
  const last = kept.at(-1)!.at;
  const ceiling = Math.max(base, now - MINUTE);
  const scale = (ceiling - base) / (last - base);
  return kept.map((s, i) => (i < first ? s : { ...s, at: Math.min(ceiling, base + Math.floor((s.at - base) * scale)) }));
}

// ─── A ticket's life ─────────────────────────────────────────────────────────

/** When people work: the service desk and field visits, and the workshop's office hours. */
export interface WorkHours {
  field: Measure;
  office: Measure;
}

interface Hold {
  from: number;
  to: number;
  reason: HoldReason;
}

/**
 * Plans the instants of one ticket's steps, in order. Durations come from `rng` alone (never
 * from the demo's other stream), so the hour the demo runs at changes when things happen but
 * never what happens. Where the ticket's policy makes a promise, most steps keep it and some
 * are late, measured on the policy's own calendar.
 */
export class Plan {
  readonly steps: Step[] = [];
  private cursor: number;
  private dispatchedAt: number | null = null;
  private startedAt: number | null = null;
  private readonly holds: Hold[] = [];
  /** After a reopen, the first clocks are done: rework keeps no promise of its own. */
  private rework = false;
  /** The first visit came after the arrival promise. */
  lateFirstVisit = false;

  /** Whether the technicians go to the customer (their day has travel and hours on site). */
  get onSite(): boolean {
    return this.kind.onSite;
  }

  constructor(
    private readonly rng: Random,
    private readonly targets: Targets,
    private readonly hours: WorkHours,
    readonly reportedAt: number,
    private readonly now: number,
    private readonly kind: { onSite: boolean; emergency: boolean },
  ) {
    this.cursor = reportedAt;
  }

  private push(at: number, action: Action): number {
    const t = Math.max(this.cursor, Math.round(at));
    this.cursor = t;
    this.steps.push({ ...action, at: t });
    return t;
  }

  /** Within the promise mostly, past it in `lateShare` of cases; `otherwise` where there is none. */
  private byTarget(metric: SlaMetric, from: number, lateShare: number, otherwise: () => number): number {
    const target = this.rework ? undefined : this.targets.get(metric);
    if (!target) return otherwise();
    const share = this.rng.chance(lateShare) ? 1.05 + 1.95 * this.rng.next() ** 1.5 : 0.08 + 0.87 * this.rng.next() ** 1.3;
    return target.measure.add(from, Math.round(target.ms * share));
  }

  /** The instant a clock started at `from` has counted `amount`, holds that pause it left out. */
  private reaches(target: TargetOnTicket, from: number, amount: number): number {
    let t = from;
    let remaining = amount;
    for (const h of this.holds) {
      if (!target.pausedBy.includes(h.reason) || h.to <= t) continue;
      const before = target.measure.between(t, h.from);
      if (before >= remaining) break;
      remaining -= before;
      t = Math.max(t, h.to);
    }
    return target.measure.add(t, remaining);
  }

  /** Counted time of a clock between two instants: holds that pause it do not count. */
  private counted(target: TargetOnTicket, from: number, to: number): number {
    let total = target.measure.between(from, to);
    for (const h of this.holds) {
      if (target.pausedBy.includes(h.reason)) total -= target.measure.between(Math.max(h.from, from), Math.min(h.to, to));
    }
    return Math.max(0, total);
  }

  accept(): void {
    const rng = this.rng;
    const at = this.byTarget('first_response', this.cursor, 0.1, () =>
      this.kind.emergency ? this.cursor + length(rng, 2 * MINUTE, 20 * MINUTE, 1.5) : this.hours.field.add(this.cursor, length(rng, 5 * MINUTE, 150 * MINUTE, 2)),
    );
    this.push(at, { kind: 'go', body: { action: 'accept' } });
  }

  /**
   * A dispatch still open at the end is a recent one: the technician is on the way. An older
   * one would have been taken away by the SLA scan (H4), and whether it had would depend on
   * the hour the demo runs at.
   */
  dispatch(body: TransitionBody, recent = false): void {
    const rng = this.rng;
    const from = this.cursor;
    let at = this.byTarget('accept_to_dispatch', from, 0.11, () => this.hours.field.add(from, length(rng, 10 * MINUTE, 3 * HOUR, 1.5)));
    if (recent) at = Math.max(from, this.now - length(rng, 5 * MINUTE, 150 * MINUTE));
    const t = this.push(at, { kind: 'go', body });
    this.dispatchedAt ??= t;
  }

  /** Sent to another technician a little later. */
  redispatch(body: TransitionBody): void {
    this.push(this.cursor + length(this.rng, 10 * MINUTE, 90 * MINUTE), { kind: 'go', body });
  }

  comment(body: string, internal: boolean): void {
    this.push(this.cursor + length(this.rng, MINUTE, 40 * MINUTE, 1.5), { kind: 'comment', body, internal, optional: true });
  }

  /** Work begins: on site after the technician's arrival, in the workshop when the bench is free. */
  start(arrivalNote: string): void {
    const rng = this.rng;
    if (this.kind.onSite) {
      const from = this.rework ? this.cursor : (this.dispatchedAt ?? this.cursor);
      const arrived = this.byTarget('dispatch_to_arrival', from, 0.12, () => this.hours.field.add(this.cursor, length(rng, 30 * MINUTE, (this.rework ? 30 : 4) * HOUR, 1.3)));
      const at = this.push(arrived, { kind: 'field', type: 'arrived', note: arrivalNote });
      const promise = this.targets.get('dispatch_to_arrival');
      if (!this.rework && promise) this.lateFirstVisit = at > promise.measure.add(from, promise.ms);
      this.push(this.cursor + length(rng, 3 * MINUTE, 30 * MINUTE, 1.5), { kind: 'go', body: { action: 'start' } });
    } else {
      this.push(this.hours.office.add(this.cursor, length(rng, 10 * MINUTE, (this.rework ? 24 : 3) * HOUR, 1.5)), { kind: 'go', body: { action: 'start' } });
    }
    this.startedAt ??= this.cursor;
  }

  /** A wait: for parts mostly hours to days, for a customer until they are home. */
  hold(body: TransitionBody, resumes: boolean): void {
    const rng = this.rng;
    const reason = body.holdReason ?? 'other';
    const from = this.cursor + (this.startedAt !== null ? length(rng, 15 * MINUTE, 3 * HOUR, 1.3) : length(rng, 10 * MINUTE, 2 * HOUR));
    const at = this.push(this.hours.field.add(from, 0), { kind: 'go', body });
    if (!resumes) return;
    const wait =
      reason === 'waiting_parts'
        ? length(rng, 4 * HOUR, 6 * DAY, 1.6)
        : reason === 'waiting_customer'
          ? length(rng, 2 * HOUR, 3 * DAY, 1.5)
          : reason === 'waiting_contractor'
            ? length(rng, DAY, 5 * DAY)
            : length(rng, HOUR, 2 * DAY, 1.5);
    const to = this.push(this.hours.field.add(at + wait, 0), { kind: 'go', body: { action: 'resume' } });
    this.holds.push({ from: at, to, reason });
  }

  /**
   * C1: most jobs are done within 6 business hours of dispatch, some late, a few on the
   * extended target with its reason on record. E3: equipment not cleared 8 hours after work
   * began gets a loaner. Elsewhere, a few hours of work.
   */
  complete(notes: { extension: string; loanerRequest: string; loanerDelivery: string }): void {
    const rng = this.rng;
    const c1 = this.rework ? undefined : this.targets.get('dispatch_to_completion');
    const clear = this.rework ? undefined : this.targets.get('work_to_clear');
    let at: number;
    if (c1 && this.dispatchedAt !== null) {
      const roll = rng.next();
      const extended = roll < 0.06 && c1.extendedMs !== null;
      const share = extended ? 1.02 + 0.3 * rng.next() : roll < 0.19 ? 1.1 + 2.5 * rng.next() ** 1.5 : 0.3 + 0.67 * rng.next();
      const total = Math.round(c1.ms * share);
      at = c1.measure.add(this.cursor, Math.max(15 * MINUTE, total - this.counted(c1, this.dispatchedAt, this.cursor)));
      if (extended) {
        const asked = this.push(Math.min(at - MINUTE, c1.measure.add(this.dispatchedAt, Math.round(c1.ms * (0.55 + 0.35 * rng.next())))), {
          kind: 'extend',
          metric: 'dispatch_to_completion',
          reason: notes.extension,
        });
        at = Math.max(at, asked + MINUTE);
      }
    } else if (clear && this.startedAt !== null) {
      const work = rng.chance(0.15) ? length(rng, 8.5 * HOUR, 40 * HOUR, 1.3) : length(rng, HOUR, 7.5 * HOUR, 1.2);
      const waited = this.holds.reduce((sum, h) => sum + (h.to - h.from), 0);
      at = Math.max(this.cursor + 15 * MINUTE, this.startedAt + work + waited);
      // Not cleared in time, by the clock's own count: a loaner is asked for and brought.
      const due = this.reaches(clear, this.startedAt, clear.ms);
      if (at > due) {
        const asked = this.push(due + length(rng, 2 * MINUTE, 40 * MINUTE), { kind: 'field', type: 'loaner_requested', note: notes.loanerRequest });
        const delivered = asked + (rng.chance(0.85) ? length(rng, 2 * HOUR, 44 * HOUR, 1.3) : length(rng, 49 * HOUR, 80 * HOUR));
        this.push(delivered, { kind: 'field', type: 'loaner_provided', note: notes.loanerDelivery, optional: true });
        at = Math.max(at, delivered + length(rng, HOUR, 20 * HOUR));
      }
    } else {
      at = (this.kind.onSite ? this.hours.field : this.hours.office).add(this.cursor, length(rng, 30 * MINUTE, 5 * HOUR, 1.3));
    }
    this.push(at, { kind: 'go', body: { action: 'complete' } });
  }

  /** Closed once the customer confirms, usually within a working day. */
  close(body: TransitionBody): void {
    this.push(this.hours.office.add(this.cursor, length(this.rng, 20 * MINUTE, 16 * HOUR, 1.5)), { kind: 'go', body });
  }

  /**
   * H3: solved on the phone, then the customer is called back, mostly within the 3 hours.
   * A callback not made yet is only ever a recent one: an old clock left running would sit
   * in the breach queue for good.
   */
  closeOnPhone(body: TransitionBody, callbackNote: string): void {
    const rng = this.rng;
    const closed = this.push(this.cursor + length(rng, 3 * MINUTE, 40 * MINUTE, 1.5), { kind: 'go', body });
    const target = this.targets.get('phone_fix_callback');
    const at = target
      ? target.measure.add(closed, Math.round(target.ms * (rng.chance(0.13) ? 1.1 + 2 * rng.next() : 0.1 + 0.85 * rng.next() ** 1.2)))
      : this.hours.office.add(closed, length(rng, 30 * MINUTE, 3 * HOUR));
    this.push(at, { kind: 'field', type: 'callback', note: callbackNote, optional: true });
  }

  cancel(body: TransitionBody): void {
    this.push(this.hours.field.add(this.cursor + length(this.rng, 10 * MINUTE, 2 * DAY, 2), 0), { kind: 'go', body });
  }

  /** The fault came back: days or weeks later, or lately for rework still under way. */
  reopen(body: TransitionBody, recent: boolean): void {
    const rng = this.rng;
    const at = recent ? Math.max(this.cursor + HOUR, this.now - length(rng, 2 * HOUR, 3 * DAY, 1.2)) : this.cursor + length(rng, DAY, 20 * DAY, 1.5);
    this.push(this.hours.field.add(at, 0), { kind: 'go', body });
    this.rework = true;
  }
}
