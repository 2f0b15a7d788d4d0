import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CHANNELS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES, WARRANTY_STATES } from '../../../shared/domain';
import { useI18n } from '../../lib/i18n';
import { useFormat } from '../../lib/format';
import { hasPermission, useMe } from '../../lib/session';
import { useTickets, type TicketFilter, type TicketRow } from '../../lib/queries/tickets';
import { PriorityTag, StatusTag, WarrantyTag } from '../../components/tags';
import { SlaBadge } from '../../components/sla';

/** Filters live in the URL, so a filtered list can be bookmarked and shared. */
function useFilter(): [TicketFilter, (patch: Partial<TicketFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const filter: TicketFilter = {
    q: params.get('q') ?? undefined,
    status: params.get('status') ?? undefined,
    priority: params.get('priority') ?? undefined,
    type: params.get('type') ?? undefined,
    channel: params.get('channel') ?? undefined,
    warranty: params.get('warranty') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
  };
  const update = (patch: Partial<TicketFilter>) => {
    const next = { ...filter, page: 1, ...patch };
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1) && !(k === 'pageSize' && v === 20)) search.set(k, String(v));
    setParams(search);
  };
  return [filter, update];
}

export function TicketListPage() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const navigate = useNavigate();
  const [filter, setFilter] = useFilter();
  const tickets = useTickets(filter);
  const options = (list: string, values: readonly string[]) => values.map((v) => ({ value: v, label: label(list, v) }));

  const columns: ColumnsType<TicketRow> = [
    { title: t('ticket.number'), dataIndex: 'number', width: 170, render: (n: string, r) => <Link to={`/tickets/${r.id}`}>{n}</Link> },
    { title: t('ticket.status'), dataIndex: 'status', width: 90, render: (s) => <StatusTag status={s} /> },
    { title: t('sla.title'), dataIndex: 'sla', width: 130, render: (b: TicketRow['sla']) => <SlaBadge badge={b} /> },
    { title: t('ticket.priority'), dataIndex: 'priority', width: 110, render: (p, r) => <PriorityTag priority={p} emergency={r.emergency} /> },
    { title: t('ticket.customer'), dataIndex: 'customerName', width: 120, render: (name: string, r) => <Link to={`/customers/${r.customerId}`}>{name}</Link> },
    { title: t('ticket.asset'), dataIndex: 'assetLabel', width: 160, ellipsis: true, responsive: ['xl'] },
    { title: t('ticket.description'), dataIndex: 'description', ellipsis: true, width: 240 },
    { title: t('ticket.warranty'), dataIndex: 'warranty', width: 80, render: (w) => <WarrantyTag warranty={w} />, responsive: ['md'] },
    { title: t('ticket.assignee'), dataIndex: ['assignee', 'name'], width: 100, responsive: ['md'] },
    { title: t('ticket.reportedAt'), dataIndex: 'reportedAt', width: 140, render: (v: string) => fmt.dateTime(v), responsive: ['lg'] },
  ];

  const total = tickets.data?.total ?? 0;
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{me.data?.role === 'technician' ? t('nav.myTickets') : t('nav.tickets')}</Typography.Title>
        {hasPermission(me.data, 'tickets.create') && me.data?.role !== 'customer' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/intake')}>
            {t('nav.intake')}
          </Button>
        )}
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('tickets.searchPlaceholder')}
          defaultValue={filter.q}
          onSearch={(q) => setFilter({ q: q || undefined })}
          style={{ width: 280 }}
          data-testid="ticket-search"
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('ticket.status')}
          style={{ minWidth: 160 }}
          value={filter.status ? filter.status.split(',') : []}
          onChange={(v: string[]) => setFilter({ status: v.length ? v.join(',') : undefined })}
          options={options('status', TICKET_STATUSES)}
        />
        <Select allowClear placeholder={t('ticket.priority')} style={{ width: 110 }} value={filter.priority} onChange={(v) => setFilter({ priority: v })} options={options('priority', PRIORITIES)} />
        <Select allowClear placeholder={t('ticket.type')} style={{ width: 120 }} value={filter.type} onChange={(v) => setFilter({ type: v })} options={options('ticketType', TICKET_TYPES)} />
        <Select allowClear placeholder={t('ticket.channel')} style={{ width: 110 }} value={filter.channel} onChange={(v) => setFilter({ channel: v })} options={options('channel', CHANNELS)} />
        <Select allowClear placeholder={t('ticket.warranty')} style={{ width: 110 }} value={filter.warranty} onChange={(v) => setFilter({ warranty: v })} options={options('warranty', WARRANTY_STATES)} />
      </Space>
      <Table<TicketRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tickets.data?.items ?? []}
        loading={tickets.isFetching}
        scroll={{ x: 1200 }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/tickets/${r.id}`) })}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total,
          showSizeChanger: true,
          showTotal: (n) => (tickets.data?.totalExact === false ? t('list.totalAtLeast', { total: n }) : t('list.total', { total: n })),
          onChange: (page, pageSize) => setFilter({ page, pageSize }),
        }}
      />
    </Card>
  );
}
