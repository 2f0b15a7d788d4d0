import { CheckCircleFilled, CustomerServiceOutlined, ExclamationCircleOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, List, Progress, Row, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import type { MessageKey } from '../../../shared/i18n';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/session';
import { useWorkbench, type Workbench } from './api';

// ECharts is loaded with the one card that draws a chart, never with the landing page itself.
const EChart = lazy(() => import('../../components/EChart').then((m) => ({ default: m.EChart })));

type FigureData = NonNullable<Workbench['agent']>['createdToday'];

/** Where a figure's tickets are: the ticket list under the figure's own filter, or its page. */
export const hrefOf = (f: FigureData) => (f.tickets ? `/tickets?${new URLSearchParams(f.tickets).toString()}` : (f.path ?? '/tickets'));

/** A number that opens the tickets behind it. */
function Figure({ label, figure, testId, tone }: { label: string; figure: FigureData; testId: string; tone?: 'danger' | 'warning' | undefined }) {
  return (
    <Link to={hrefOf(figure)} className={`wb-figure${tone && figure.count > 0 ? ` wb-${tone}` : ''}`} data-testid={testId}>
      <span className="wb-figure-count">
        {figure.count}
        {figure.capped ? '+' : ''}
      </span>
      <span className="wb-figure-label">{label}</span>
    </Link>
  );
}

const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 ? 1 : 0)}%`;

function AgentCards({ cards }: { cards: NonNullable<Workbench['agent']> }) {
  const { t } = useI18n();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('workbench.agent.title')} size="small">
          <div className="wb-figures">
            <Figure label={t('workbench.agent.createdToday')} figure={cards.createdToday} testId="wb-agent-createdToday" />
            <Figure label={t('workbench.agent.myOpen')} figure={cards.myOpen} testId="wb-agent-myOpen" />
            <Figure label={t('workbench.agent.chased')} figure={cards.chased} testId="wb-agent-chased" />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('workbench.agent.waiting')} size="small">
          <div className="wb-figures">
            <Figure label={t('workbench.agent.toAccept')} figure={cards.toAccept} testId="wb-agent-toAccept" tone="warning" />
            <Figure label={t('workbench.agent.toClose')} figure={cards.toClose} testId="wb-agent-toClose" />
          </div>
        </Card>
      </Col>
    </Row>
  );
}

function DispatcherCards({ cards }: { cards: NonNullable<Workbench['dispatcher']> }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const navigate = useNavigate();
  const teamName = (team: string | null) => team ?? t('workbench.dispatcher.noTeam');
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 40, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: cards.teams.map((x) => teamName(x.team)) },
      // The legend names both series; axis names would sit on top of it in a card this narrow.
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', minInterval: 1 },
      ],
      series: [
        { name: t('workbench.dispatcher.visits'), type: 'bar', data: cards.teams.map((x) => x.visits), itemStyle: { color: '#1677ff' } },
        { name: t('workbench.dispatcher.hours'), type: 'bar', yAxisIndex: 1, data: cards.teams.map((x) => Math.round(x.plannedMinutes / 6) / 10), itemStyle: { color: '#95de64' } },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cards.teams, t],
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card title={t('workbench.dispatcher.byUrgency')} size="small" className="wb-card">
          <div className="wb-figures">
            <Figure label={t('workbench.dispatcher.queueTotal')} figure={cards.queue} testId="wb-dispatch-queue" />
            <Figure label={t('workbench.dispatcher.emergencies')} figure={cards.emergencies} testId="wb-dispatch-emergencies" tone="danger" />
            <Figure label={t('workbench.dispatcher.unscheduled')} figure={cards.unscheduled} testId="wb-dispatch-unscheduled" tone="warning" />
          </div>
          <div className="wb-priorities">
            {cards.byPriority.map((p) => (
              <Link key={p.priority} to={hrefOf(p.figure)} className="wb-priority" data-testid={`wb-dispatch-priority-${p.priority}`}>
                <Tag color={p.priority === 'urgent' ? 'red' : p.priority === 'high' ? 'orange' : p.priority === 'normal' ? 'blue' : 'default'}>{label('priority', p.priority)}</Tag>
                <span className="wb-priority-count">{p.figure.count}</span>
              </Link>
            ))}
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('workbench.dispatcher.load')} size="small" className="wb-card" extra={<Link to="/dispatch/board">{t('workbench.dispatcher.openBoard')}</Link>}>
          {cards.teams.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.dispatcher.noTechnicians')} />
          ) : (
            <div data-testid="wb-team-load">
              <Suspense fallback={<Spin />}>
                <EChart option={option} height={200} />
              </Suspense>
              <Space wrap size={[8, 4]}>
                {cards.teams.map((x) => (
                  <Button key={x.team ?? ''} size="small" type="link" onClick={() => navigate(x.path)} data-testid={`wb-team-${x.team ?? 'none'}`}>
                    {teamName(x.team)} · {x.visits}
                  </Button>
                ))}
              </Space>
            </div>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('workbench.dispatcher.atRisk')} size="small" className="wb-card" extra={<Tag color={cards.atRisk.length ? 'red' : 'green'} data-testid="wb-atrisk-count">{cards.atRisk.length}</Tag>}>
          {cards.atRisk.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.dispatcher.atRiskNone')} />
          ) : (
            <List
              size="small"
              dataSource={cards.atRisk.slice(0, 6)}
              renderItem={(v) => (
                <List.Item>
                  <Space direction="vertical" size={0} style={{ width: '100%' }}>
                    <Space>
                      <Link to={`/tickets/${v.ticketId}`}>{v.number}</Link>
                      <Tag color={v.reason === 'warning' ? 'orange' : 'red'}>{t(`workbench.risk.${v.reason}` as MessageKey)}</Tag>
                    </Space>
                    <Typography.Text type="secondary">
                      {fmt.short(v.plannedStart)} · {v.customerName} · {v.technicianName ?? '—'}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}

function SupervisorCards({ cards }: { cards: NonNullable<Workbench['supervisor']> }) {
  const { t, label } = useI18n();
  const a = cards.attainment;
  const below = a.bp !== null && a.bp < a.targetBp;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card title={t('workbench.supervisor.breaches')} size="small" className="wb-card">
          <div className="wb-figures">
            <Figure label={t('workbench.supervisor.breached')} figure={cards.breached} testId="wb-sup-breached" tone="danger" />
            <Figure label={t('workbench.supervisor.warning')} figure={cards.warning} testId="wb-sup-warning" tone="warning" />
            <Figure label={t('workbench.supervisor.emergenciesOpen')} figure={cards.emergenciesOpen} testId="wb-sup-emergencies" tone="danger" />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('workbench.supervisor.approvals')} size="small" className="wb-card">
          <div className="wb-figures">
            {cards.costApprovals && <Figure label={t('workbench.supervisor.costApprovals')} figure={cards.costApprovals} testId="wb-sup-costs" tone="warning" />}
            {cards.timesheets && <Figure label={t('workbench.supervisor.timesheets')} figure={cards.timesheets} testId="wb-sup-timesheets" tone="warning" />}
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('workbench.supervisor.attainment')} size="small" className="wb-card" extra={<Link to={a.path} aria-label={t('nav.attainment')}><RightOutlined /></Link>}>
          {a.bp === null ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.supervisor.noClocks')} />
          ) : (
            <Link to={a.path} className="wb-attainment" data-testid="wb-sup-attainment">
              <Progress type="dashboard" size={110} percent={a.bp / 100} format={() => pct(a.bp!)} status={below ? 'exception' : 'success'} />
              <Space direction="vertical" size={2}>
                <Tag color={below ? 'red' : 'green'}>{below ? t('workbench.supervisor.belowTarget') : t('workbench.supervisor.onTarget')}</Tag>
                <Typography.Text>{t('workbench.supervisor.target', { target: pct(a.targetBp) })}</Typography.Text>
                <Typography.Text type="secondary">{t('workbench.supervisor.metOf', { met: a.met, breached: a.breached })}</Typography.Text>
                {a.byMetric
                  .filter((m) => m.bp !== null)
                  .slice(0, 3)
                  .map((m) => (
                    <Typography.Text key={m.metric} type={m.bp! < a.targetBp ? 'danger' : 'secondary'}>
                      {label('slaMetric', m.metric)} {pct(m.bp!)}
                    </Typography.Text>
                  ))}
              </Space>
            </Link>
          )}
        </Card>
      </Col>
    </Row>
  );
}

function SetupCard({ setup }: { setup: NonNullable<Workbench['setup']> }) {
  const { t } = useI18n();
  const done = setup.steps.filter((s) => s.done).length;
  const detailOf = (s: (typeof setup.steps)[number]) =>
    s.step === 'holidays' && s.detail ? t('workbench.setup.holidays.missing', { year: s.detail }) : s.detail !== null && s.done && s.step !== 'holidays' ? t('workbench.setup.count', { count: s.detail }) : null;
  return (
    <Card
      title={t('workbench.setup.title')}
      size="small"
      data-testid="wb-setup"
      extra={<Progress percent={Math.round((done * 100) / setup.steps.length)} size="small" style={{ width: 180 }} format={() => t('workbench.setup.progress', { done, total: setup.steps.length })} />}
    >
      <List
        size="small"
        grid={{ gutter: 12, xs: 1, md: 2, xl: 4 }}
        dataSource={setup.steps}
        renderItem={(s) => (
          <List.Item>
            <Link to={s.path} className={`wb-step${s.done ? ' wb-step-done' : ''}`} data-testid={`wb-setup-${s.step}`} data-done={s.done}>
              {s.done ? <CheckCircleFilled className="wb-step-icon done" /> : <ExclamationCircleOutlined className="wb-step-icon todo" />}
              <span className="wb-step-text">
                <Typography.Text strong>{t(`workbench.setup.${s.step}` as MessageKey)}</Typography.Text>
                <Typography.Text type="secondary" className="wb-step-hint">
                  {detailOf(s) ?? t(`workbench.setup.${s.step}.hint` as MessageKey)}
                </Typography.Text>
              </span>
              <Tag color={s.done ? 'green' : 'orange'}>{s.done ? t('workbench.setup.done') : t('workbench.setup.fix')}</Tag>
            </Link>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 工作台: the landing page of the office roles, one set of cards per role, every number a link to what it counts. */
export function WorkbenchPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const bench = useWorkbench();
  const view = bench.data;
  if (!view) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="workbench">
      <div className="page-head">
        <Space align="baseline">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('nav.workbench')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('workbench.greeting', { name: me.data?.name ?? '', day: view.day })} · {label('role', view.role)}
          </Typography.Text>
        </Space>
        <Space>
          {view.agent && (
            <Button type="primary" icon={<CustomerServiceOutlined />} onClick={() => navigate('/intake')} data-testid="wb-new-call">
              {t('workbench.agent.newCall')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} loading={bench.isFetching} onClick={() => void bench.refetch()}>
            {t('workbench.refresh')}
          </Button>
        </Space>
      </div>
      {view.setup && <SetupCard setup={view.setup} />}
      {view.agent && <AgentCards cards={view.agent} />}
      {view.dispatcher && <DispatcherCards cards={view.dispatcher} />}
      {view.supervisor && <SupervisorCards cards={view.supervisor} />}
    </Space>
  );
}
