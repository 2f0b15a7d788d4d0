import { App, Button, Card, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { OLD_PART_CONDITIONS } from '../../../shared/contracts/parts';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { useLocations, useOldPartReturns, useOverdueByTechnician, useReceiveOldPart, type OldPartReturn } from './api-tickets';

type State = 'open' | 'overdue' | 'returned' | 'all';

/** Old parts replaced in warranty, due back by a date; the parts administrator records each return and sees who is overdue. */
export function OldPartReturnsPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const fmt = useFormat();
  const me = useMe();
  const canReceive = hasPermission(me.data, 'stock.move');
  const [state, setState] = useState<State>('open');
  const list = useOldPartReturns({ state });
  const overdue = useOverdueByTechnician(canReceive);
  const warehouses = useLocations('warehouse');
  const receive = useReceiveOldPart();
  const [receiving, setReceiving] = useState<OldPartReturn | null>(null);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canReceive && (overdue.data?.items ?? []).length > 0 && (
        <Card size="small" title={t('oldParts.overdueByTechnician')} data-testid="overdue-by-technician">
          <Space wrap>
            {overdue.data!.items.map((o) => (
              <Tag key={o.technicianId} color="red">
                {o.technicianName} × {o.count}
              </Tag>
            ))}
          </Space>
        </Card>
      )}
      <Card
        title={t('oldParts.title')}
        extra={<Segmented value={state} onChange={(v) => setState(v as State)} options={(['open', 'overdue', 'returned', 'all'] as const).map((s) => ({ value: s, label: t(`oldParts.state.${s}`) }))} />}
      >
        <Table
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('oldParts.empty') }}
          scroll={{ x: true }}
          pagination={false}
          columns={[
            { title: t('requisitions.ticket'), dataIndex: 'ticketNumber' },
            { title: t('ticketParts.part'), render: (_, r) => `${r.partNumber} ${r.partName} × ${r.quantity}` },
            { title: t('requisitions.technician'), dataIndex: 'technicianName' },
            { title: t('oldParts.expectedSerial'), render: (_, r) => r.expectedSerial ?? '—' },
            { title: t('oldParts.due'), render: (_, r) => (r.overdue ? <Tag color="red">{`${fmt.date(r.dueAt)} ${t('oldParts.overdue')}`}</Tag> : fmt.date(r.dueAt)) },
            {
              title: '',
              render: (_, r) =>
                r.returnedAt ? (
                  <Typography.Text type="secondary" data-testid="old-part-returned">
                    {t('oldParts.received')} {fmt.short(r.returnedAt)} · {r.serial ?? '—'} · {label('oldPartCondition', r.condition)}
                  </Typography.Text>
                ) : canReceive ? (
                  <Button
                    size="small"
                    onClick={() => {
                      form.setFieldsValue({ serial: r.expectedSerial ?? '', condition: 'faulty', locationId: warehouses.data?.items[0]?.id, note: '' });
                      setReceiving(r);
                    }}
                    data-testid="old-part-receive"
                  >
                    {t('oldParts.receive')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal open={receiving !== null} title={t('oldParts.receive')} okText={t('common.confirm')} cancelText={t('common.cancel')} onCancel={() => setReceiving(null)} onOk={() => form.submit()}>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { locationId: string; serial?: string; condition: (typeof OLD_PART_CONDITIONS)[number]; note?: string }) =>
            receive.mutate(
              { id: receiving!.id, body: { locationId: v.locationId, serial: v.serial?.trim() || null, condition: v.condition, note: v.note || null } },
              {
                onSuccess: () => {
                  message.success(t('oldParts.received'));
                  setReceiving(null);
                },
                onError: onProblem,
              },
            )
          }
        >
          <Form.Item name="serial" label={t('ticketParts.serial')}>
            <Input data-testid="old-part-serial" />
          </Form.Item>
          <Form.Item name="condition" label={t('oldParts.condition')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={OLD_PART_CONDITIONS.map((c) => ({ value: c, label: label('oldPartCondition', c) }))} data-testid="old-part-condition" />
          </Form.Item>
          <Form.Item name="locationId" label={t('oldParts.returnTo')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={(warehouses.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))} />
          </Form.Item>
          <Form.Item name="note" label={t('requisitions.note')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
