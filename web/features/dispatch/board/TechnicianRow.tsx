import { Tooltip } from 'antd';
import { useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import type { Board, BoardTechnician, Visit } from '../api';
import { BOARD_END, BOARD_START, minuteOf, snap, TechnicianTags } from '../components';
import { pos, SPAN, TICKET_TYPE, VISIT_TYPE, type Drag } from './geometry';
import { VisitBlock } from './VisitBlock';

/** One technician's day: open hours, leave, visits, and where a dragged job would land. */
export function TechnicianRow({
  tech,
  board,
  visits,
  names,
  canManage,
  drag,
  nowMinute,
  freshId = null,
  onDrop,
  onOpenVisit,
  onDragVisit,
}: {
  tech: BoardTechnician;
  board: Board;
  visits: Visit[];
  names: Map<string, string>;
  canManage: boolean;
  drag: React.RefObject<Drag | null>;
  nowMinute: number | null;
  /** The visit just dispatched, highlighted for a moment. */
  freshId?: string | null;
  onDrop: (techId: string, minute: number) => void;
  onOpenVisit: (visit: Visit) => void;
  onDragVisit: (visit: Visit, e: DragEvent<HTMLDivElement>) => void;
}) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [ghost, setGhost] = useState<number | null>(null);
  const minuteAt = (e: DragEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return snap(BOARD_START + ((e.clientX - rect.left) / rect.width) * SPAN - (drag.current?.grab ?? 0));
  };
  const accepts = (e: DragEvent<HTMLDivElement>) => canManage && (e.dataTransfer.types.includes(TICKET_TYPE) || e.dataTransfer.types.includes(VISIT_TYPE));
  return (
    <div className="board-row" data-testid="board-row">
      <div className="board-name">
        <Link to={`/dispatch/technicians/${tech.id}`}>{tech.name}</Link>
        <div>
          <TechnicianTags grade={tech.grade} employmentStatus={tech.employmentStatus} />
        </div>
        <div className="muted">{t('dispatch.plannedHours', { hours: (tech.plannedMinutes / 60).toFixed(1) })}</div>
      </div>
      <div
        className={`board-track${ghost !== null ? ' drop-target' : ''}`}
        onDragOver={(e) => {
          if (!accepts(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
          const m = minuteAt(e);
          if (m !== ghost) setGhost(m);
        }}
        onDragLeave={() => setGhost(null)}
        onDrop={(e) => {
          setGhost(null);
          if (!accepts(e)) return;
          e.preventDefault();
          onDrop(tech.id, Math.min(BOARD_END - 15, Math.max(BOARD_START, minuteAt(e))));
        }}
      >
        {tech.availability.map((w) => (
          <div key={w.start} className="board-open" style={{ left: `${pos(minuteOf(w.start, board.dayStart))}%`, width: `${pos(minuteOf(w.end, board.dayStart)) - pos(minuteOf(w.start, board.dayStart))}%` }} />
        ))}
        {tech.leaves.map((l) => (
          <Tooltip key={l.id} title={`${l.approved ? t('dispatch.leaveApproved') : t('dispatch.leavePending')} · ${l.reason} · ${fmt.short(l.startsAt)}–${fmt.short(l.endsAt)}`}>
            <div
              className={`board-leave${l.approved ? '' : ' pending'}`}
              style={{ left: `${pos(minuteOf(l.startsAt, board.dayStart))}%`, width: `${pos(minuteOf(l.endsAt, board.dayStart)) - pos(minuteOf(l.startsAt, board.dayStart))}%` }}
            />
          </Tooltip>
        ))}
        {visits.map((v) => (
          <VisitBlock
            key={v.id}
            visit={v}
            board={board}
            crew={v.leadId !== tech.id}
            fresh={v.id === freshId}
            names={names}
            draggable={canManage && v.leadId === tech.id}
            onOpen={() => onOpenVisit(v)}
            onDragStart={(e) => onDragVisit(v, e)}
          />
        ))}
        {nowMinute !== null && nowMinute > BOARD_START && nowMinute < BOARD_END && <div className="board-now" style={{ left: `${pos(nowMinute)}%` }} />}
        {ghost !== null && <div className="board-ghost" style={{ left: `${pos(ghost)}%` }} />}
      </div>
    </div>
  );
}
