import { DeleteOutlined, PhoneOutlined, PlusOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Drawer, Empty, Form, Input, Radio, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { APPOINTMENT_CHANNELS, bookAppointmentBody, type AppointmentChannel } from '../../../shared/contracts/appointments';
import { createCustomerBody } from '../../../shared/contracts/customers';
import { isPhone } from '../../../shared/phone';
import { ApiError, newIdempotencyKey } from '../../lib/api';
import { schemaRule } from '../../lib/form-rules';
import { applyProblem } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/now';
import { useCreateCustomer, useLookup, type LookupItem } from '../../lib/queries/customers';
import { useBook, useSlots, useTechnicianChoices, type Appointment } from './api';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

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
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const lookup = useLookup(q);
  const [customer, setCustomer] = useState<LookupItem | null>(null);
  const [assetId, setAssetId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<BookingValues>();
  const [customerForm] = Form.useForm();
  const createCustomer = useCreateCustomer();
  const book = useBook();
  const technicians = useTechnicianChoices(open);
  // One key per booking (the drawer is mounted afresh for each): a double click or a retried save books once.
  const [key, setKey] = useState(newIdempotencyKey);
  const chosenDay = (Form.useWatch('day', form) as dayjs.Dayjs | undefined)?.format('YYYY-MM-DD') ?? day;
  const slots = useSlots(chosenDay, chosenDay, open);

  const results = useMemo(() => lookup.data?.items ?? [], [lookup.data]);
  const selected = customer ?? (!creating && results.length === 1 ? results[0]! : null);
  const effectiveAsset = assetId ?? (selected?.assets.length === 1 ? selected.assets[0]!.id : null);

  const reset = () => {
    setQuery('');
    setCustomer(null);
    setAssetId(null);
    setCreating(false);
    form.resetFields();
  };

  const saveCustomer = (v: { name: string; phone: string }) =>
    createCustomer.mutate(v, {
      onSuccess: (c) => {
        setCustomer({ ...(c as LookupItem), assets: [] });
        setCreating(false);
        setQuery(v.phone);
      },
      onError: (e) => {
        const shown = applyProblem(customerForm, e, t('errors.INTERNAL'));
        if (shown) message.error(shown);
      },
    });

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
          assetId: effectiveAsset,
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
          const shown = applyProblem(form, e, t('errors.INTERNAL'));
          if (shown) message.error(shown);
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
      <Input
        size="large"
        autoFocus
        allowClear
        prefix={<PhoneOutlined />}
        suffix={lookup.isFetching ? <Spin size="small" /> : <SearchOutlined className="muted" />}
        placeholder={t('intake.lookupPlaceholder')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setCustomer(null);
          setAssetId(null);
        }}
        data-testid="booking-lookup"
      />
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        {q.length >= 2 && !lookup.isFetching && results.length === 0 && !creating && (
          <Empty description={t('intake.noMatch')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
            <Button
              icon={<UserAddOutlined />}
              onClick={() => {
                setCreating(true);
                customerForm.setFieldsValue({ phone: isPhone(query) ? query.trim() : undefined, name: isPhone(query) ? undefined : query.trim() || undefined });
              }}
            >
              {t('intake.newCustomer')}
            </Button>
          </Empty>
        )}
        {!customer &&
          results.map((c) => (
            <Card key={c.id} size="small" className={`lookup-card ${selected?.id === c.id ? 'selected' : ''}`} onClick={() => setCustomer(c)} data-testid="booking-lookup-result">
              <Space wrap>
                <Typography.Text strong>{c.name}</Typography.Text>
                <Typography.Text type="secondary">{c.phones.map((p) => p.phone).join(t('common.listSeparator'))}</Typography.Text>
                {c.assets.map((a) => (
                  <Tag key={a.id}>{[a.productName, a.plate ?? a.serialNumber].filter(Boolean).join(' · ')}</Tag>
                ))}
              </Space>
            </Card>
          ))}
        {creating && (
          <Card size="small" title={t('intake.newCustomer')}>
            <Form form={customerForm} layout="vertical" onFinish={saveCustomer}>
              <Form.Item name="name" label={t('customer.name')} rules={[schemaRule(createCustomerBody.shape.name, locale)]}>
                <Input />
              </Form.Item>
              <Form.Item name="phone" label={t('customer.phone')} rules={[schemaRule(createCustomerBody.shape.phone, locale)]}>
                <Input />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={createCustomer.isPending}>
                  {t('common.save')}
                </Button>
                <Button onClick={() => setCreating(false)}>{t('common.cancel')}</Button>
              </Space>
            </Form>
          </Card>
        )}
        {selected && (
          <Alert
            type="info"
            message={
              <Space wrap>
                <span data-testid="booking-customer">{selected.name}</span>
                <span className="muted">{selected.phones.map((p) => p.phone).join(t('common.listSeparator'))}</span>
                {customer && (
                  <Button size="small" type="link" onClick={() => setCustomer(null)}>
                    {t('appointment.changeCustomer')}
                  </Button>
                )}
              </Space>
            }
          />
        )}
        {selected && selected.assets.length > 0 && (
          <Radio.Group value={effectiveAsset} onChange={(e) => setAssetId(e.target.value)} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
            {selected.assets.map((a) => (
              <Radio key={a.id} value={a.id}>
                {[a.productName, a.brand, a.model].filter(Boolean).join(' ')} <span className="muted">{a.plate ?? a.serialNumber}</span>
              </Radio>
            ))}
          </Radio.Group>
        )}
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
