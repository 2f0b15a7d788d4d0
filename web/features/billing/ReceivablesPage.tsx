import { DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { moneyKeys, queryString, receivablesPage, useReceivablesSummary, type Receivables, type ReceivablesFilter, type Summary } from './api-money';

/**
 * Receivables: the tickets with money still owed, oldest charge first, with the ageing columns
 * (the organisation's `billing.ageingBucketDays`, counted on its calendar), the totals per
 * customer, and the same list as Excel.
 */
export function ReceivablesPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const [filter, setFilter] = useState<ReceivablesFilter>({});
  const summary = useReceivablesSummary(filter);
  const list = useInfiniteQuery({
    queryKey: moneyKeys.receivables(filter),
    queryFn: ({ pageParam }) => receivablesPage(filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = summary.data?.columns ?? [];
  const columnLabel = (c: Summary['columns'][number]) => (c.toDays === null ? t('receivables.ageingOlder', { from: c.fromDays - 1 }) : t('receivables.ageingColumn', { from: c.fromDays, to: c.toDays }));
  const set = (patch: ReceivablesFilter) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('receivables.title')}</Typography.Title>
        <Button icon={<DownloadOutlined />} href={`/api/v1/receivables/export.xlsx${queryString(filter)}`} download data-testid="receivables-export">
          {t('receivables.export')}
        </Button>
      </div>
      <Row gutter={12} style={{ marginBottom: 16 }} data-testid="receivables-ageing">
        <Col xs={12} md={4}>
          <Statistic title={t('receivables.total')} value={fmt.yuan(summary.data?.totalFen)} suffix={<span className="muted" style={{ fontSize: 12 }}> · {summary.data?.tickets ?? 0}</span>} />
        </Col>
        {columns.map((c) => (
          <Col xs={12} md={4} key={c.index}>
            <a onClick={() => set({ ageing: filter.ageing === c.index ? undefined : c.index })}>
              <Statistic
                title={columnLabel(c)}
                value={fmt.yuan(c.outstandingFen)}
                valueStyle={{ fontSize: 18, color: filter.ageing === c.index ? '#1668dc' : c.index === columns.length - 1 && c.outstandingFen ? '#cf1322' : undefined }}
                suffix={<span className="muted" style={{ fontSize: 12 }}> · {c.tickets}</span>}
              />
            </a>
          </Col>
        ))}
      </Row>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('receivables.customer')}
          style={{ width: 240 }}
          value={filter.customerId}
          onChange={(v: string | undefined) => set({ customerId: v })}
          options={(summary.data?.customers ?? []).map((c) => ({ value: c.customerId, label: c.customerName }))}
        />
        <Select
          allowClear
          placeholder={t('receivables.ageing')}
          style={{ width: 160 }}
          value={filter.ageing}
          onChange={(v: number | undefined) => set({ ageing: v })}
          options={columns.map((c) => ({ value: c.index, label: columnLabel(c) }))}
        />
        <DatePicker picker="month" placeholder={t('receivables.chargedMonth')} onChange={(d: Dayjs | null) => set({ chargedMonth: d ? d.format('YYYY-MM') : undefined })} />
      </Space>
      <Table<Receivables['items'][number]>
        rowKey="ticketId"
        size="small"
        loading={list.isFetching}
        pagination={false}
        dataSource={items}
        data-testid="receivables-table"
        columns={[
          { title: t('receivables.ticket'), dataIndex: 'ticketNumber', render: (v: string, r) => <Link to={`/tickets/${r.ticketId}`}>{v}</Link> },
          { title: t('receivables.customer'), dataIndex: 'customerName' },
          { title: t('receivables.chargedAt'), dataIndex: 'chargedAt', render: (v: string) => fmt.date(v) },
          { title: t('receivables.charged'), dataIndex: 'chargedFen', align: 'right', render: (v: number) => fmt.yuan(v) },
          { title: t('receivables.collected'), dataIndex: 'collectedFen', align: 'right', render: (v: number) => fmt.yuan(v) },
          { title: t('receivables.outstanding'), dataIndex: 'outstandingFen', align: 'right', render: (v: number) => <b>{fmt.yuan(v)}</b> },
          { title: t('receivables.days'), dataIndex: 'days', align: 'right' },
        ]}
      />
      {list.hasNextPage && (
        <Button style={{ marginTop: 12 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('receivables.more')}
        </Button>
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('receivables.byCustomer')}
      </Typography.Title>
      <Table<Summary['customers'][number]>
        rowKey="customerId"
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={summary.data?.customers ?? []}
        data-testid="receivables-customers"
        columns={[
          { title: t('receivables.customer'), dataIndex: 'customerName', render: (v: string, r) => <a onClick={() => set({ customerId: r.customerId })}>{v}</a> },
          { title: t('receivables.ticket'), dataIndex: 'tickets', align: 'right' },
          ...columns.map((c) => ({ title: columnLabel(c), key: `a${c.index}`, align: 'right' as const, render: (_: unknown, r: Summary['customers'][number]) => fmt.yuan(r.byAgeing[c.index] ?? 0) })),
          { title: t('receivables.outstanding'), dataIndex: 'outstandingFen', align: 'right', render: (v: number) => <b>{fmt.yuan(v)}</b> },
        ]}
      />
    </Card>
  );
}
