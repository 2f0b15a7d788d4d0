import { Tooltip } from 'antd';
import type { DragEvent } from 'react';
import { minutesToClock } from '../../../../shared/time';
import { useI18n } from '../../../lib/i18n';
import { SlaBadge } from '../../../components/sla';
import type { Board, Visit } from '../api';
import { BOARD_END, BOARD_START, minuteOf } from '../components';
import { pos } from './geometry';

/** A planned visit on a technician's row: when and which, who, where; the tooltip has the rest. */
export function VisitBlock({
  visit,
  board,
  crew,
  fresh = false,
  names,
  draggable,
  onOpen,
  onDragStart,
}: {
  visit: Visit;
  board: Board;
  crew: boolean;
  /** Just dispatched: highlighted for a moment. */
  fresh?: boolean;
  names: Map<string, string>;
  draggable: boolean;
  onOpen: () => void;
  onDragStart: (e: DragEvent<HTMLDivElement>) => void;
}) {
  const { t, label } = useI18n();
  const start = minuteOf(visit.plannedStart, board.dayStart);
  const end = minuteOf(visit.plannedEnd, board.dayStart);
  if (end <= BOARD_START || start >= BOARD_END) return null;
  const crewNames = visit.crewIds.map((id) => names.get(id) ?? '').filter(Boolean);
  const title = (
    <div>
      <div>
        <b>{visit.ticketNumber}</b> · {label('status', visit.ticketStatus)}
      </div>
      <div>{visit.customerName}</div>
      <div>
        {minutesToClock(start)}–{minutesToClock(end)} · {[visit.city, visit.district].filter(Boolean).join(' ')}
      </div>
      <div>
        {t('ticket.leadTechnician')}：{names.get(visit.leadId) ?? ''}
        {crewNames.length ? ` · ${t('ticket.crew')}：${crewNames.join(t('common.listSeparator'))}` : ''}
      </div>
      {visit.sla && (
        <div style={{ marginTop: 4 }}>
          <SlaBadge badge={visit.sla} />
        </div>
      )}
    </div>
  );
  return (
    <Tooltip title={title}>
      <div
        className={`board-visit status-${visit.ticketStatus}${crew ? ' crew' : ''}${visit.emergency ? ' emergency' : ''}${fresh ? ' fresh' : ''}`}
        style={{ left: `${pos(start)}%`, width: `${Math.max(0.8, pos(end) - pos(start))}%` }}
        draggable={draggable}
        onDragStart={onDragStart}
        onClick={onOpen}
        data-testid="visit-block"
        data-visit-id={visit.id}
        aria-label={fresh ? t('dispatch.newVisit') : undefined}
      >
        {/* Three short lines fit a row: when and which, who, where. The tooltip has the rest. */}
        <div>
          {minutesToClock(start)} · {visit.ticketNumber.slice(-4)}
        </div>
        <div>{visit.customerName}</div>
        <div className="board-visit-place">{visit.district ?? visit.city ?? ''}</div>
      </div>
    </Tooltip>
  );
}
