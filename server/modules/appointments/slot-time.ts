import { isoWeekday, localInstant } from '../../../shared/time';

/** Slot times: weekly templates to dated slots in an organisation's zone. Pure; no clock of its own. */

const DAY_MS = 86_400_000;

export interface TemplateLike {
  weekdays: number[];
  windows: { start: string; end: string; capacity: number }[];
}

export interface PlannedSlot {
  day: string;
  start: string;
  end: string;
  capacity: number;
  startsAt: Date;
  endsAt: Date;
}

/** The slots a weekly template makes on the days from `from` to `to`, both included. */
export function expandTemplate(template: TemplateLike, from: string, to: string, timeZone: string): PlannedSlot[] {
  const slots: PlannedSlot[] = [];
  const weekdays = new Set(template.weekdays);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (!weekdays.has(isoWeekday(day))) continue;
    for (const w of template.windows) {
      slots.push({ day, start: w.start, end: w.end, capacity: w.capacity, startsAt: new Date(localInstant(day, w.start, timeZone)), endsAt: new Date(localInstant(day, w.end, timeZone)) });
    }
  }
  return slots;
}
