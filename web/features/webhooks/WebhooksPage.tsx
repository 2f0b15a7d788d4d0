import { App, Alert, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { WEBHOOK_EVENTS, type WebhookBody } from '../../../shared/contracts/webhooks';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useChangeWebhook, useCreateWebhook, useDeleteWebhook, useDeliveries, useRedeliver, useRefreshWebhooks, useSendTest, useWebhooks, type Delivery, type Webhook } from './api';

const STATE_COLOURS = { pending: 'processing', delivered: 'success', failed: 'error' } as const;

/** Administrators: URLs subscribed to events, each with its delivery log and a redeliver button. */
export function WebhooksPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const webhooks = useWebhooks();
  const change = useChangeWebhook();
  const remove = useDeleteWebhook();
  const sendTest = useSendTest();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('webhooks.title')}
        extra={
          <Button type="primary" onClick={() => setAdding(true)} data-testid="webhook-add">
            {t('webhooks.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('webhooks.hint')}</Typography.Paragraph>
        {secret && (
          <Alert
            type="warning"
            showIcon
            closable
            onClose={() => setSecret(null)}
            message={t('webhooks.secretOnce')}
            description={
              <Typography.Text code copyable data-testid="webhook-secret">
                {secret}
              </Typography.Text>
            }
            style={{ marginBottom: 16 }}
          />
        )}
        <Table<Webhook>
          rowKey="id"
          loading={webhooks.isLoading}
          dataSource={webhooks.data ?? []}
          pagination={false}
          locale={{ emptyText: t('webhooks.empty') }}
          expandable={{ expandedRowRender: (w) => <Deliveries webhook={w} /> }}
          columns={[
            {
              title: t('webhooks.url'),
              dataIndex: 'url',
              render: (url: string, w) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text code>{url}</Typography.Text>
                  {w.description && <Typography.Text type="secondary">{w.description}</Typography.Text>}
                </Space>
              ),
            },
            { title: t('webhooks.events'), dataIndex: 'events', render: (events: string[]) => events.map((e) => <Tag key={e}>{label('webhookEvent', e)}</Tag>) },
            {
              title: t('webhooks.enabled'),
              dataIndex: 'enabled',
              render: (enabled: boolean, w) => <Switch checked={enabled} onChange={(on) => change.mutate({ id: w.id, body: { enabled: on } }, { onError: showProblem })} />,
            },
            { title: t('webhooks.pending'), dataIndex: 'pending' },
            { title: t('webhooks.failed'), dataIndex: 'failed', render: (n: number) => (n ? <Tag color="error">{n}</Tag> : n) },
            {
              key: 'actions',
              render: (_: unknown, w) => (
                <Space>
                  <Button size="small" onClick={() => sendTest.mutate(w.id, { onSuccess: () => message.success(t('webhooks.testQueued')), onError: showProblem })}>
                    {t('webhooks.test')}
                  </Button>
                  <Popconfirm title={t('webhooks.deleteConfirm')} onConfirm={() => remove.mutate(w.id, { onSuccess: () => message.success(t('webhooks.deleted')), onError: showProblem })}>
                    <Button size="small" danger>
                      {t('webhooks.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {adding && (
        <AddWebhook
          onClose={() => setAdding(false)}
          onCreated={(s) => {
            setAdding(false);
            setSecret(s);
          }}
        />
      )}
    </Space>
  );
}

function AddWebhook({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string) => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<WebhookBody>();
  const onProblem = useProblemHandler(form);
  const create = useCreateWebhook();
  const submit = (values: WebhookBody) =>
    create.mutate(
      { url: values.url, events: values.events, secret: values.secret || null, description: values.description || null },
      {
        onSuccess: (made) => {
          message.success(t('webhooks.created'));
          onCreated(made.secret);
        },
        onError: onProblem,
      },
    );
  return (
    <Modal open title={t('webhooks.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ events: ['ticket.created', 'ticket.status_changed', 'ticket.closed'] }}>
        <Form.Item name="url" label={t('webhooks.url')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input placeholder="https://example.com/hooks/shouhou" />
        </Form.Item>
        <Form.Item name="events" label={t('webhooks.events')} rules={[{ required: true, message: t('validation.required') }]}>
          <Checkbox.Group options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: label('webhookEvent', e) }))} />
        </Form.Item>
        <Form.Item name="secret" label={t('webhooks.secret')} extra={t('webhooks.secretHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="description" label={t('webhooks.description')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const format = useFormat();
  const showProblem = useProblemHandler();
  const deliveries = useDeliveries(webhook.id);
  const redeliver = useRedeliver();
  const refresh = useRefreshWebhooks();
  return (
    <Table<Delivery>
      size="small"
      rowKey="eventId"
      loading={deliveries.isLoading}
      dataSource={deliveries.data ?? []}
      pagination={false}
      locale={{ emptyText: t('webhooks.noDeliveries') }}
      title={() => (
        <Space>
          <Typography.Text strong>{t('webhooks.deliveries')}</Typography.Text>
          <Button size="small" onClick={refresh} data-testid="webhook-deliveries-refresh">
            {t('webhooks.refresh')}
          </Button>
        </Space>
      )}
      expandable={{
        expandedRowRender: (d) => (
          <Table
            size="small"
            rowKey="at"
            pagination={false}
            dataSource={d.log}
            columns={[
              { title: t('webhooks.log'), dataIndex: 'at', render: (at: string) => format.dateTime(at) },
              { title: t('webhooks.lastStatus'), dataIndex: 'statusCode', render: (s: number | null) => s ?? '—' },
              { title: t('webhooks.lastError'), dataIndex: 'error', render: (e: string | null) => e ?? '' },
              { title: t('webhooks.duration'), dataIndex: 'durationMs' },
            ]}
          />
        ),
      }}
      columns={[
        { title: t('webhooks.event'), dataIndex: 'event', render: (e: string) => label('webhookEvent', e) },
        { title: t('webhooks.eventId'), dataIndex: 'eventId', render: (id: string) => <Typography.Text code copyable={{ text: id }}>{id.slice(0, 8)}…</Typography.Text> },
        { title: t('webhooks.state'), dataIndex: 'state', render: (s: Delivery['state']) => <Tag color={STATE_COLOURS[s]}>{label('webhookState', s)}</Tag> },
        { title: t('webhooks.attempts'), dataIndex: 'attempts' },
        { title: t('webhooks.lastStatus'), dataIndex: 'lastStatus', render: (s: number | null) => s ?? '—' },
        { title: t('webhooks.lastError'), dataIndex: 'lastError', render: (e: string | null) => <Typography.Text type="danger">{e ?? ''}</Typography.Text> },
        { title: t('webhooks.nextAttempt'), dataIndex: 'nextAttemptAt', render: (v: string | null) => format.dateTime(v) },
        { title: t('webhooks.deliveredAt'), dataIndex: 'deliveredAt', render: (v: string | null) => format.dateTime(v) },
        {
          key: 'redeliver',
          render: (_: unknown, d) => (
            <Button
              size="small"
              loading={redeliver.isPending && redeliver.variables?.eventId === d.eventId}
              onClick={() => redeliver.mutate({ id: webhook.id, eventId: d.eventId }, { onSuccess: () => message.success(t('webhooks.redelivered')), onError: showProblem })}
            >
              {t('webhooks.redeliver')}
            </Button>
          ),
        },
      ]}
    />
  );
}
