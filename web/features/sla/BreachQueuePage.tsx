import { Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/now';
import { useBreaches, type BreachRow } from './api';
import { useDuration } from '../../components/sla';
import { ExportButton } from '../../components/ExportButton';

/** What needs someone now: running clocks past due, and those past a warning. */
export function BreachQueuePage() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const duration = useDuration();
  const now = useNow();
  const [params] = useSearchParams();
  // The workbench's links open the queue on one tab (?state=breached or warning).
  const [state, setState] = useState<'breached' | 'warning' | 'all'>(() => {
    const asked = params.get('state');
    return asked === 'breached' || asked === 'warning' ? asked : 'all';
  });
  const [page, setPage] = useState(1);
  const breaches = useBreaches(state === 'all' ? undefined : state, page);
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.breaches')}</Typography.Title>
        <Space wrap>
          <Segmented
            value={state}
            onChange={(v) => {
              setState(v as typeof state);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('sla.queue.all') },
              { value: 'breached', label: t('sla.queue.breached') },
              { value: 'warning', label: t('sla.queue.warning') },
            ]}
          />
          <ExportButton path="/api/v1/sla/breaches/export.xlsx" filter={{ state: state === 'all' ? undefined : state }} testId="breaches-export" />
        </Space>
      </div>
      <Table<BreachRow>
        rowKey={(r) => `${r.ticketId}:${r.metric}`}
        loading={breaches.isFetching}
        dataSource={breaches.data?.items ?? []}
        scroll={{ x: 800 }}
        pagination={{ current: page, pageSize: 50, total: (page - 1) * 50 + (breaches.data?.items.length ?? 0) + ((breaches.data?.items.length ?? 0) === 50 ? 1 : 0), onChange: setPage }}
        columns={[
          { title: t('ticket.number'), dataIndex: 'number', render: (n: string, r) => <Link to={`/tickets/${r.ticketId}`}>{n}</Link> },
          { title: t('sla.metric'), dataIndex: 'metric', render: (m: string) => label('slaMetric', m) },
          {
            title: t('sla.dueAt'),
            dataIndex: 'dueAt',
            render: (d: string | null, r) => {
              if (!d) return '—';
              const left = new Date(d).getTime() - now;
              return (
                <span>
                  {fmt.dateTime(d)}{' '}
                  <Tag color={r.state === 'breached' || left < 0 ? 'red' : 'orange'}>{left < 0 ? t('sla.overdue', { time: duration(left) }) : t('sla.left', { time: duration(left) })}</Tag>
                </span>
              );
            },
          },
          { title: t('ticket.status'), dataIndex: 'ticketStatus', render: (s: string) => label('status', s) },
          { title: t('ticket.priority'), dataIndex: 'priority', render: (p: string) => label('priority', p), responsive: ['md'] },
          { title: t('ticket.customer'), dataIndex: 'customerName', responsive: ['md'] },
          { title: t('ticket.assignee'), dataIndex: 'assigneeName', render: (n: string | null) => n ?? '—' },
        ]}
      />
    </Card>
  );
}
