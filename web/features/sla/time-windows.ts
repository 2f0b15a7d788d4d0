import { minutesToClock } from '../../../shared/time';
import type { Window } from './api';


/** `09:00-12:00, 13:00-18:00` ⇄ windows: the quickest way to type a day's hours. */
export function formatWindows(windows: Window[] | undefined): string {
  return (windows ?? []).map((w) => `${minutesToClock(w.start)}-${minutesToClock(w.end)}`).join(', ');
}

export function parseWindows(text: string): Window[] | null {
  const parts = text
    .split(/[,，;；\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: Window[] = [];
  for (const part of parts) {
    const m = /^(\d{1,2}):(\d{2})[-–~至](\d{1,2}):(\d{2})$/.exec(part);
    if (!m) return null;
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    if (end <= start || end > 1440 || Number(m[2]) > 59 || Number(m[4]) > 59) return null;
    out.push({ start, end });
  }
  return out;
}
