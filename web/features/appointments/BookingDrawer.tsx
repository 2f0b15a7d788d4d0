import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, Radio, Select, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { APPOINTMENT_CHANNELS, bookAppointmentBody, type AppointmentChannel } from '../../../shared/contracts/appointments';
import { ApiError, newIdempotencyKey } from '../../lib/api';
import { schemaRule } from '../../lib/form-rules';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/now';
import { CallerAssets, CallerLookup, useCallerLookup } from '../../components/CallerLookup';
import { useBook, useSlots, useTechnicianChoices, type Appointment } from './api';

interface BookingValues {
  day: dayjs.Dayjs;
  slotId: string;
  requests: string[];
  technicianId?: string;
  channel: AppointmentChannel;
  note?: string;
}

/**
 * Mount it for each booking (`{open && <BookingDrawer …/>}`): its state starts fresh each time.
 *
 * A2: booking while the caller is on the line: their number finds them and their vehicle or
 * watch, then the time, each request on its own line, and a technician if they ask for one.
 */
export function BookingDrawer({ open, day, slotId, onClose, onBooked }: { open: boolean; day: string; slotId?: string; onClose: () => void; onBooked: (a: Appointment) => void }) {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const now = useNow();
  const caller = useCallerLookup();
  const [form] = Form.useForm<BookingValues>();
  const onProblem = useProblemHandler(form);
  const book = useBook();
  const technicians = useTechnicianChoices(open);
  // One key per booking (the drawer is mounted afresh for each): a double click or a retried save books once.
  const [key, setKey] = useState(newIdempotencyKey);
  const chosenDay = (Form.useWatch('day', form) as dayjs.Dayjs | undefined)?.format('YYYY-MM-DD') ?? day;
  const slots = useSlots(chosenDay, chosenDay, open);

  const selected = caller.selected;

  const reset = () => {
    caller.reset();
    form.resetFields();
  };

  const submit = (v: BookingValues) => {
    if (!selected) {
      message.warning(t('intake.pickCustomerFirst'));
      return;
    }
    book.mutate(
      {
        key,
        body: {
          slotId: v.slotId,
          customerId: selected.id,
          assetId: caller.assetId,
          requests: v.requests.map((r) => r.trim()).filter(Boolean),
          technicianId: v.technicianId ?? null,
          channel: v.channel,
          note: v.note || null,
        },
      },
      {
        onSuccess: (a) => {
          reset();
          setKey(newIdempotencyKey());
          onBooked(a);
        },
        onError: (e) => {
          if (e instanceof ApiError && e.code === 'SLOT_FULL') void slots.refetch();
          onProblem(e);
        },
      },
    );
  };

  const slotOptions = (slots.data?.items ?? []).map((s) => {
    const left = s.capacity - s.booked;
    const past = new Date(s.endsAt).getTime() <= now;
    return {
      value: s.id,
      disabled: !s.open || left <= 0 || past,
      label: (
        <Space>
          {`${s.start}–${s.end}`}
          {s.serviceType && <Tag>{s.serviceType}</Tag>}
          <span className="muted">{!s.open ? t('appointment.slotClosed') : left <= 0 ? t('appointment.slotFull') : t('appointment.placesLeft', { left, capacity: s.capacity })}</span>
        </Space>
      ),
    };
  });

  return (
    <Drawer
      open={open}
      width={560}
      title={t('appointment.new')}
      onClose={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={() => form.submit()} loading={book.isPending} disabled={!selected} data-testid="booking-save">
          {t('appointment.book')}
        </Button>
      }
    >
      <CallerLookup caller={caller} testIds={{ input: 'booking-lookup', result: 'booking-lookup-result' }} compact />
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        {selected && (
          <Alert
            type="info"
            message={
              <Space wrap>
                <span data-testid="booking-customer">{selected.name}</span>
                <span className="muted">{selected.phones.map((p) => p.phone).join(t('common.listSeparator'))}</span>
                {caller.picked && (
                  <Button size="small" type="link" onClick={caller.unpick}>
                    {t('appointment.changeCustomer')}
                  </Button>
                )}
              </Space>
            }
          />
        )}
        <CallerAssets caller={caller} />
      </Space>
      <Form<BookingValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={!selected}
        style={{ marginTop: 16 }}
        initialValues={{ day: dayjs(day), slotId, requests: [''], channel: 'phone' }}
      >
        <Space align="start" wrap>
          <Form.Item name="day" label={t('appointment.day')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker allowClear={false} onChange={() => form.setFieldValue('slotId', undefined)} />
          </Form.Item>
          <Form.Item name="slotId" label={t('appointment.slot')} rules={[{ required: true, message: t('validation.required') }]} style={{ minWidth: 280 }}>
            <Select options={slotOptions} loading={slots.isFetching} placeholder={t('appointment.pickSlot')} notFoundContent={t('appointment.noSlots')} data-testid="booking-slot" />
          </Form.Item>
        </Space>
        <Form.List name="requests">
          {(fields, { add, remove }) => (
            <Form.Item label={t('appointment.requests')} required extra={t('appointment.requestsHint')}>
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((field, i) => (
                  <Space.Compact key={field.key} style={{ width: '100%' }}>
                    <Form.Item name={field.name} noStyle rules={[schemaRule(bookAppointmentBody.shape.requests.element, locale)]}>
                      <Input placeholder={`${i + 1}.`} data-testid="booking-request" />
                    </Form.Item>
                    {fields.length > 1 && <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />}
                  </Space.Compact>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} block>
                  {t('appointment.addRequest')}
                </Button>
              </Space>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="technicianId" label={t('appointment.technician')} tooltip={t('appointment.technicianHint')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            loading={technicians.isLoading}
            options={(technicians.data?.items ?? []).map((u) => ({ value: u.id, label: [u.name, u.grade ? label('grade', u.grade) : null, u.team].filter(Boolean).join(' · ') }))}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('appointment.channel')}>
          <Radio.Group options={APPOINTMENT_CHANNELS.map((c) => ({ value: c, label: label('appointmentChannel', c) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('appointment.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
