import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { addMonths, localDate } from '../../../shared/time';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { usePayRuns, useStartPayRun, type PayRun } from './api';
import { RunStatusTag } from './PayLines';

/** The pay runs by month (all, or one month's), and a new run for a month (last month unless another is picked). */
export function PayRunsPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [shown, setShown] = useState<Dayjs | null>(null);
  const shownMonth = shown?.format('YYYY-MM');
  const runs = usePayRuns(shownMonth);
  const start = useStartPayRun();
  const onProblem = useProblemHandler();
  // Last month in the organisation's time zone, not the browser's.
  const [month, setMonth] = useState<Dayjs>(() => dayjs(addMonths(`${localDate(new Date(), fmt.timeZone).slice(0, 7)}-01`, -1)));

  const startRun = () =>
    start.mutate(month.format('YYYY-MM'), {
      onSuccess: (run) => {
        message.success(t('pay.runs.started', { month: run.month }));
        void navigate(`/pay-runs/${run.id}`);
      },
      onError: onProblem,
    });

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('pay.runs.title')}</Typography.Title>
        <Space wrap>
          <DatePicker picker="month" allowClear value={shown} onChange={(d) => setShown(d)} placeholder={t('pay.runs.filterMonth')} aria-label={t('pay.runs.filterMonth')} data-testid="pay-runs-filter-month" />
          <DatePicker picker="month" allowClear={false} value={month} onChange={(d) => d && setMonth(d)} data-testid="pay-run-month" />
          <Button type="primary" icon={<PlusOutlined />} loading={start.isPending} onClick={startRun} data-testid="pay-run-start">
            {t('pay.runs.start')}
          </Button>
        </Space>
      </div>
      <Table<PayRun>
        rowKey="id"
        size="small"
        loading={runs.isLoading}
        dataSource={runs.data ?? []}
        locale={{ emptyText: shownMonth ? t('pay.runs.noneInMonth', { month: shownMonth }) : t('pay.runs.none') }}
        pagination={{ pageSize: 24, hideOnSinglePage: true }}
        onRow={(run) => ({ onClick: () => void navigate(`/pay-runs/${run.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('pay.runs.month'), dataIndex: 'month', render: (v: string, run) => <Link to={`/pay-runs/${run.id}`}>{v}</Link> },
          { title: t('pay.runs.status'), dataIndex: 'status', render: (v: PayRun['status']) => <RunStatusTag status={v} /> },
          { title: t('pay.runs.people'), dataIndex: 'people', align: 'right' },
          { title: t('pay.runs.total'), dataIndex: 'totalFen', align: 'right', render: (v: number) => fmt.yuan(v) },
          { title: t('pay.runs.computedAt'), dataIndex: 'computedAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('pay.runs.lockedAt'), dataIndex: 'lockedAt', render: (v: string | null, run) => (v ? `${fmt.dateTime(v)} ${run.lockedBy?.name ?? ''}` : '—') },
        ]}
      />
    </Card>
  );
}
