import { PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { CONTACT_OUTCOMES, FAILED_CONTACT_OUTCOMES, type ContactOutcome } from '../../../shared/contracts/appointments';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import type { TicketEvent } from '../../lib/queries/tickets';
import { useContactAttempts, useLogAttempt } from './api';

const OUTCOME_COLOR: Record<ContactOutcome, string> = {
  answered: 'green',
  no_answer: 'orange',
  busy: 'orange',
  wrong_number: 'red',
  wrong_address: 'magenta',
};

/**
 * 联系客户 (H5, H6): the technician calls before going and logs how it went. No answer sets a
 * reminder to try again; repeated failures reach the clerk; a wrong address becomes a task.
 */
export function ContactCard({ ticketId, phones }: { ticketId: string; phones: string[] }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const fmt = useFormat();
  const me = useMe();
  const allowed = hasPermission(me.data, 'contacts.log');
  const attempts = useContactAttempts(ticketId, allowed);
  const log = useLogAttempt(ticketId);
  const [form] = Form.useForm<{ outcome: ContactOutcome; note?: string }>();
  if (!allowed) return null;
  const items = attempts.data?.items ?? [];
  const failed = items[0]?.failedCount ?? 0;
  const clerkTold = items.some((a) => a.clerkNotified);
  return (
    <Card title={t('contact.title')} style={{ marginTop: 16 }} data-testid="contact-card">
      <Space wrap style={{ marginBottom: 12 }}>
        {phones.map((p) => (
          <Button key={p} icon={<PhoneOutlined />} href={`tel:${p}`}>
            {p}
          </Button>
        ))}
      </Space>
      {clerkTold && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('contact.clerkTold', { count: failed })} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          log.mutate(
            { outcome: v.outcome, ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
            {
              onSuccess: (a) => {
                form.resetFields();
                if (a.clerkNotified) message.warning(t('contact.clerkTold', { count: a.failedCount }));
                else if (a.retryAt) message.info(t('contact.retrySet', { time: fmt.short(a.retryAt) }));
                else if (a.outcome === 'wrong_address') message.info(t('contact.taskRaised'));
                else message.success(t('contact.logged'));
              },
              onError: showProblem,
            },
          )
        }
      >
        <Form.Item name="outcome" label={t('contact.outcome')} rules={[{ required: true, message: t('validation.required') }]}>
          <Radio.Group optionType="button" options={CONTACT_OUTCOMES.map((o) => ({ value: o, label: label('contactOutcome', o) }))} data-testid="contact-outcome" />
        </Form.Item>
        <Form.Item name="note" label={t('contact.note')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('contact.notePlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={log.isPending} data-testid="contact-save">
          {t('contact.log')}
        </Button>
      </Form>
      <List
        style={{ marginTop: 12 }}
        size="small"
        loading={attempts.isLoading}
        dataSource={items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contact.none')} /> }}
        renderItem={(a) => (
          <List.Item>
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <Tag color={OUTCOME_COLOR[a.outcome]}>{label('contactOutcome', a.outcome)}</Tag>
                <span className="muted">
                  {fmt.short(a.at)} · {a.by.name}
                  {a.phone ? ` · ${a.phone}` : ''}
                </span>
                {FAILED_CONTACT_OUTCOMES.includes(a.outcome) && <span className="muted">{t('contact.failedCount', { count: a.failedCount })}</span>}
              </Space>
              {a.note && <Typography.Text>{a.note}</Typography.Text>}
              {a.retryAt && <Typography.Text type="secondary">{t('contact.retryAt', { time: fmt.short(a.retryAt) })}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** A call to the customer in the ticket's timeline. */
export function ContactAttemptEventText({ event }: { event: TicketEvent }) {
  const d = event.details as Record<string, unknown>;
  const { t, label } = useI18n();
  const fmt = useFormat();
  return (
    <>
      {t('event.contactAttempt', { outcome: label('contactOutcome', String(d.outcome ?? '')) })}
      {d.note ? <div className="muted">{String(d.note)}</div> : null}
      {d.retryAt ? <div className="muted">{t('contact.retryAt', { time: fmt.short(String(d.retryAt)) })}</div> : null}
      {d.clerkNotified ? <div className="muted">{t('contact.clerkTold', { count: Number(d.failedCount ?? 0) })}</div> : null}
      {d.taskId ? <div className="muted">{t('contact.taskRaised')}</div> : null}
    </>
  );
}
