import { CheckOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Modal, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { addressInput } from '../../../shared/contracts/customers';
import { schemaRule } from '../../lib/form-rules';
import { useProblemHandler } from '../../lib/problems';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/now';
import { useAddAddress, useCorrectAddress } from '../../lib/queries/customers';
import { useCompleteTask, useTasks, type Task } from './api';

/**
 * H6: the wrong address is put right on the customer's record (the wrong one kept, marked), and
 * the task is done in the same step.
 */
function CorrectAddressModal({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const [form] = Form.useForm();
  const failed = useProblemHandler(form);
  const correct = useCorrectAddress();
  const addAddress = useAddAddress();
  const complete = useCompleteTask();
  const finish = (v: { line: string; city?: string; district?: string }) => {
    if (!task) return;
    const done = () =>
      complete.mutate(task.id, {
        onSuccess: () => {
          message.success(t('task.addressCorrected'));
          onClose();
        },
        onError: showProblem,
      });
    const correction = { line: v.line, city: v.city || null, district: v.district || null };
    if (task.addressId) correct.mutate({ customerId: task.customer.id, addressId: task.addressId, invalid: true, correction }, { onSuccess: done, onError: failed });
    // No address was on the ticket: the right one becomes the customer's default.
    else addAddress.mutate({ customerId: task.customer.id, address: { ...correction, isDefault: true } }, { onSuccess: done, onError: failed });
  };
  return (
    <Modal
      open={!!task}
      title={t('address.correct')}
      okText={t('task.correctAndFinish')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={correct.isPending || addAddress.isPending || complete.isPending}
      destroyOnHidden
    >
      {task?.address && (
        <Typography.Paragraph>
          {t('task.wrongAddress')}：<Typography.Text delete>{task.address}</Typography.Text>
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary">{t('address.correctHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} onFinish={finish}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="city" label={t('address.city')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="district" label={t('address.district')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="line" label={t('address.line')} rules={[schemaRule(addressInput.shape.line, locale)]}>
          <Input data-testid="task-address-line" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Follow-up tasks (H6 first): what is due today, most urgent first, until someone marks it done. */
export function TasksPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const fmt = useFormat();
  const now = useNow();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const tasks = useTasks(status);
  const complete = useCompleteTask();
  const [correcting, setCorrecting] = useState<Task | null>(null);
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.tasks')}</Typography.Title>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as 'open' | 'done')}
          options={[
            { value: 'open', label: t('task.open') },
            { value: 'done', label: t('task.done') },
          ]}
        />
      </div>
      <Table<Task>
        rowKey="id"
        loading={tasks.isLoading}
        dataSource={tasks.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        data-testid="task-list"
        columns={[
          {
            title: t('task.dueAt'),
            render: (_, r) => {
              const overdue = !r.doneAt && new Date(r.dueAt).getTime() < now;
              return <Typography.Text type={overdue ? 'danger' : undefined}>{fmt.dateTime(r.dueAt)}{overdue ? ` · ${t('task.overdue')}` : ''}</Typography.Text>;
            },
          },
          { title: t('task.kind'), render: (_, r) => <Tag color="orange">{label('taskKind', r.kind)}</Tag> },
          { title: t('ticket.customer'), render: (_, r) => <Link to={`/customers/${r.customer.id}`}>{r.customer.name}</Link> },
          { title: t('ticket.number'), render: (_, r) => (r.ticket ? <Link to={`/tickets/${r.ticket.id}`}>{r.ticket.number}</Link> : '—') },
          {
            title: t('task.detail'),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {r.kind === 'maintenance_due' && r.assetId && r.maintenanceKind ? (
                  // A1: due maintenance to invite the customer to, with its asset.
                  <Link to={`/assets/${r.assetId}`} data-testid="task-maintenance">
                    {t('care.maintenance.taskItem', { kind: label('maintenanceKind', r.maintenanceKind), day: r.maintenanceDueOn ?? '' })}
                  </Link>
                ) : (
                  <span>{r.address ?? '—'}</span>
                )}
                {r.note && <span className="muted">{r.note}</span>}
              </Space>
            ),
          },
          { title: t('task.raisedBy'), render: (_, r) => <span className="muted">{`${r.createdBy?.name ?? t('event.system')} · ${fmt.short(r.createdAt)}`}</span> },
          status === 'open'
            ? {
                title: '',
                key: 'actions',
                render: (_, r) => (
                  <Space>
                    {r.kind !== 'maintenance_due' && (
                      <Button size="small" type="primary" icon={<EnvironmentOutlined />} onClick={() => setCorrecting(r)} data-testid="task-correct">
                        {t('address.correct')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      icon={<CheckOutlined />}
                      loading={complete.isPending && complete.variables === r.id}
                      onClick={() => complete.mutate(r.id, { onSuccess: () => message.success(t('task.marked')) })}
                    >
                      {t('task.markDone')}
                    </Button>
                  </Space>
                ),
              }
            : { title: t('task.doneBy'), render: (_, r) => `${r.doneBy?.name ?? ''} · ${fmt.short(r.doneAt)}` },
        ]}
      />
      <CorrectAddressModal task={correcting} onClose={() => setCorrecting(null)} />
    </Card>
  );
}
