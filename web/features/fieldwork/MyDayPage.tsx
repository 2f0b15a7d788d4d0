import { ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined, RightOutlined, ToolOutlined } from '@ant-design/icons';
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { useFormat } from '../../lib/format';
import { SlaBadge } from '../../components/sla';
import { PriorityTag, StatusTag } from '../../components/tags';
import { useTickets, type TicketList } from '../../lib/queries/tickets';

type TicketListItem = TicketList['items'][number];
import { MY_DAY_JOBS, dayBounds } from './my-day-jobs';
import { useMyVan } from '../../lib/queries/van';
import { hasPermission, useMe } from '../../lib/session';
import { useMyVisits, type MyVisit } from './api';
import { OfflineBanner } from './OfflineBanner';

const OPEN = ['dispatched', 'in_progress', 'on_hold'];

/**
 * A technician's day on a phone: today's visits in time order with the next one on top and
 * emergencies marked, tomorrow's below, then open jobs that have no planned time yet.
 */
export function MyDayPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const [today, tomorrow] = useMemo(() => dayBounds(new Date(), fmt.timeZone), [fmt.timeZone]);
  const visits = useMyVisits();
  const jobs = useTickets(MY_DAY_JOBS);
  // H7: the parts carried for each job, from the van.
  const van = useMyVan(hasPermission(me.data, 'stock.request'));
  const carried = (ticketId: string) => (van.data?.jobs.find((j) => j.ticketId === ticketId)?.parts ?? []).filter((p) => p.status === 'issued' || p.status === 'reserved');
  const jobOf = (ticketId: string) => jobs.data?.items.find((j) => j.id === ticketId);

  const all = visits.data?.items ?? [];
  const todays = all.filter((v) => Date.parse(v.plannedStart) < tomorrow.getTime());
  // The next visit is the first still open: it leads the list; finished ones go to the end.
  const todayOrdered = [...todays.filter((v) => OPEN.includes(v.ticketStatus)), ...todays.filter((v) => !OPEN.includes(v.ticketStatus))];
  const tomorrows = all.filter((v) => Date.parse(v.plannedStart) >= tomorrow.getTime() && OPEN.includes(v.ticketStatus));
  const planned = new Set(all.map((v) => v.ticketId));
  const unscheduled = (jobs.data?.items ?? []).filter((j) => !planned.has(j.id) && OPEN.includes(j.status));
  const hhmm = (v: string) => fmt.short(v).slice(6);

  const visitItem = (v: MyVisit, next: boolean) => {
    const job = jobOf(v.ticketId);
    const done = !OPEN.includes(v.ticketStatus);
    return (
      <List.Item style={{ padding: 0, border: 0, marginBottom: 8 }} data-testid="my-job">
        <Link to={`/my-day/${v.ticketId}`} style={{ width: '100%', color: 'inherit' }} data-testid={next ? 'my-next-job' : undefined}>
          <Card
            size="small"
            style={{ width: '100%', opacity: done ? 0.6 : 1, borderColor: v.emergency ? '#ff4d4f' : next ? '#1668dc' : undefined, borderWidth: next || v.emergency ? 2 : 1 }}
          >
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text strong style={{ fontSize: 18 }} data-testid="my-job-window">
                  <ClockCircleOutlined /> {hhmm(v.plannedStart)}–{hhmm(v.plannedEnd)}
                </Typography.Text>
                <Space size={4}>
                  {next && <Tag color="blue">{t('myDay.next')}</Tag>}
                  {(v.emergency || v.priority !== 'normal') && <PriorityTag priority={v.priority} emergency={v.emergency} />}
                  {done ? <Tag>{t('myDay.done')}</Tag> : <StatusTag status={v.ticketStatus} />}
                  <RightOutlined className="muted" />
                </Space>
              </Space>
              <Typography.Text strong>{v.customerName}</Typography.Text>
              <Typography.Text>{v.description}</Typography.Text>
              {(v.addressLine || v.district || v.city) && (
                <Typography.Text type="secondary">
                  <EnvironmentOutlined /> {v.addressLine ?? [v.city, v.district].filter(Boolean).join(' ')}
                </Typography.Text>
              )}
              {job?.assetLabel && (
                <Typography.Text type="secondary">
                  <ToolOutlined /> {job.assetLabel}
                </Typography.Text>
              )}
              <Space size="middle" wrap>
                <Typography.Text type="secondary">{v.ticketNumber}</Typography.Text>
                {job && !done && <SlaBadge badge={job.sla} />}
              </Space>
              {carried(v.ticketId).length > 0 && (
                <Typography.Text type="secondary" data-testid="my-job-parts">
                  {t('van.carried')}: {carried(v.ticketId).map((p) => `${p.partName} ×${p.quantity}${p.unit}`).join('、')}
                </Typography.Text>
              )}
            </Space>
          </Card>
        </Link>
      </List.Item>
    );
  };

  const jobItem = (job: TicketListItem) => (
    <List.Item style={{ padding: 0, border: 0, marginBottom: 8 }} data-testid="my-job">
      <Link to={`/my-day/${job.id}`} style={{ width: '100%', color: 'inherit' }}>
        <Card size="small" style={{ width: '100%' }}>
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Space style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text strong>{job.customerName}</Typography.Text>
              <Space size={4}>
                <StatusTag status={job.status} />
                <RightOutlined className="muted" />
              </Space>
            </Space>
            <Typography.Text>{job.description}</Typography.Text>
            <Space size="middle" wrap>
              <Typography.Text type="secondary">{job.number}</Typography.Text>
              <SlaBadge badge={job.sla} />
            </Space>
            {carried(job.id).length > 0 && (
              <Typography.Text type="secondary" data-testid="my-job-parts">
                {t('van.carried')}: {carried(job.id).map((p) => `${p.partName} ×${p.quantity}${p.unit}`).join('、')}
              </Typography.Text>
            )}
            {job.assetLabel && (
              <Typography.Text type="secondary">
                <ToolOutlined /> {job.assetLabel}
              </Typography.Text>
            )}
          </Space>
        </Card>
      </Link>
    </List.Item>
  );

  const firstOpen = todayOrdered.find((v) => OPEN.includes(v.ticketStatus));
  return (
    <div className="field-phone">
      {me.data && <OfflineBanner userId={me.data.id} />}
      {/* Clear of the menu's floating trigger at the top left of a phone screen. */}
      <Typography.Title level={4} style={{ margin: '4px 4px 12px 48px' }}>
        {t('myDay.title')}
      </Typography.Title>
      <section data-testid="my-day-today">
        <Typography.Title level={5} style={{ margin: '0 4px 8px' }}>
          {t('myDay.today')} · {fmt.date(today)}
        </Typography.Title>
        <List
          loading={visits.isLoading}
          dataSource={todayOrdered}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myDay.noneToday')} /> }}
          renderItem={(v) => visitItem(v, v === firstOpen)}
        />
      </section>
      <section data-testid="my-day-tomorrow" style={{ marginTop: 16 }}>
        <Typography.Title level={5} style={{ margin: '0 4px 8px' }}>
          {t('myDay.tomorrow')} · {fmt.date(tomorrow)}
        </Typography.Title>
        <List
          loading={visits.isLoading}
          dataSource={tomorrows}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myDay.noneTomorrow')} /> }}
          renderItem={(v) => visitItem(v, false)}
        />
      </section>
      {unscheduled.length > 0 && (
        <section data-testid="my-day-unscheduled" style={{ marginTop: 16 }}>
          <Typography.Title level={5} style={{ margin: '0 4px 8px' }}>
            {t('myDay.unscheduled')}
          </Typography.Title>
          <List loading={jobs.isFetching} dataSource={unscheduled} renderItem={jobItem} />
        </section>
      )}
      <Typography.Paragraph type="secondary" style={{ margin: 8 }}>
        <PhoneOutlined /> {t('myDay.hint')}
      </Typography.Paragraph>
    </div>
  );
}
