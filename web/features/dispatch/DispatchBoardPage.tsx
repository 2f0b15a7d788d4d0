import { ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, DatePicker, Empty, Row, Select, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { minutesToClock } from '../../../shared/time';
import { localDate } from '../../../shared/time';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/now';
import { hasPermission, useMe } from '../../lib/session';
import { useBoard, useTechnicians, type Visit } from './api';
import { minuteOf } from './components';
import { DispatchDialog, type DispatchTarget } from './DispatchDialog';
import { RescheduleDialog, type MoveTarget } from './RescheduleDialog';
import './dispatch.css';
import { QueueCard } from './board/QueueCard';
import { TechnicianRow } from './board/TechnicianRow';
import { HOURS, pos } from './board/geometry';
import { useBoardDrag } from './board/useBoardDrag';

/** How long a just-dispatched visit stays highlighted. */
const HIGHLIGHT_MS = 4000;

/** 派工看板: who works when today, what waits, and dispatching by dragging or by form. */
export function DispatchBoardPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const now = useNow();
  const canManage = hasPermission(me.data, 'dispatch.manage');
  const [day, setDay] = useState(() => localDate(new Date(), fmt.timeZone));
  const [params] = useSearchParams();
  // The workbench's team-load links open the board on one team.
  const [team, setTeam] = useState<string | undefined>(() => params.get('team') ?? undefined);
  const [region, setRegion] = useState<string | undefined>();
  const board = useBoard({ day, team, region });
  const all = useTechnicians();
  const [dispatching, setDispatching] = useState<DispatchTarget | null>(null);
  const [moving, setMoving] = useState<MoveTarget | null>(null);
  // The visit just dispatched: brought into view on the timeline and highlighted for a moment.
  const [fresh, setFresh] = useState<string | null>(null);
  const timeline = useRef<HTMLDivElement>(null);

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

  const boardDrag = useBoardDrag(data, { dispatch: setDispatching, move: setMoving });

  const onDispatched = (visit: Visit) => {
    if (!data) return;
    const visitDay = localDate(new Date(visit.plannedStart), data.timeZone);
    if (visitDay !== day) setDay(visitDay);
    setFresh(visit.id);
  };
  const freshShown = !!fresh && !!data?.visits.some((v) => v.id === fresh);
  useEffect(() => {
    if (!fresh || !freshShown) return;
    // The lead's block, not a crew member's copy of it.
    const block = timeline.current?.querySelector<HTMLElement>(`[data-visit-id="${fresh}"]:not(.crew)`);
    block?.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
    const done = window.setTimeout(() => setFresh(null), HIGHLIGHT_MS);
    return () => window.clearTimeout(done);
  }, [fresh, freshShown]);

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
                <Empty description={t('empty.board')} data-testid="board-empty">
                  {hasPermission(me.data, 'users.manage') && (
                    <Link to="/users">
                      <Button type="primary">{t('empty.addUsers')}</Button>
                    </Link>
                  )}
                </Empty>
              ) : (
                <div className="board-scroll" ref={timeline} data-testid="board-scroll">
                  <div className="board" data-testid="board">
                    <div className="board-row board-head" style={{ minHeight: 24 }}>
                      <div className="board-name" />
                      <div className="board-hours" style={{ flex: '1 1 auto' }}>
                        {HOURS.map((h) => (
                          <span key={h} style={{ left: `${pos(h)}%` }}>
                            {minutesToClock(h)}
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
                        drag={boardDrag.drag}
                        nowMinute={nowMinute}
                        freshId={fresh}
                        onDrop={boardDrag.drop}
                        onOpenVisit={(visit) => canManage && setMoving({ visit })}
                        onDragVisit={boardDrag.startVisit}
                      />
                    ))}
                  </div>
                </div>
              )}
            </Card>
          </Col>
          {/* The queue keeps its place while the timeline scrolls (its own scroll, and sticky on the page). */}
          <Col xs={24} xl={6} className="board-queue-col">
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
                      onDragStart={(e) => boardDrag.startTicket(item, e)}
                    />
                  ))}
                </div>
              )}
            </Card>
          </Col>
        </Row>
      )}
      {data && <DispatchDialog target={dispatching} board={data} technicians={technicians} onClose={() => setDispatching(null)} onDispatched={onDispatched} />}
      {data && <RescheduleDialog target={moving} board={data} technicians={technicians} onClose={() => setMoving(null)} />}
    </Space>
  );
}
