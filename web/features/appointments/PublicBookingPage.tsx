import { CheckCircleFilled, GiftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Input, Radio, Result, Skeleton, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { publicBookingBody } from '../../../shared/contracts/appointments';
import type { MessageKey } from '../../../shared/i18n';
import { ApiError } from '../../lib/api';
import { schemaRule } from '../../lib/form-rules';
import { useProblemHandler } from '../../lib/problems';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { useI18n } from '../../lib/i18n';
import { usePublicBook, usePublicPage, type PublicResult } from './api';
import { ReadBack, useDiscountText } from './components';
import './appointments.css';

interface Values {
  name: string;
  phone: string;
  slotId: string;
  request: string;
}

const weekdayOf = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/**
 * W3: the organisation's self-service booking page (`/book/<token>`), outside the signed-in
 * pages, made for a phone screen. It shows only open times; what the customer sends is a
 * request that holds the time until the service centre calls back and confirms it (S5), and
 * what they get back is only what they gave and the time asked for.
 */
export function PublicBookingPage() {
  const { token = '' } = useParams();
  const { t, locale } = useI18n();
  const page = usePublicPage(token);
  const book = usePublicBook(token);
  const discount = useDiscountText();
  const [form] = Form.useForm<Values>();
  const onProblem = useProblemHandler(form);
  const [day, setDay] = useState<string | null>(null);
  const [done, setDone] = useState<PublicResult | null>(null);

  const days = useMemo(() => [...new Set((page.data?.slots ?? []).map((s) => s.day))], [page.data]);
  const shownDay = day && days.includes(day) ? day : (days[0] ?? null);
  const daySlots = (page.data?.slots ?? []).filter((s) => s.day === shownDay);
  const dayLabel = (d: string) => `${d.slice(5)} ${t(`calendar.weekday.${weekdayOf(d)}` as MessageKey)}`;

  const submit = (v: Values) =>
    book.mutate(v, {
      onSuccess: (r) => setDone(r),
      onError: (e) => {
        if (e instanceof ApiError && e.code === 'SLOT_FULL') form.setFieldValue('slotId', undefined);
        onProblem(e);
      },
    });

  const header = (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="booking-org">
        {page.data?.organisation.name ?? t('booking.title')}
      </Typography.Title>
      <LocaleSwitch />
    </div>
  );

  if (page.isLoading) {
    return (
      <div className="booking-page">
        <Card className="booking-card">
          <Skeleton active />
        </Card>
      </div>
    );
  }
  if (page.error || !page.data) {
    const limited = page.error instanceof ApiError && page.error.code === 'RATE_LIMITED';
    return (
      <div className="booking-page">
        <Card className="booking-card">
          <Result status={limited ? 'warning' : '404'} title={limited ? t('errors.RATE_LIMITED') : t('booking.invalidLink')} subTitle={limited ? undefined : t('booking.invalidLinkHint')} />
        </Card>
      </div>
    );
  }

  if (done) {
    return (
      <div className="booking-page">
        <Card className="booking-card">
          {header}
          <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="booking-done">
            <Typography.Title level={5} style={{ margin: 0 }}>
              <CheckCircleFilled style={{ color: '#52c41a' }} /> {t('booking.requested')}
            </Typography.Title>
            <ReadBack
              audience="customer"
              facts={{ day: done.day, start: done.start, end: done.end, serviceType: done.serviceType, requests: done.requests, technician: null, discountBp: done.discountBp, name: done.name }}
            />
            <Typography.Text type="secondary">{t('booking.callBackNote', { phone: done.phone })}</Typography.Text>
            <Button
              block
              onClick={() => {
                setDone(null);
                form.resetFields();
              }}
            >
              {t('booking.another')}
            </Button>
          </Space>
        </Card>
      </div>
    );
  }

  return (
    <div className="booking-page">
      <Card className="booking-card">
        {header}
        {page.data.discountBp > 0 && <Alert type="warning" showIcon icon={<GiftOutlined />} style={{ marginBottom: 16 }} message={t('booking.promotion', { discount: discount(page.data.discountBp) })} />}
        {days.length === 0 ? (
          <Empty description={t('booking.noSlots')} />
        ) : (
          <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item label={t('booking.day')}>
              <Radio.Group
                className="booking-slots"
                optionType="button"
                value={shownDay}
                onChange={(e) => {
                  setDay(e.target.value);
                  form.setFieldValue('slotId', undefined);
                }}
                options={days.map((d) => ({ value: d, label: dayLabel(d) }))}
              />
            </Form.Item>
            <Form.Item name="slotId" label={t('booking.time')} rules={[{ required: true, message: t('booking.pickTime') }]}>
              <Radio.Group
                className="booking-slots"
                optionType="button"
                buttonStyle="solid"
                options={daySlots.map((s) => ({ value: s.id, label: `${s.start}–${s.end}${s.serviceType ? ` ${s.serviceType}` : ''}` }))}
                data-testid="booking-times"
              />
            </Form.Item>
            <Form.Item name="name" label={t('booking.name')} rules={[schemaRule(publicBookingBody.shape.name, locale)]}>
              <Input autoComplete="name" data-testid="booking-name" />
            </Form.Item>
            <Form.Item name="phone" label={t('booking.phone')} rules={[schemaRule(publicBookingBody.shape.phone, locale)]}>
              <Input type="tel" inputMode="tel" autoComplete="tel" data-testid="booking-phone" />
            </Form.Item>
            <Form.Item name="request" label={t('booking.request')} extra={t('booking.requestHint')} rules={[schemaRule(publicBookingBody.shape.request, locale)]}>
              <Input.TextArea rows={3} maxLength={1000} showCount data-testid="booking-request" />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={book.isPending} data-testid="booking-submit">
              {t('booking.submit')}
            </Button>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
              {t('booking.privacy')}
            </Typography.Paragraph>
          </Form>
        )}
      </Card>
    </div>
  );
}
