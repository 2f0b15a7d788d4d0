import { Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { formatYuan } from '../../../shared/money';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { useCounts, useCreateCount, useStockLocations, type Count } from './api-counts';

const STATUS_COLOR = { open: 'processing', posted: 'success', cancelled: 'default' } as const;

export function CountStatusTag({ status }: { status: Count['status'] }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`enum.countStatus.${status}`)}</Tag>;
}

/** Stock counts (盘点): every sheet with its progress, and a new sheet for a location. */
export function CountsPage() {
  const { t, locale } = useI18n();
  const f = useFormat();
  const navigate = useNavigate();
  const me = useMe();
  const counts = useCounts();
  const locations = useStockLocations();
  const create = useCreateCount();
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const canCount = hasPermission(me.data, 'stock.move');
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('counts.title')}</Typography.Title>
      </div>
      {canCount && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 16, rowGap: 8 }}
          onFinish={(v: { locationId: string; note?: string }) => create.mutate(v, { onSuccess: (c) => navigate(`/stock/counts/${c.id}`), onError: onProblem })}
        >
          <Form.Item name="locationId" label={t('counts.location')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select
              style={{ minWidth: 220 }}
              data-testid="count-location"
              showSearch
              optionFilterProp="label"
              loading={locations.isLoading}
              options={(locations.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.name}（${t(`enum.locationKind.${l.kind}`)}）` }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('counts.note')}>
            <Input style={{ width: 200 }} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="count-create">
            {t('counts.create')}
          </Button>
        </Form>
      )}
      <Table<Count>
        rowKey="id"
        loading={counts.isFetching}
        dataSource={counts.data?.items ?? []}
        locale={{ emptyText: t('counts.empty') }}
        scroll={{ x: 'max-content' }}
        onRow={(c) => ({ onClick: () => navigate(`/stock/counts/${c.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('counts.number'), dataIndex: 'number', render: (n: string) => <a data-testid="count-link">{n}</a> },
          { title: t('counts.location'), dataIndex: 'locationName' },
          { title: t('counts.status'), dataIndex: 'status', render: (s: Count['status']) => <CountStatusTag status={s} /> },
          { title: t('counts.counted'), key: 'progress', render: (_, c) => `${c.counted} / ${c.lines}` },
          { title: t('counts.differences'), dataIndex: 'differences' },
          { title: t('counts.differenceValue'), dataIndex: 'differenceValueFen', render: (v: number) => formatYuan(v, locale) },
          { title: t('counts.createdAt'), dataIndex: 'createdAt', render: (v: string) => f.dateTime(v) },
          { title: t('counts.createdBy'), dataIndex: 'createdByName' },
          { title: t('counts.postedAt'), dataIndex: 'postedAt', render: (v: string | null) => (v ? <Space size={4}>{f.dateTime(v)}</Space> : '—') },
        ]}
      />
    </Card>
  );
}
