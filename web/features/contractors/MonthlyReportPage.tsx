import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useMonthlyReport } from './api';

/** R9: a project's monthly repair report and its repair ledger (台账), with the Excel export and the group complaints. */
export function MonthlyReportPage() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const [query, setQuery] = useState({ estate: '', month: new Date().toISOString().slice(0, 7) });
  const report = useMonthlyReport(query.estate, query.month);
  const r = report.data;
  const href = `/api/v1/contractor-reports/monthly.xlsx?estate=${encodeURIComponent(query.estate)}&month=${query.month}`;

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('contractors.report.title')}</Typography.Title>
        <Space wrap>
          <Form layout="inline" initialValues={query} onFinish={(v: { estate: string; month: string }) => setQuery({ estate: v.estate.trim(), month: v.month.trim() })}>
            <Form.Item name="estate" rules={[{ required: true }]}>
              <Input placeholder={t('contractors.estate')} data-testid="report-estate" />
            </Form.Item>
            <Form.Item name="month" rules={[{ required: true, pattern: /^\d{4}-\d{2}$/ }]}>
              <Input placeholder="YYYY-MM" style={{ width: 100 }} data-testid="report-month" />
            </Form.Item>
            <Button htmlType="submit" type="primary" data-testid="report-show">
              {t('contractors.report.show')}
            </Button>
          </Form>
          {r && (
            <Button icon={<DownloadOutlined />} href={href} download data-testid="report-export">
              {t('contractors.report.export')}
            </Button>
          )}
          {r && (
            <Button href={href.replace('monthly.xlsx', 'monthly.pdf')} target="_blank">
              PDF
            </Button>
          )}
        </Space>
      </div>
      {r && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space size="large" wrap>
            <Statistic title={t('contractors.report.tickets')} value={r.totals.tickets} />
            <Statistic title={t('contractors.report.onTime')} value={r.totals.onTime} />
            <Statistic title={t('contractors.report.late')} value={r.totals.late} />
            <Statistic title={t('contractors.report.pending')} value={r.totals.pending} />
            <Statistic title={t('contractors.report.developerOwn')} value={r.totals.developerOwn} />
            <Statistic title={t('contractors.report.deducted')} value={fmt.yuan(r.totals.deductedFen)} />
          </Space>
          {r.clusters.length > 0 && (
            <Alert
              type="warning"
              showIcon
              message={t('contractors.report.clusters')}
              description={r.clusters.map((c) => `${c.building} ${label('trade', c.trade)}：${c.tickets}`).join('；')}
              data-testid="report-clusters"
            />
          )}
          <Table
            rowKey={(g) => `${g.trade}|${g.contractorId}`}
            size="small"
            pagination={false}
            dataSource={r.groups}
            columns={[
              { title: t('contractors.trade'), dataIndex: 'trade', render: (v: string | null) => (v ? label('trade', v) : '—') },
              { title: t('contractors.responsible'), dataIndex: 'contractorName', render: (v: string | null, g) => (v && g.contractorId ? <Link to={`/contractors/${g.contractorId}`}>{v}</Link> : t('contractors.report.developerOwn')) },
              { title: t('contractors.report.tickets'), dataIndex: 'tickets', align: 'right' },
              { title: t('contractors.report.onTime'), dataIndex: 'onTime', align: 'right' },
              { title: t('contractors.report.late'), dataIndex: 'late', align: 'right' },
              { title: t('contractors.report.pending'), dataIndex: 'pending', align: 'right' },
              { title: t('contractors.report.deducted'), dataIndex: 'deductedFen', align: 'right', render: (v: number) => fmt.yuan(v) },
            ]}
          />
          <Typography.Title level={5}>{t('contractors.report.ledger')}</Typography.Title>
          <Table
            rowKey="id"
            size="small"
            dataSource={r.tickets}
            pagination={{ pageSize: 50 }}
            data-testid="report-ledger"
            columns={[
              { title: t('contractors.ticket'), dataIndex: 'number', render: (v: string, row) => <Link to={`/tickets/${row.id}`}>{v}</Link> },
              { title: t('contractors.report.reportedAt'), dataIndex: 'reportedAt', render: (v: string) => fmt.dateTime(v) },
              { title: t('contractors.building'), dataIndex: 'building' },
              { title: t('contractors.report.unitRoom'), key: 'unitRoom', render: (_: unknown, row) => [row.unit, row.room].filter(Boolean).join(' ') },
              { title: t('contractors.trade'), dataIndex: 'trade', render: (v: string | null) => (v ? label('trade', v) : '—') },
              { title: t('contractors.responsible'), dataIndex: 'contractorName', render: (v: string | null) => v ?? t('contractors.report.developerOwn') },
              { title: t('contractors.report.status'), dataIndex: 'status', render: (v: string) => label('status', v) },
              { title: t('contractors.report.onSite'), dataIndex: 'onSite', render: (v: string) => <Tag color={v === 'late' ? 'red' : v === 'on_time' ? 'green' : undefined}>{label('onSite', v)}</Tag> },
              { title: t('contractors.report.deducted'), dataIndex: 'deductedFen', align: 'right', render: (v: number) => fmt.yuan(v) },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
