import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { formatYuan } from '../../../shared/money';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useDebounced } from '../../lib/use-debounced';
import { useStockLocations } from './api-counts';
import {
  exportUrl,
  useForecast,
  usePartSearch,
  useReorderRules,
  useRemoveRule,
  useSetRule,
  useSlowMoving,
  useSuggestions,
  useUnusualUsage,
  type Forecast,
  type ReorderRule,
  type SlowMover,
  type Suggestion,
  type Unusual,
} from './api-planning';

function ExportButton({ href }: { href: string }) {
  const { t } = useI18n();
  return (
    <a href={href} download>
      <Button icon={<DownloadOutlined />}>{t('parts.planning.export')}</Button>
    </a>
  );
}

/** C4: reorder rules, and what is below them now (the daily job lists the same each morning). */
function ReorderTab() {
  const { t, locale } = useI18n();
  const f = useFormat();
  const { message } = App.useApp();
  const rules = useReorderRules();
  const suggestions = useSuggestions();
  const locations = useStockLocations();
  const setRule = useSetRule();
  const remove = useRemoveRule();
  const [search, setSearch] = useState('');
  const parts = usePartSearch(useDebounced(search, 250));
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  const s = suggestions.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card size="small" title={t('parts.planning.suggestions')} extra={<ExportButton href={exportUrl('purchase-suggestions')} />}>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={s?.dailyRunAt ? t('parts.planning.dailyRun', { at: f.dateTime(s.dailyRunAt), count: s.dailyCount ?? 0 }) : t('parts.planning.dailyNever')}
          description={s ? t('parts.planning.suggestionsTotal', { value: formatYuan(s.totalFen, locale) }) : undefined}
        />
        <Table<Suggestion>
          rowKey={(r) => `${r.partId}:${r.locationId}`}
          size="small"
          loading={suggestions.isFetching}
          dataSource={s?.items ?? []}
          locale={{ emptyText: t('parts.planning.noSuggestions') }}
          scroll={{ x: 'max-content' }}
          pagination={false}
          columns={[
            { title: t('parts.counts.column.number'), dataIndex: 'partNumber' },
            { title: t('parts.counts.column.name'), dataIndex: 'partName' },
            { title: t('parts.planning.column.location'), dataIndex: 'locationName' },
            { title: t('parts.planning.column.reorderPoint'), dataIndex: 'reorderPoint', align: 'right' },
            { title: t('parts.planning.column.position'), dataIndex: 'position', align: 'right' },
            { title: t('parts.planning.column.suggested'), dataIndex: 'suggested', align: 'right', render: (v: number, r) => <strong>{`${v} ${r.unit}`}</strong> },
            { title: t('parts.planning.column.value'), dataIndex: 'valueFen', align: 'right', render: (v: number) => formatYuan(v, locale) },
          ]}
        />
      </Card>
      <Card size="small" title={t('parts.planning.rules')}>
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 12, rowGap: 8 }}
          onFinish={(v: { partId: string; locationId: string; reorderPoint: number; reorderQuantity: number }) =>
            setRule.mutate(v, {
              onSuccess: () => {
                message.success(t('parts.planning.ruleSaved'));
                form.resetFields();
              },
              onError: onProblem,
            })
          }
        >
          <Form.Item name="partId" label={t('parts.planning.part')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setSearch}
              placeholder={t('parts.planning.partSearch')}
              style={{ width: 240 }}
              options={(parts.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.number} ${p.name}` }))}
            />
          </Form.Item>
          <Form.Item name="locationId" label={t('parts.planning.column.location')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select style={{ width: 180 }} options={(locations.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))} />
          </Form.Item>
          <Form.Item name="reorderPoint" label={t('parts.planning.column.reorderPoint')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="reorderQuantity" label={t('parts.planning.column.reorderQuantity')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={0.001} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={setRule.isPending}>
            {t('parts.planning.addRule')}
          </Button>
        </Form>
        <Table<ReorderRule>
          rowKey={(r) => `${r.partId}:${r.locationId}`}
          size="small"
          loading={rules.isFetching}
          dataSource={rules.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('parts.counts.column.number'), dataIndex: 'partNumber' },
            { title: t('parts.counts.column.name'), dataIndex: 'partName' },
            { title: t('parts.planning.column.location'), dataIndex: 'locationName' },
            { title: t('parts.planning.column.reorderPoint'), dataIndex: 'reorderPoint', align: 'right' },
            { title: t('parts.planning.column.reorderQuantity'), dataIndex: 'reorderQuantity', align: 'right' },
            { title: t('parts.planning.column.onHand'), dataIndex: 'onHand', align: 'right' },
            { title: t('parts.planning.column.available'), dataIndex: 'available', align: 'right' },
            { title: t('parts.planning.column.inTransit'), dataIndex: 'inTransit', align: 'right' },
            {
              title: '',
              key: 'remove',
              render: (_, r) => (
                <Popconfirm title={t('parts.planning.remove')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate({ partId: r.partId, locationId: r.locationId }, { onSuccess: () => message.success(t('parts.planning.ruleRemoved')), onError: showProblem })}>
                  <Button type="link" danger size="small">
                    {t('parts.planning.remove')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** C4: slow-moving stock with its value, per location. */
function SlowTab() {
  const { t, locale } = useI18n();
  const f = useFormat();
  const slow = useSlowMoving();
  return (
    <Card size="small" extra={<ExportButton href={exportUrl('slow-moving')} />} title={slow.data ? t('parts.planning.slowHint', { days: slow.data.days, value: formatYuan(slow.data.totalFen, locale) }) : t('parts.planning.slowMoving')}>
      <Table<SlowMover>
        rowKey={(r) => `${r.partId}:${r.locationId}`}
        size="small"
        loading={slow.isFetching}
        dataSource={slow.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('parts.counts.column.number'), dataIndex: 'partNumber' },
          { title: t('parts.counts.column.name'), dataIndex: 'partName' },
          { title: t('parts.planning.column.category'), dataIndex: 'category' },
          { title: t('parts.planning.column.location'), dataIndex: 'locationName' },
          { title: t('parts.planning.column.onHand'), dataIndex: 'onHand', align: 'right', render: (v: number, r) => `${v} ${r.unit}` },
          { title: t('parts.planning.column.idleDays'), dataIndex: 'idleDays', align: 'right' },
          { title: t('parts.planning.column.lastConsumed'), dataIndex: 'lastConsumedAt', render: (v: string | null) => f.date(v) },
          { title: t('parts.planning.column.value'), dataIndex: 'valueFen', align: 'right', render: (v: number) => formatYuan(v, locale) },
        ]}
      />
    </Card>
  );
}

/** C4, C5: who or what used far more of a part in a month than its own history. */
function UnusualTab() {
  const { t } = useI18n();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const usage = useUnusualUsage(month);
  const u = usage.data;
  return (
    <Card
      size="small"
      title={u ? t('parts.planning.unusualHint', { month: u.month, months: u.historyMonths, factor: u.factorBp / 10_000, minimum: u.minimum }) : t('parts.planning.unusualUsage')}
      extra={
        <Space>
          <Input.Search placeholder="2026-11" defaultValue={month} onSearch={(v) => setMonth(/^\d{4}-\d{2}$/.test(v) ? v : undefined)} style={{ width: 150 }} aria-label={t('parts.planning.month')} />
          <ExportButton href={exportUrl('unusual-usage', { month: u?.month })} />
        </Space>
      }
    >
      <Table<Unusual>
        rowKey={(r) => `${r.subject}:${r.subjectId}:${r.partId}`}
        size="small"
        loading={usage.isFetching}
        dataSource={u?.items ?? []}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('parts.planning.column.subject'), dataIndex: 'subject', render: (v: Unusual['subject']) => t(`enum.usageSubject.${v}`) },
          { title: t('parts.planning.column.subjectName'), dataIndex: 'subjectName' },
          { title: t('parts.counts.column.number'), dataIndex: 'partNumber' },
          { title: t('parts.counts.column.name'), dataIndex: 'partName' },
          { title: t('parts.planning.column.quantity'), dataIndex: 'quantity', align: 'right', render: (v: number, r) => `${v} ${r.unit}` },
          { title: t('parts.planning.column.average'), dataIndex: 'average', align: 'right' },
          { title: t('parts.planning.column.factor'), dataIndex: 'factorBp', align: 'right', render: (v: number | null) => (v === null ? t('parts.planning.noHistory') : `${(v / 10_000).toFixed(1)}×`) },
        ]}
      />
    </Card>
  );
}

/** C6: the monthly forecast per part and next year's budget per part and category, with the assumptions. */
function ForecastTab() {
  const { t, locale } = useI18n();
  const [growth, setGrowth] = useState(0);
  const forecast = useForecast(Math.round(growth * 100));
  const data = forecast.data;
  const a = data?.assumptions;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        size="small"
        title={data ? t('parts.planning.totalBudget', { value: formatYuan(data.totalFen, locale) }) : t('parts.planning.forecast')}
        extra={
          <Space>
            <span>{t('parts.planning.growth')}</span>
            <InputNumber value={growth} min={-100} max={1000} step={5} onChange={(v) => setGrowth(v ?? 0)} />
            <ExportButton href={exportUrl('forecast', { growthBp: Math.round(growth * 100) })} />
          </Space>
        }
      >
        {a && (
          <Descriptions size="small" column={1} title={t('parts.planning.assumptions')} bordered>
            <Descriptions.Item>{t('parts.planning.assumption.method')}</Descriptions.Item>
            <Descriptions.Item>{t('parts.planning.assumption.history', { from: a.historyFrom, to: a.historyTo, months: a.historyMonths })}</Descriptions.Item>
            <Descriptions.Item>{t('parts.planning.assumption.horizon', { from: a.forecastFrom, to: a.forecastTo })}</Descriptions.Item>
            <Descriptions.Item>{t('parts.planning.assumption.growth', { percent: a.growthBp / 100 })}</Descriptions.Item>
            <Descriptions.Item>{t('parts.planning.assumption.cost', { day: a.costPriceOn })}</Descriptions.Item>
            <Descriptions.Item>{t('parts.planning.assumption.consumption')}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card size="small" title={t('parts.planning.budgetByCategory')}>
        <Table<Forecast['categories'][number]>
          rowKey="categoryId"
          size="small"
          pagination={false}
          loading={forecast.isFetching}
          dataSource={data?.categories ?? []}
          columns={[
            { title: t('parts.planning.column.category'), dataIndex: 'category' },
            { title: t('parts.planning.column.budgetQuantity'), dataIndex: 'quantity', align: 'right' },
            { title: t('parts.planning.column.budget'), dataIndex: 'budgetFen', align: 'right', render: (v: number) => formatYuan(v, locale) },
          ]}
        />
      </Card>
      <Card size="small" title={t('parts.planning.forecast')}>
        <Table<Forecast['parts'][number]>
          rowKey="partId"
          size="small"
          loading={forecast.isFetching}
          dataSource={data?.parts ?? []}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('parts.counts.column.number'), dataIndex: 'partNumber', fixed: 'left' },
            { title: t('parts.counts.column.name'), dataIndex: 'partName' },
            ...(data?.months ?? []).map((m, i) => ({ title: m.slice(2), key: m, align: 'right' as const, render: (_: unknown, p: Forecast['parts'][number]) => p.forecast[i] })),
            { title: t('parts.planning.column.budgetQuantity'), dataIndex: 'budgetQuantity', align: 'right' },
            { title: t('parts.planning.column.budget'), dataIndex: 'budgetFen', align: 'right', render: (v: number) => formatYuan(v, locale) },
          ]}
        />
      </Card>
    </Space>
  );
}

/** Parts planning (C4, C5, C6) for the parts administrator. */
export function PlanningPage() {
  const { t } = useI18n();
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.stockPlanning')}</Typography.Title>
      </div>
      <Tabs
        items={[
          { key: 'reorder', label: t('parts.planning.suggestions'), children: <ReorderTab /> },
          { key: 'slow', label: t('parts.planning.slowMoving'), children: <SlowTab /> },
          { key: 'unusual', label: t('parts.planning.unusualUsage'), children: <UnusualTab /> },
          { key: 'forecast', label: t('parts.planning.forecast'), children: <ForecastTab /> },
        ]}
      />
    </Card>
  );
}
