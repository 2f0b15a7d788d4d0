import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { ticketListQuery } from '../../../shared/contracts/tickets';
import { CHANNELS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES, WARRANTY_STATES } from '../../../shared/domain';
import { TicketTable } from '../../components/TicketTable';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useTickets, type TicketFilter } from '../../lib/queries/tickets';
import { ExportButton } from '../../components/ExportButton';
import { useFormat } from '../../lib/format';

const PAGE_SIZE = 20;

/**
 * Filters live in the URL, so a filtered list can be bookmarked and shared. They are read with
 * the API's own schema (`ticketListQuery`): a value it would refuse is dropped, not sent.
 */
function useFilter(): [TicketFilter, (patch: Partial<TicketFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const raw: Record<string, string> = Object.fromEntries(params);
  let parsed = ticketListQuery.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) delete raw[String(issue.path[0])];
    parsed = ticketListQuery.safeParse(raw);
  }
  const q = parsed.success ? parsed.data : ticketListQuery.parse({});
  const filter: TicketFilter = {
    q: q.q || undefined,
    status: q.status?.join(','),
    priority: q.priority,
    type: q.type,
    channel: q.channel,
    warranty: q.warranty,
    // The workbench's links: whose tickets, emergencies, since when.
    assigneeId: q.assigneeId,
    createdBy: q.createdBy,
    emergency: q.emergency === undefined ? undefined : String(q.emergency),
    chased: q.chased ? 'true' : undefined,
    reportedFrom: q.reportedFrom,
    reportedTo: q.reportedTo,
    page: q.page,
    pageSize: q.pageSize,
  };
  const update = (patch: Partial<TicketFilter>) => {
    const next = { ...filter, page: 1, ...patch };
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1) && !(k === 'pageSize' && v === PAGE_SIZE)) search.set(k, String(v));
    setParams(search);
  };
  return [filter, update];
}

export function TicketListPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [filter, setFilter] = useFilter();
  const tickets = useTickets(filter);
  const fmt = useFormat();
  const options = (list: string, values: readonly string[]) => values.map((v) => ({ value: v, label: label(list, v) }));
  // Filters the page has no control for (they come from a workbench link) show as tags that can be removed.
  const linked: { key: keyof TicketFilter; text: string }[] = [
    ...(filter.createdBy ? [{ key: 'createdBy' as const, text: filter.createdBy === 'me' ? t('tickets.filter.createdByMe') : filter.createdBy }] : []),
    ...(filter.assigneeId
      ? [{ key: 'assigneeId' as const, text: filter.assigneeId === 'none' ? t('tickets.filter.unassigned') : filter.assigneeId === 'me' ? t('tickets.filter.assignedToMe') : filter.assigneeId }]
      : []),
    ...(filter.emergency ? [{ key: 'emergency' as const, text: filter.emergency === 'true' ? t('tickets.filter.emergency') : t('tickets.filter.notEmergency') }] : []),
    ...(filter.chased ? [{ key: 'chased' as const, text: t('tickets.filter.chased') }] : []),
    ...(filter.reportedFrom ? [{ key: 'reportedFrom' as const, text: t('tickets.filter.reportedFrom', { at: fmt.dateTime(filter.reportedFrom) }) }] : []),
    ...(filter.reportedTo ? [{ key: 'reportedTo' as const, text: t('tickets.filter.reportedTo', { at: fmt.dateTime(filter.reportedTo) }) }] : []),
  ];
  const filtered = !!(filter.q || filter.status || filter.priority || filter.type || filter.channel || filter.warranty || linked.length);
  const mayCreate = hasPermission(me.data, 'tickets.create') && me.data?.role !== 'customer';

  const total = tickets.data?.total ?? 0;
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{me.data?.role === 'technician' ? t('nav.myTickets') : t('nav.tickets')}</Typography.Title>
        <Space>
          <ExportButton path="/api/v1/tickets/export.xlsx" filter={{ ...filter, page: undefined, pageSize: undefined }} testId="tickets-export" />
          {mayCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/intake')}>
              {t('nav.intake')}
            </Button>
          )}
        </Space>
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
        {linked.map((f) => (
          <Tag key={f.key} closable color="blue" onClose={() => setFilter({ [f.key]: undefined })} data-testid={`ticket-filter-${f.key}`}>
            {f.text}
          </Tag>
        ))}
      </Space>
      <TicketTable
        size="middle"
        rows={tickets.data?.items ?? []}
        loading={tickets.isFetching}
        scroll={{ x: 1200 }}
        locale={{
          emptyText: tickets.isFetching ? ' ' : filtered ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty.ticketsFiltered')} data-testid="tickets-empty-filtered">
              <Button onClick={() => setFilter({ q: undefined, status: undefined, priority: undefined, type: undefined, channel: undefined, warranty: undefined, assigneeId: undefined, createdBy: undefined, emergency: undefined, chased: undefined, reportedFrom: undefined, reportedTo: undefined })}>
                {t('empty.clearFilters')}
              </Button>
            </Empty>
          ) : (
            <Empty description={t('empty.tickets')} data-testid="tickets-empty">
              {mayCreate && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/intake')}>
                  {t('nav.intake')}
                </Button>
              )}
            </Empty>
          ),
        }}
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
