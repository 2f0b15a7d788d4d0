import { useRef, type DragEvent } from 'react';
import type { Board, QueueItem, Visit } from '../api';
import type { DispatchTarget } from '../DispatchDialog';
import type { MoveTarget } from '../RescheduleDialog';
import { SPAN, TICKET_TYPE, VISIT_TYPE, type Drag } from './geometry';

/**
 * Dragging on the board: a queued ticket or a planned visit is picked up, and dropping it on a
 * technician's row at a minute opens the dispatch or the move dialog filled in from the drop.
 */
export function useBoardDrag(board: Board | undefined, open: { dispatch: (target: DispatchTarget) => void; move: (target: MoveTarget) => void }) {
  const drag = useRef<Drag | null>(null);

  const startTicket = (item: QueueItem, e: DragEvent<HTMLDivElement>) => {
    drag.current = { kind: 'ticket', id: item.ticketId, grab: 0 };
    e.dataTransfer.setData(TICKET_TYPE, item.ticketId);
    e.dataTransfer.effectAllowed = 'move';
  };

  /** Where the block was grabbed is kept, so it lands with its start where its start was shown. */
  const startVisit = (visit: Visit, e: DragEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const track = e.currentTarget.parentElement!.getBoundingClientRect();
    drag.current = { kind: 'visit', id: visit.id, grab: ((e.clientX - rect.left) / track.width) * SPAN };
    e.dataTransfer.setData(VISIT_TYPE, visit.id);
    e.dataTransfer.effectAllowed = 'move';
  };

  const drop = (techId: string, minute: number) => {
    const current = drag.current;
    drag.current = null;
    if (!current || !board) return;
    if (current.kind === 'ticket') {
      const item = board.queue.find((q) => q.ticketId === current.id);
      if (item) open.dispatch({ item, technicianId: techId, start: minute });
    } else {
      const visit = board.visits.find((v) => v.id === current.id);
      if (visit) open.move({ visit, technicianId: techId, start: minute });
    }
  };

  return { drag, startTicket, startVisit, drop };
}
