import type { HoldReason, SlaMetric, SlaState } from '../../../shared/domain';
import type { Signal } from '../../../shared/sla-signal';
import type { TicketFacts } from '../../../shared/ticket-facts';
import type { BusinessCalendar } from '../calendar';

/**
 * SLA clocks, derived from a ticket's history: pure, no clock of its own (`now` comes in),
 * no I/O. The same history always gives the same clocks, so a clock can be recomputed at any
 * time (a policy or a calendar changed) and a breach found once, by anyone, at the same instant.
 */

export type { Signal };

export interface Target {
  metric: SlaMetric;
  /** The promise, in minutes of business time (`business`) or of elapsed time (`calendar`). */
  minutes: number;
  mode: 'business' | 'calendar';
  /** C1: the longest a special case may take, when a reason is recorded. */
  extendedMinutes?: number | null;
  /** R4: above this estimated value the promise is `minutes` of this rule instead. */
  aboveValue?: { thresholdFen: number; minutes: number } | null;
  /** Hold reasons that stop this clock while the ticket waits. */
  pausedBy: HoldReason[];
  /** Warnings at these fractions of the target, in basis points (5000 = half way). */
  warnAtBp: number[];
}

/** What a clock reads of the ticket itself (see `shared/ticket-facts.ts`). */
export type ClockFacts = Pick<TicketFacts, 'estimatedValueFen' | 'hasContractor'>;

export interface TrailEntry {
  at: number;
  what: 'started' | 'paused' | 'resumed' | 'extended' | 'stopped' | 'cancelled' | 'due';
  detail?: string;
}

export interface Clock {
  metric: SlaMetric;
  state: SlaState;
  startedAt: number | null;
  stoppedAt: number | null;
  /** null while the clock has not started, or is paused past the end of its target. */
  dueAt: number | null;
  targetMs: number;
  /** Counted time (business or elapsed, per the target) up to `now` or the stop. */
  elapsedMs: number;
  pausedMs: number;
  extended: boolean;
  extensionReason: string | null;
  /** When each warning threshold is (or was) crossed; null when it falls in a pause. */
  thresholds: { bp: number; at: number | null }[];
  trail: TrailEntry[];
}

interface Rule {
  start(s: Signal[], facts: ClockFacts): number | null;
  /** The first signal at or after the start that stops the clock in time or late. */
  stops: Signal['kind'][];
  /** Signals that end the clock without it mattering any more. */
  cancels: Signal['kind'][];
}

const first = (signals: Signal[], kinds: Signal['kind'][], after = -Infinity) =>
  signals.find((s) => kinds.includes(s.kind) && s.at >= after)?.at ?? null;

/** Where each metric starts and what stops it. */
export const METRIC_RULES: Record<SlaMetric, Rule> = {
  first_response: { start: (s) => first(s, ['reported']), stops: ['accepted', 'dispatched', 'closed'], cancels: ['cancelled'] },
  accept_to_dispatch: { start: (s) => first(s, ['accepted']), stops: ['dispatched'], cancels: ['cancelled', 'closed'] },
  dispatch_to_arrival: { start: (s) => first(s, ['dispatched']), stops: ['arrived', 'started'], cancels: ['cancelled', 'closed'] },
  dispatch_to_completion: { start: (s) => first(s, ['dispatched']), stops: ['completed'], cancels: ['cancelled', 'closed'] },
  resolution: { start: (s) => first(s, ['reported']), stops: ['completed', 'closed'], cancels: ['cancelled'] },
  phone_fix_callback: {
    start: (s) => s.find((x) => x.kind === 'closed' && x.phoneFix)?.at ?? null,
    stops: ['callback'],
    cancels: ['reopened'],
  },
  work_to_clear: { start: (s) => first(s, ['started']), stops: ['completed'], cancels: ['cancelled', 'closed'] },
  loaner_delivery: { start: (s) => first(s, ['loaner_requested']), stops: ['loaner_provided'], cancels: ['completed', 'closed', 'cancelled'] },
  contractor_on_site: {
    start: (s, facts) => (facts.hasContractor ? first(s, ['reported']) : null),
    stops: ['contractor_arrived'],
    cancels: ['cancelled', 'closed', 'completed'],
  },
};

const MINUTE = 60_000;

/** The target in minutes for this ticket: R4 picks by the estimated value. */
export function targetMinutes(target: Target, facts: ClockFacts, extended: boolean): number {
  if (extended && target.extendedMinutes) return target.extendedMinutes;
  if (target.aboveValue && facts.estimatedValueFen !== null && facts.estimatedValueFen > target.aboveValue.thresholdFen) return target.aboveValue.minutes;
  return target.minutes;
}

interface Span {
  from: number;
  to: number;
}

/** Pauses of this target between `start` and `end`, merged and sorted. */
function pausesOf(signals: Signal[], target: Target, start: number, end: number): Span[] {
  const spans: Span[] = [];
  let since: number | null = null;
  for (const s of signals) {
    if (s.kind === 'hold' && target.pausedBy.includes(s.reason) && since === null) since = s.at;
    if ((s.kind === 'resume' || s.kind === 'cancelled' || s.kind === 'closed' || s.kind === 'completed') && since !== null) {
      spans.push({ from: since, to: s.at });
      since = null;
    }
  }
  if (since !== null) spans.push({ from: since, to: Infinity });
  return spans.map((p) => ({ from: Math.max(p.from, start), to: Math.min(p.to, end) })).filter((p) => p.to > p.from);
}

/** The open stretches of a clock: from start to end with the pauses cut out. */
function activeSpans(start: number, end: number, pauses: Span[]): Span[] {
  const out: Span[] = [];
  let cursor = start;
  for (const p of pauses) {
    if (p.from > cursor) out.push({ from: cursor, to: p.from });
    cursor = Math.max(cursor, p.to);
  }
  if (end > cursor) out.push({ from: cursor, to: end });
  return out;
}

const ALWAYS_OPEN = {
  add: (from: number, ms: number) => from + ms,
  between: (from: number, to: number) => Math.max(0, to - from),
};

type Measure = Pick<BusinessCalendar, 'add' | 'between'>;

/** The instant `amount` of counted time has passed across the spans, or null if they run out. */
function instantAfter(measure: Measure, spans: Span[], amount: number): number | null {
  let remaining = amount;
  for (const span of spans) {
    if (span.to === Infinity) return measure.add(span.from, remaining);
    const available = measure.between(span.from, span.to);
    if (available >= remaining) return measure.add(span.from, remaining);
    remaining -= available;
  }
  return null;
}

export function computeClock(target: Target, signals: Signal[], facts: ClockFacts, calendar: Measure, now: number): Clock | null {
  const sorted = [...signals].sort((a, b) => a.at - b.at);
  const rule = METRIC_RULES[target.metric];
  const startedAt = rule.start(sorted, facts);
  if (startedAt === null) return null;
  const measure = target.mode === 'business' ? calendar : ALWAYS_OPEN;
  const extension = sorted.find((s): s is Extract<Signal, { kind: 'extended' }> => s.kind === 'extended' && s.metric === target.metric && s.at >= startedAt);
  const extended = !!extension && !!target.extendedMinutes;
  const targetMs = targetMinutes(target, facts, extended) * MINUTE;

  const stoppedAt = first(sorted, rule.stops, startedAt);
  const cancelledAt = first(sorted, rule.cancels, startedAt);
  const cancelled = cancelledAt !== null && (stoppedAt === null || cancelledAt < stoppedAt);
  const end = cancelled ? cancelledAt : (stoppedAt ?? Infinity);

  const pauses = pausesOf(sorted, target, startedAt, end);
  const spans = activeSpans(startedAt, end === Infinity ? Infinity : end, pauses);
  // For the due instant the clock runs on past its stop, as if nothing had stopped it.
  const openSpans = activeSpans(startedAt, Infinity, pausesOf(sorted, target, startedAt, Infinity));
  const dueAt = instantAfter(measure, openSpans, targetMs);
  const upTo = Math.min(now, end);
  const elapsedMs = spans.reduce((sum, s) => (s.from >= upTo ? sum : sum + measure.between(s.from, Math.min(s.to, upTo))), 0);
  const pausedMs = pauses.reduce((sum, p) => (p.from >= upTo ? sum : sum + measure.between(p.from, Math.min(p.to, upTo))), 0);
  const pausedNow = !cancelled && stoppedAt === null && pauses.some((p) => p.from <= now && p.to > now);

  let state: SlaState;
  if (cancelled) state = 'cancelled';
  else if (stoppedAt !== null) state = dueAt !== null && stoppedAt <= dueAt ? 'met' : 'breached';
  else if (dueAt !== null && dueAt <= now) state = 'breached';
  else state = pausedNow ? 'paused' : 'running';

  const trail: TrailEntry[] = [{ at: startedAt, what: 'started' }];
  for (const p of pauses) {
    const hold = sorted.find((s) => s.kind === 'hold' && s.at === p.from);
    trail.push({ at: p.from, what: 'paused', ...(hold?.kind === 'hold' ? { detail: hold.reason } : {}) });
    if (p.to !== Infinity && p.to < end) trail.push({ at: p.to, what: 'resumed' });
  }
  if (extension && extended) trail.push({ at: extension.at, what: 'extended', detail: extension.reason });
  if (dueAt !== null) trail.push({ at: dueAt, what: 'due' });
  if (cancelled) trail.push({ at: cancelledAt!, what: 'cancelled' });
  else if (stoppedAt !== null) trail.push({ at: stoppedAt, what: 'stopped' });
  trail.sort((a, b) => a.at - b.at);

  return {
    metric: target.metric,
    state,
    startedAt,
    stoppedAt: cancelled ? cancelledAt : stoppedAt,
    dueAt,
    targetMs,
    elapsedMs,
    pausedMs,
    extended,
    extensionReason: extended ? extension!.reason : null,
    thresholds: target.warnAtBp.map((bp) => ({ bp, at: instantAfter(measure, openSpans, Math.round((targetMs * bp) / 10_000)) })),
    trail,
  };
}

/**
 * The next threshold of a clock that has not fired yet: a warning (bp < 10000) or the breach
 * (10000). A threshold fires once, even if a pause or an extension later moves it.
 */
export function nextAlert(clock: Clock, fired: readonly number[]): { at: number; bp: number } | null {
  if (clock.state === 'cancelled' || clock.state === 'met') return null;
  const points = [...clock.thresholds.filter((t) => t.bp < 10_000), { bp: 10_000, at: clock.dueAt }]
    .filter((p): p is { bp: number; at: number } => p.at !== null && !fired.includes(p.bp))
    // A warning that a stopped clock never reached is no longer coming.
    .filter((p) => clock.stoppedAt === null || p.at <= clock.stoppedAt)
    .sort((a, b) => a.at - b.at);
  return points[0] ?? null;
}
