import { ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, DatePicker, Empty, Row, Select, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useRef, useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { clockLabel } from '../../../shared/dispatch';
import { localDate } from '../../../shared/time';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/now';
import { hasPermission, useMe } from '../../lib/session';
import { SlaBadge } from '../../components/sla';
import { useBoard, useTechnicians, type Board, type BoardTechnician, type QueueItem, type Visit } from './api';
import { BOARD_END, BOARD_START, minuteOf, snap, TechnicianTags, useProductLine } from './components';
import { DispatchDialog, type DispatchTarget } from './DispatchDialog';
import { RescheduleDialog, type MoveTarget } from './RescheduleDialog';
import './dispatch.css';

const SPAN = BOARD_END - BOARD_START;
const HOURS = Array.from({ length: SPAN / 60 + 1 }, (_, i) => BOARD_START + i * 60);
const TICKET_TYPE = 'application/x-shouhou-ticket';
const VISIT_TYPE = 'application/x-shouhou-visit';

/** Left edge on the timeline, in percent, clamped to the board's hours. */
const pos = (minute: number) => Math.min(100, Math.max(0, ((minute - BOARD_START) / SPAN) * 100));

interface Drag {
  kind: 'ticket' | 'visit';
  id: string;
  /** Minutes between a block's start and where it was grabbed. */
  grab: number;
}

function VisitBlock({ visit, board, crew, names, draggable, onOpen, onDragStart }: { visit: Visit; board: Board; crew: boolean; names: Map<string, string>; draggable: boolean; onOpen: () => void; onDragStart: (e: DragEvent<HTMLDivElement>) => void }) {
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
        {clockLabel(start)}–{clockLabel(end)} · {[visit.city, visit.district].filter(Boolean).join(' ')}
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
        className={`board-visit status-${visit.ticketStatus}${crew ? ' crew' : ''}${visit.emergency ? ' emergency' : ''}`}
        style={{ left: `${pos(start)}%`, width: `${Math.max(0.8, pos(end) - pos(start))}%` }}
        draggable={draggable}
        onDragStart={onDragStart}
        onClick={onOpen}
        data-testid="visit-block"
      >
        {/* Three short lines fit a row: when and which, who, where. The tooltip has the rest. */}
        <div>
          {clockLabel(start)} · {visit.ticketNumber.slice(-4)}
        </div>
        <div>{visit.customerName}</div>
        <div className="board-visit-place">{visit.district ?? visit.city ?? ''}</div>
      </div>
    </Tooltip>
  );
}

function TechnicianRow({
  tech,
  board,
  visits,
  names,
  canManage,
  drag,
  nowMinute,
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

function QueueCard({ item, names, canManage, onDispatch, onDragStart }: { item: QueueItem; names: Map<string, string>; canManage: boolean; onDispatch: () => void; onDragStart: (e: DragEvent<HTMLDivElement>) => void }) {
  const { t, label } = useI18n();
  const productLine = useProductLine();
  return (
    <div className="queue-item" draggable={canManage} onDragStart={onDragStart} data-testid="queue-item">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
        <Space direction="vertical" size={0}>
          <Space size={4} wrap>
            <Link to={`/tickets/${item.ticketId}`}>{item.number}</Link>
            {item.emergency && <Tag color="red">{t('ticket.emergency')}</Tag>}
            {item.priority !== 'normal' && <Tag>{label('priority', item.priority)}</Tag>}
          </Space>
          <Typography.Text>{item.customerName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[productLine(item.productLine), [item.city, item.district].filter(Boolean).join(' ')].filter(Boolean).join(' · ')}
          </Typography.Text>
          {item.status === 'dispatched' && (
            <Tag color="geekblue" style={{ marginTop: 2 }}>
              {t('dispatch.noWindow', { name: names.get(item.assigneeId ?? '') ?? '' })}
            </Tag>
          )}
        </Space>
        <Space direction="vertical" align="end" size={4}>
          <SlaBadge badge={item.sla} />
          {canManage && (
            <Button size="small" onClick={onDispatch} data-testid="queue-dispatch">
              {t('dispatch.dispatch')}
            </Button>
          )}
        </Space>
      </Space>
    </div>
  );
}

/** 派工看板: who works when today, what waits, and dispatching by dragging or by form. */
export function DispatchBoardPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const now = useNow();
  const canManage = hasPermission(me.data, 'dispatch.manage');
  const [day, setDay] = useState(() => localDate(new Date(), fmt.timeZone));
  const [team, setTeam] = useState<string | undefined>();
  const [region, setRegion] = useState<string | undefined>();
  const board = useBoard({ day, team, region });
  const all = useTechnicians();
  const drag = useRef<Drag | null>(null);
  const [dispatching, setDispatching] = useState<DispatchTarget | null>(null);
  const [moving, setMoving] = useState<MoveTarget | null>(null);

  const technicians = useMemo(() => all.data?.items ?? [], [all.data]);
  const names = useMemo(() => new Map(technicians.map((x) => [x.id, x.name])), [technicians]);
  const teams = useMemo(() => [...new Set(technicians.map((x) => x.team).filter((x): x is string => !!x))].sort(), [technicians]);
  const regions = useMemo(() => [...new Set(technicians.flatMap((x) => x.regions))].sort(), [technicians]);

  const data = board.data;
  const visitsByTech = useMemo(() => {
    const map = new Map<string, Visit[]>();
    for (const v of data?.visits ?? []) for (const id of new Set([v.leadId, ...v.crewIds])) map.set(id, [...(map.get(id) ?? []), v]);
    return map;
  }, [data]);
  const nowMinute = data && day === localDate(new Date(now), data.timeZone) ? minuteOf(new Date(now).toISOString(), data.dayStart) : null;

  const onDrop = (techId: string, minute: number) => {
    const current = drag.current;
    drag.current = null;
    if (!current || !data) return;
    if (current.kind === 'ticket') {
      const item = data.queue.find((q) => q.ticketId === current.id);
      if (item) setDispatching({ item, technicianId: techId, start: minute });
    } else {
      const visit = data.visits.find((v) => v.id === current.id);
      if (visit) setMoving({ visit, technicianId: techId, start: minute });
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <div className="page-head">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('nav.dispatchBoard')}
          </Typography.Title>
          <Space wrap>
            <Button onClick={() => setDay(dayjs(day).subtract(1, 'day').format('YYYY-MM-DD'))}>{t('dispatch.previousDay')}</Button>
            <DatePicker value={dayjs(day)} allowClear={false} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} data-testid="board-day" />
            <Button onClick={() => setDay(dayjs(day).add(1, 'day').format('YYYY-MM-DD'))}>{t('dispatch.nextDay')}</Button>
            <Button onClick={() => setDay(localDate(new Date(), fmt.timeZone))}>{t('dispatch.today')}</Button>
            <Select allowClear placeholder={t('dispatch.team')} style={{ width: 140 }} value={team} onChange={setTeam} options={teams.map((x) => ({ value: x, label: x }))} suffixIcon={<TeamOutlined />} data-testid="board-team" />
            <Select allowClear showSearch placeholder={t('dispatch.region')} style={{ width: 140 }} value={region} onChange={setRegion} options={regions.map((x) => ({ value: x, label: x }))} />
            <Button icon={<ReloadOutlined />} onClick={() => void board.refetch()} loading={board.isFetching} aria-label={t('dispatch.refresh')} />
            <Link to="/dispatch/technicians">{t('nav.technicians')}</Link>
          </Space>
        </div>
        {canManage && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dispatch.dragHint')}
          </Typography.Text>
        )}
      </Card>
      {!data ? (
        <Skeleton active />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={18}>
            <Card size="small" title={t('dispatch.timeline', { day: data.day, count: data.technicians.length, visits: data.visits.length })}>
              {data.technicians.length === 0 ? (
                <Empty description={t('dispatch.noTechnicians')} />
              ) : (
                <div className="board-scroll">
                  <div className="board" data-testid="board">
                    <div className="board-row" style={{ minHeight: 24 }}>
                      <div className="board-name" />
                      <div className="board-hours" style={{ flex: '1 1 auto' }}>
                        {HOURS.map((h) => (
                          <span key={h} style={{ left: `${pos(h)}%` }}>
                            {clockLabel(h)}
                          </span>
                        ))}
                      </div>
                    </div>
                    {data.technicians.map((tech) => (
                      <TechnicianRow
                        key={tech.id}
                        tech={tech}
                        board={data}
                        visits={visitsByTech.get(tech.id) ?? []}
                        names={names}
                        canManage={canManage}
                        drag={drag}
                        nowMinute={nowMinute}
                        onDrop={onDrop}
                        onOpenVisit={(visit) => canManage && setMoving({ visit })}
                        onDragVisit={(visit, e) => {
                          const rect = e.currentTarget.getBoundingClientRect();
                          const track = e.currentTarget.parentElement!.getBoundingClientRect();
                          drag.current = { kind: 'visit', id: visit.id, grab: ((e.clientX - rect.left) / track.width) * SPAN };
                          e.dataTransfer.setData(VISIT_TYPE, visit.id);
                          e.dataTransfer.effectAllowed = 'move';
                        }}
                      />
                    ))}
                  </div>
                </div>
              )}
            </Card>
          </Col>
          <Col xs={24} xl={6}>
            <Card
              size="small"
              title={
                <Space>
                  {t('dispatch.queue')}
                  <Badge count={data.queueTotal} overflowCount={9999} showZero color="#1668dc" />
                </Space>
              }
            >
              {data.queue.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.queueEmpty')} />
              ) : (
                <div className="queue-list" data-testid="queue">
                  {data.queueTotal > data.queue.length && (
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                      {t('dispatch.queueTruncated', { shown: data.queue.length, total: data.queueTotal })}
                    </Typography.Paragraph>
                  )}
                  {data.queue.map((item) => (
                    <QueueCard
                      key={item.ticketId}
                      item={item}
                      names={names}
                      canManage={canManage}
                      onDispatch={() => setDispatching({ item })}
                      onDragStart={(e) => {
                        drag.current = { kind: 'ticket', id: item.ticketId, grab: 0 };
                        e.dataTransfer.setData(TICKET_TYPE, item.ticketId);
                        e.dataTransfer.effectAllowed = 'move';
                      }}
                    />
                  ))}
                </div>
              )}
            </Card>
          </Col>
        </Row>
      )}
      {data && <DispatchDialog target={dispatching} board={data} technicians={technicians} onClose={() => setDispatching(null)} />}
      {data && <RescheduleDialog target={moving} board={data} technicians={technicians} onClose={() => setMoving(null)} />}
    </Space>
  );
}
