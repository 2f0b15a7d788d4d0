import type { TicketFilter } from '../../lib/queries/tickets';

/** The technician's open jobs: what "我的一天" lists beside its visits, and what its route asks for ahead of the page. */
export const MY_DAY_JOBS: TicketFilter = { status: 'dispatched,in_progress,on_hold,completed', page: 1, pageSize: 50 };

/** The wall-clock parts of an instant in a time zone. */
function wall(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(at));
  const p = Object.fromEntries(parts.map((x) => [x.type, Number(x.value)])) as Record<string, number>;
  return { y: p.year!, m: p.month!, d: p.day!, ms: Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) };
}

/** The start of a calendar day in a time zone, as an instant. */
function startOf(y: number, m: number, d: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d);
  const offset = wall(guess, timeZone).ms - guess;
  return new Date(guess - offset);
}

/** The starts of today, tomorrow and the day after in the organisation's time zone. */
export function dayBounds(now: Date, timeZone = 'Asia/Shanghai'): [Date, Date, Date] {
  const { y, m, d } = wall(now.getTime(), timeZone);
  return [startOf(y, m, d, timeZone), startOf(y, m, d + 1, timeZone), startOf(y, m, d + 2, timeZone)];
}
