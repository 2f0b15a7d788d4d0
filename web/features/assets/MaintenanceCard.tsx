import { App, Button, Card, DatePicker, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { MAINTENANCE_KINDS, type MaintenanceKind } from '../../../shared/contracts/maintenance';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { useAssetMaintenance, useRecordMaintenance, type AssetMaintenance, type MaintenanceRecord } from './api';

type PlanItem = AssetMaintenance['items'][number];

/**
 * 保养计划 (W2, E4) on the asset's page: each item with its due day (overdue in red), when it
 * was last done and the rule and setting behind it; a form to record one done, and the history.
 */
export function MaintenanceCard({ assetId }: { assetId: string }) {
  const me = useMe();
  if (!hasPermission(me.data, 'assets.read')) return null;
  return <Maintenance assetId={assetId} canRecord={hasPermission(me.data, 'assets.write')} />;
}

function Maintenance({ assetId, canRecord }: { assetId: string; canRecord: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const plan = useAssetMaintenance(assetId);
  const record = useRecordMaintenance(assetId);
  const [form] = Form.useForm<{ kind: MaintenanceKind; doneOn: Dayjs; note?: string }>();
  const failed = useProblemHandler(form);
  const items = plan.data?.items ?? [];
  const history = plan.data?.history ?? [];
  const kinds = items.length ? items.map((i) => i.kind) : [...MAINTENANCE_KINDS];
  const submit = (v: { kind: MaintenanceKind; doneOn: Dayjs; note?: string }) =>
    record.mutate(
      { kind: v.kind, doneOn: v.doneOn.format('YYYY-MM-DD'), note: v.note?.trim() || null },
      {
        onSuccess: () => {
          message.success(t('care.maintenance.recorded'));
          form.resetFields();
        },
        onError: failed,
      },
    );
  return (
    <Card title={t('care.maintenance.title')} data-testid="asset-maintenance">
      <Table<PlanItem>
        size="small"
        rowKey="kind"
        loading={plan.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('care.maintenance.none')} /> }}
        onRow={(r) => ({ 'data-testid': `maintenance-item-${r.kind}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('care.maintenance.kind'), dataIndex: 'kind', width: 160, render: (k: string) => label('maintenanceKind', k) },
          {
            title: t('care.maintenance.dueOn'),
            dataIndex: 'dueOn',
            width: 170,
            render: (day: string, r) => (
              <Space size={4}>
                <Typography.Text type={r.overdue ? 'danger' : undefined} data-testid={`maintenance-due-${r.kind}`}>
                  {day}
                </Typography.Text>
                {r.overdue && <Tag color="red">{t('care.maintenance.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('care.maintenance.lastDoneOn'), dataIndex: 'lastDoneOn', width: 120, render: (d: string | null) => d ?? '—' },
          {
            title: t('care.maintenance.basis'),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span className="muted">
                  {t('care.maintenance.basisText', { rule: r.basis.rule, months: r.basis.months, setting: t(`settings.${r.basis.setting}` as never), from: t(`care.maintenance.from.${r.basis.from}` as never) })}
                </span>
                {r.basis.stretched && <Tag color="green">{t('care.maintenance.stretched')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      {canRecord && (
        <Form form={form} layout="inline" onFinish={submit} style={{ marginTop: 16, rowGap: 8 }} data-testid="maintenance-form">
          <Form.Item name="kind" label={t('care.maintenance.kind')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select style={{ width: 180 }} options={kinds.map((k) => ({ value: k, label: label('maintenanceKind', k) }))} data-testid="maintenance-kind" />
          </Form.Item>
          <Form.Item name="doneOn" label={t('care.maintenance.doneOn')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker data-testid="maintenance-done-on" />
          </Form.Item>
          <Form.Item name="note" label={t('care.maintenance.note')}>
            <Input style={{ width: 220 }} maxLength={500} data-testid="maintenance-note" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="maintenance-submit">
              {t('care.maintenance.record')}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('care.maintenance.history')}
      </Typography.Title>
      <Table<MaintenanceRecord>
        size="small"
        rowKey="id"
        dataSource={history}
        pagination={history.length > 10 ? { pageSize: 10 } : false}
        scroll={{ x: 560 }}
        data-testid="maintenance-history"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('care.maintenance.noHistory')} /> }}
        columns={[
          { title: t('care.maintenance.doneOn'), dataIndex: 'doneOn', width: 120 },
          { title: t('care.maintenance.kind'), dataIndex: 'kind', width: 160, render: (k: string) => label('maintenanceKind', k) },
          { title: t('care.maintenance.doneBy'), render: (_, r) => r.doneBy.name, width: 120 },
          { title: t('care.maintenance.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
        ]}
      />
    </Card>
  );
}
