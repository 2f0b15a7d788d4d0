import { BOARD_END, BOARD_START } from '../components';

/** The board's geometry: a day from BOARD_START to BOARD_END laid across the track's width. */
export const SPAN = BOARD_END - BOARD_START;
export const HOURS = Array.from({ length: SPAN / 60 + 1 }, (_, i) => BOARD_START + i * 60);
/** What a drag carries, so a drop knows a queued ticket from a planned visit. */
export const TICKET_TYPE = 'application/x-shouhou-ticket';
export const VISIT_TYPE = 'application/x-shouhou-visit';

/** Left edge on the timeline, in percent, clamped to the board's hours. */
export const pos = (minute: number) => Math.min(100, Math.max(0, ((minute - BOARD_START) / SPAN) * 100));

export interface Drag {
  kind: 'ticket' | 'visit';
  id: string;
  /** Minutes between a block's start and where it was grabbed. */
  grab: number;
}
