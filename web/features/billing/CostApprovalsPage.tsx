import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Segmented, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { queryString, useApproveCost, useCosts, type Cost, type CostFilter } from './api-money';
import { CostStatusTag, ReceiptCell } from './CostsCard';
import { CostDecision } from './CostDecision';

/** M7: the costs technicians entered, waiting for approval (oldest first), and those decided, with the Excel export. */
export function CostApprovalsPage() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const canApprove = hasPermission(me.data, 'costs.approve');
  const [filter, setFilter] = useState<CostFilter>({ status: 'pending' });
  const costs = useCosts(filter);
  const approve = useApproveCost();
  const showProblem = useProblemHandler();
  const [rejecting, setRejecting] = useState<Cost | null>(null);
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('costs.approvalTitle')}</Typography.Title>
        <Button icon={<DownloadOutlined />} href={`/api/v1/costs/export.xlsx${queryString(filter)}`} download>
          {t('costs.export')}
        </Button>
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={filter.status ?? 'all'}
          onChange={(v) => setFilter((f) => ({ ...f, status: v === 'all' ? undefined : (v as CostFilter['status']) }))}
          options={[...(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: label('costStatus', s) })), { value: 'all', label: t('receivables.all') }]}
        />
        <DatePicker picker="month" onChange={(d: Dayjs | null) => setFilter((f) => ({ ...f, month: d ? d.format('YYYY-MM') : undefined }))} />
      </Space>
      <Table<Cost>
        rowKey="id"
        size="small"
        loading={costs.isFetching}
        dataSource={costs.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="cost-approvals"
        columns={[
          { title: t('costs.ticket'), dataIndex: 'ticketNumber', render: (v: string, r) => <Link to={`/tickets/${r.ticketId}`}>{v}</Link> },
          { title: t('costs.kind'), dataIndex: 'kind', render: (v: string) => label('costKind', v) },
          { title: t('costs.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => fmt.yuan(v) },
          { title: t('costs.note'), dataIndex: 'note', render: (v: string | null, r) => v ?? r.rejectReason ?? '—' },
          { title: t('costs.enteredBy'), dataIndex: ['enteredBy', 'name'] },
          { title: t('costs.enteredAt'), dataIndex: 'enteredAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('costs.receipt'), dataIndex: 'receiptId', render: (_: string, r) => <ReceiptCell cost={r} /> },
          { title: t('costs.status'), dataIndex: 'status', render: (_: string, r) => <CostStatusTag cost={r} /> },
          {
            title: '',
            dataIndex: 'id',
            render: (_: string, r) =>
              canApprove && r.status === 'pending' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => approve.mutate(r, { onSuccess: () => message.success(t('costs.approvedCount', { count: 1 })), onError: showProblem })} data-testid={`approve-${r.id}`}>
                    {t('costs.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setRejecting(r)}>
                    {t('costs.reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <CostDecision cost={rejecting} onClose={() => setRejecting(null)} />
    </Card>
  );
}
