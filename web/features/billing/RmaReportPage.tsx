import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RmaReport } from '../../../shared/contracts/billing-rma';
import type { Wire } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useOverdueAdvances, useRmaReport } from './api-rma';

type Row = Wire<RmaReport>['byBatch'][number];

/** This month on the organisation's calendar (the report's months are its own, not the browser's). */
const monthIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);

const percent = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(2)}%`);

/**
 * C5, the month's mail-in repairs: units received, repair success, DOA count and rate per
 * product and per batch (lot or serial range), exportable to Excel; and the advance
 * replacements whose faulty unit is overdue.
 */
export function RmaReportPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const [month, setMonth] = useState(() => monthIn(fmt.timeZone));
  const report = useRmaReport(month);
  const overdue = useOverdueAdvances();
  const figures = [
    { title: t('billing.rma.report.received'), dataIndex: 'received', align: 'right' as const },
    { title: t('billing.rma.report.decided'), dataIndex: 'decided', align: 'right' as const },
    { title: t('billing.rma.report.succeeded'), dataIndex: 'succeeded', align: 'right' as const },
    { title: t('billing.rma.report.successRate'), dataIndex: 'repairSuccessBp', align: 'right' as const, render: percent },
    { title: t('billing.rma.report.doa'), dataIndex: 'doa', align: 'right' as const },
    { title: t('billing.rma.report.doaRate'), dataIndex: 'doaRateBp', align: 'right' as const, render: percent },
  ];
  const data = report.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card>
        <div className="page-head">
          <Typography.Title level={4}>{t('rma.report.title')}</Typography.Title>
          <Space wrap>
            <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} data-testid="rma-report-month" />
            <Button icon={<DownloadOutlined />} href={`/api/v1/rma/report.xlsx?month=${month}`} download>
              {t('rma.report.export')}
            </Button>
          </Space>
        </div>
        <Typography.Title level={5}>{t('billing.rma.report.byProduct')}</Typography.Title>
        <Table
          size="small"
          rowKey={(r) => r.productId ?? r.productName ?? ''}
          loading={report.isLoading}
          dataSource={data?.byProduct ?? []}
          pagination={false}
          data-testid="rma-report-products"
          columns={[{ title: t('billing.rma.report.product'), dataIndex: 'productName' }, ...figures]}
          summary={() =>
            data ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <b>{t('billing.rma.report.total')}</b>
                </Table.Summary.Cell>
                {[data.total.received, data.total.decided, data.total.succeeded, percent(data.total.repairSuccessBp), data.total.doa, percent(data.total.doaRateBp)].map((v, i) => (
                  <Table.Summary.Cell key={i} index={i + 1} align="right">
                    <b>{v}</b>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('billing.rma.report.byBatch')}
        </Typography.Title>
        <Table<Row>
          size="small"
          rowKey={(r) => `${r.productId ?? r.productName ?? ''}|${r.batch ?? ''}`}
          loading={report.isLoading}
          dataSource={data?.byBatch ?? []}
          pagination={false}
          data-testid="rma-report-batches"
          columns={[{ title: t('billing.rma.report.product'), dataIndex: 'productName' }, { title: t('billing.rma.report.batch'), dataIndex: 'batch', render: (b: string | null) => b ?? '—' }, ...figures]}
        />
      </Card>
      <Card title={t('rma.report.overdue')}>
        <Table
          size="small"
          rowKey="ticketId"
          loading={overdue.isLoading}
          dataSource={overdue.data ?? []}
          pagination={false}
          columns={[
            { title: t('rma.report.ticket'), dataIndex: 'ticketNumber', render: (n: string, r) => <Link to={`/tickets/${r.ticketId}`}>{n}</Link> },
            { title: t('rma.report.customer'), dataIndex: 'customerName' },
            { title: t('rma.replacementSerial'), dataIndex: 'replacementSerial' },
            { title: t('rma.advance.deposit'), dataIndex: 'depositFen', align: 'right', render: (f: number) => fmt.yuan(f) },
            { title: t('rma.report.dueOn'), dataIndex: 'dueOn' },
            { title: t('rma.report.daysOverdue'), dataIndex: 'daysOverdue', align: 'right' },
          ]}
        />
      </Card>
    </Space>
  );
}
