import { CheckOutlined, CloseOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Tag, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { requestNewCustomer } from '../../../shared/contracts/appointments';
import { schemaRule } from '../../lib/form-rules';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/now';
import { useProblemHandler } from '../../lib/problems';
import { useBookingRequests, useConfirmBookingRequest, useDeclineBookingRequest, type Appointment, type BookingRequest } from './api';

const NEW = 'new';

/**
 * S5: the requests the public booking page brought, each holding its place, for the desk to
 * call back and confirm for the right customer, or decline. Shown on the appointment board;
 * nothing when there are none.
 */
export function BookingRequests({ onConfirmed }: { onConfirmed: (a: Appointment) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const now = useNow();
  const requests = useBookingRequests(true);
  const [confirming, setConfirming] = useState<BookingRequest | null>(null);
  const [declining, setDeclining] = useState<BookingRequest | null>(null);
  const items = requests.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card title={`${t('appointment.requests.title')} (${items.length})`} size="small" data-testid="booking-requests">
      <Typography.Paragraph type="secondary">{t('appointment.requests.hint')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        {items.map((r) => {
          const passed = new Date(r.slot.endsAt).getTime() <= now;
          return (
            <div key={r.id} className="appt-item" data-testid="booking-request">
              <Space wrap size={4}>
                <Typography.Text strong>{r.name}</Typography.Text>
                <Typography.Text type="secondary">{r.phone}</Typography.Text>
                <Tag color={passed ? 'default' : 'blue'}>{`${r.slot.day} ${r.slot.start}–${r.slot.end}`}</Tag>
                {r.slot.serviceType && <Tag>{r.slot.serviceType}</Tag>}
                {passed && <Tag>{t('appointment.requests.passed')}</Tag>}
                <Typography.Text type="secondary">{t('appointment.requests.submittedAt', { time: fmt.short(r.submittedAt) })}</Typography.Text>
              </Space>
              <ol className="appt-requests">
                {r.requests.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ol>
              <Space size={4}>
                <Button size="small" type="primary" icon={<CheckOutlined />} disabled={passed} onClick={() => setConfirming(r)} data-testid="booking-request-confirm">
                  {t('appointment.requests.confirm')}
                </Button>
                <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDeclining(r)} data-testid="booking-request-decline">
                  {t('appointment.requests.decline')}
                </Button>
              </Space>
            </div>
          );
        })}
      </Space>
      {confirming && (
        <ConfirmDialog
          request={confirming}
          onClose={() => setConfirming(null)}
          onConfirmed={(a) => {
            setConfirming(null);
            onConfirmed(a);
          }}
        />
      )}
      {declining && <DeclineDialog request={declining} onClose={() => setDeclining(null)} />}
    </Card>
  );
}

interface ConfirmValues {
  customer: string;
  name?: string;
  phone?: string;
}

/** Whom the request is for: one of the customers with its phone, or a new customer made from it. */
function ConfirmDialog({ request, onClose, onConfirmed }: { request: BookingRequest; onClose: () => void; onConfirmed: (a: Appointment) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConfirmValues>();
  const onProblem = useProblemHandler(form);
  const confirm = useConfirmBookingRequest();
  const choice = Form.useWatch('customer', form) ?? (request.matches[0]?.id ?? NEW);

  const submit = (v: ConfirmValues) =>
    confirm.mutate(
      { request, body: v.customer === NEW ? { newCustomer: { name: v.name!.trim(), phone: v.phone!.trim() } } : { customerId: v.customer } },
      {
        onSuccess: ({ appointment }) => {
          message.success(t('appointment.requests.confirmed'));
          onConfirmed(appointment);
        },
        onError: onProblem,
      },
    );

  return (
    <Modal
      open
      title={t('appointment.requests.confirmTitle', { name: request.name })}
      okText={t('appointment.requests.confirm')}
      okButtonProps={{ loading: confirm.isPending, 'data-testid': 'booking-request-confirm-ok' } as ButtonProps}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('appointment.requests.confirmHint', { phone: request.phone })} />
      <Form<ConfirmValues> form={form} layout="vertical" onFinish={submit} initialValues={{ customer: request.matches[0]?.id ?? NEW, name: request.name, phone: request.phone }}>
        <Form.Item name="customer" label={t('appointment.requests.forCustomer')} extra={request.matches.length ? undefined : t('appointment.requests.noMatches')}>
          <Radio.Group data-testid="booking-request-customers">
            <Space direction="vertical">
              {request.matches.map((c) => (
                <Radio key={c.id} value={c.id}>
                  {c.name}
                </Radio>
              ))}
              <Radio value={NEW}>
                <UserAddOutlined /> {t('appointment.requests.newCustomer')}
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {choice === NEW && (
          <Space.Compact block>
            <Form.Item name="name" label={t('customer.name')} rules={[schemaRule(requestNewCustomer.shape.name, locale)]} style={{ flex: 1 }}>
              <Input data-testid="booking-request-name" />
            </Form.Item>
            <Form.Item name="phone" label={t('customer.phone')} rules={[schemaRule(requestNewCustomer.shape.phone, locale)]} style={{ flex: 1 }}>
              <Input data-testid="booking-request-phone" />
            </Form.Item>
          </Space.Compact>
        )}
      </Form>
    </Modal>
  );
}

function DeclineDialog({ request, onClose }: { request: BookingRequest; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const decline = useDeclineBookingRequest();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t('appointment.requests.declineTitle')}
      okText={t('appointment.requests.decline')}
      okButtonProps={{ danger: true, loading: decline.isPending }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() =>
        decline.mutate(
          { request, ...(reason.trim() ? { reason: reason.trim() } : {}) },
          {
            onSuccess: () => {
              message.success(t('appointment.requests.declined'));
              onClose();
            },
            onError: onProblem,
          },
        )
      }
      destroyOnHidden
    >
      <Input.TextArea rows={2} maxLength={500} placeholder={t('appointment.requests.declineReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
    </Modal>
  );
}
