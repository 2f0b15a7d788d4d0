import { Card, DatePicker, Empty, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { EChart } from '../../components/EChart';
import { useI18n } from '../../lib/i18n';
import { useAttainment, type AttainmentRow } from './api';
import { ExportButton } from '../../components/ExportButton';

const percent = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`);

/** SLA attainment by metric, team and month: met ÷ (met + breached) of clocks that ended in the period. */
export function AttainmentPage() {
  const { t, label } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(5, 'month').startOf('month'), dayjs().endOf('month')]);
  const [groupBy, setGroupBy] = useState<'metric' | 'team'>('metric');
  const from = range[0].startOf('day').toISOString();
  const to = range[1].endOf('day').toISOString();
  const data = useAttainment(from, to);
  const rows = useMemo(() => data.data?.items ?? [], [data.data]);

  const option = useMemo(() => {
    const months = [...new Set(rows.map((r) => r.month))].sort();
    const keyOf = (r: AttainmentRow) => (groupBy === 'metric' ? label('slaMetric', r.metric) : (r.team ?? t('sla.noTeam')));
    const series = [...new Set(rows.map(keyOf))].map((name) => ({
      name,
      type: 'bar',
      data: months.map((m) => {
        const group = rows.filter((r) => r.month === m && keyOf(r) === name);
        const met = group.reduce((s, r) => s + r.met, 0);
        const all = group.reduce((s, r) => s + r.met + r.breached, 0);
        return all ? Math.round((met * 1000) / all) / 10 : null;
      }),
    }));
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
      // One line that scrolls: many teams would otherwise wrap over the bars on a phone.
      legend: { type: 'scroll', top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series,
    };
  }, [rows, groupBy, label, t]);

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.attainment')}</Typography.Title>
        <Space wrap>
          <DatePicker.RangePicker picker="month" value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} />
          <Select
            value={groupBy}
            onChange={setGroupBy}
            style={{ width: 140 }}
            options={[
              { value: 'metric', label: t('sla.byMetric') },
              { value: 'team', label: t('sla.byTeam') },
            ]}
          />
          <ExportButton path="/api/v1/sla/attainment/export.xlsx" filter={{ from, to }} testId="attainment-export" />
        </Space>
      </div>
      {rows.length === 0 ? <Empty description={t('sla.noData')} /> : <EChart option={option} />}
      <Table<AttainmentRow>
        style={{ marginTop: 16 }}
        size="small"
        rowKey={(r) => `${r.month}:${r.metric}:${r.team}`}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('sla.month'), dataIndex: 'month' },
          { title: t('sla.metric'), dataIndex: 'metric', render: (m: string) => label('slaMetric', m) },
          { title: t('sla.team'), dataIndex: 'team', render: (v: string | null) => v ?? t('sla.noTeam') },
          { title: t('sla.met'), dataIndex: 'met' },
          { title: t('sla.breached'), dataIndex: 'breached' },
          { title: t('sla.attainment'), dataIndex: 'attainmentBp', render: percent },
        ]}
      />
    </Card>
  );
}
