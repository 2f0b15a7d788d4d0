import type { FieldStepKind, TimeEntryKind, TransportMode, WaitReason } from '../../../shared/contracts/fieldwork';
export { nextSteps, recordableSteps } from '../../../shared/field-steps';

/**
 * Time entries from a technician's steps on one job (M3, M4). Pure: steps in, entries out.
 *
 * - Direct hours: on site working, from `start` to `finish`, less the waits.
 * - Indirect hours: travel to site (`depart` → `arrive`) and back (`travel_back` → `back`), with
 *   the transport mode; and waits on site for goods the company ships or for reasons beyond
 *   anyone's control (`wait` → `resume`).
 * - Neither: preparing and drawing parts before departure, waits for other reasons (the
 *   customer, a lunch break), time after `finish` before travelling back.
 */
export interface Step {
  kind: FieldStepKind;
  at: number;
  transport?: TransportMode | null;
  waitReason?: WaitReason | null;
}

export interface DerivedEntry {
  kind: TimeEntryKind;
  startedAt: number;
  endedAt: number;
  minutes: number;
  transport: TransportMode | null;
  waitReason: WaitReason | null;
}

/** The wait reasons M4 pays as indirect hours. */
export const PAID_WAIT_REASONS: readonly WaitReason[] = ['waiting_goods', 'force_majeure'];

/** Whole minutes, rounded half up: an entry is what a supervisor reads and approves. */
const minutesOf = (ms: number) => Math.floor(ms / 60_000 + 0.5);

export function deriveTimeEntries(steps: Step[]): DerivedEntry[] {
  const sorted = [...steps].sort((a, b) => a.at - b.at);
  const entries: DerivedEntry[] = [];
  const push = (kind: TimeEntryKind, from: number, to: number, extra: Partial<DerivedEntry> = {}) => {
    if (to <= from) return;
    entries.push({ kind, startedAt: from, endedAt: to, minutes: minutesOf(to - from), transport: null, waitReason: null, ...extra });
  };
  let travel: Step | null = null;
  let working: number | null = null;
  let waiting: Step | null = null;
  for (const step of sorted) {
    switch (step.kind) {
      case 'depart':
      case 'travel_back':
        travel = step;
        break;
      case 'arrive':
      case 'back':
        if (travel) push('travel', travel.at, step.at, { transport: travel.transport ?? null });
        travel = null;
        break;
      case 'start':
      case 'resume':
        // A start while waiting ends the wait just as a resume does, so a wait and work
        // never cover the same minute.
        if (waiting) {
          if (waiting.waitReason && PAID_WAIT_REASONS.includes(waiting.waitReason)) push('wait', waiting.at, step.at, { waitReason: waiting.waitReason });
          waiting = null;
          working = step.at;
        } else if (step.kind === 'start') {
          working ??= step.at;
        }
        break;
      case 'wait':
        if (working !== null && !waiting) {
          push('direct', working, step.at);
          working = null;
          waiting = step;
        }
        break;
      case 'finish':
        if (working !== null) push('direct', working, step.at);
        if (waiting?.waitReason && PAID_WAIT_REASONS.includes(waiting.waitReason)) push('wait', waiting.at, step.at, { waitReason: waiting.waitReason });
        working = null;
        waiting = null;
        break;
      case 'acknowledge':
      case 'prepare':
        break;
    }
  }
  return entries;
}

