import { App, Button, Col, Form, Input, InputNumber, Radio, Row, Select, Switch, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useState, type Ref } from 'react';
import { CHANNELS, PRIORITIES, TICKET_TYPES, TRADES, type Channel, type Priority, type TicketType, type Trade } from '../../../shared/domain';
import { yuanToFen } from '../../../shared/money';
import { createTicketBody } from '../../../shared/contracts/tickets';
import { newIdempotencyKey } from '../../lib/api';
import { schemaRule } from '../../lib/form-rules';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import type { LookupItem } from '../../lib/queries/customers';
import { addDays, localDate } from '../../../shared/time';
import { useMe } from '../../lib/session';
import { useBookVisit, useCreateTicket, useOpenSlots } from './api';

interface TicketValues {
  description: string;
  channel: Channel;
  type: TicketType;
  priority: Priority;
  emergency: boolean;
  estimatedValueYuan?: number;
  /** R3: with the unit's address, it finds the responsible contractor. */
  trade?: Trade | null;
  contactName?: string;
  contactPhone?: string;
  /** 期望上门时间: an appointment slot, booked for the ticket once it is saved. */
  slotId?: string | null;
}

/** How many days ahead intake offers slots. */
const SLOT_DAYS = 7;

export interface TicketIntakeFormProps {
  customer: LookupItem | null;
  assetId: string | null;
  descriptionRef?: Ref<TextAreaRef>;
  /** The ticket is in (with its visit, when one was booked): the page stays for the next call. */
  onSaved: (ticket: { id: string; number: string; visit?: string | null }) => void;
}

/**
 * What the caller reports, for the customer and asset picked beside it. Keys work from anywhere
 * on the page: Ctrl+Enter saves, Alt+1…4 set the priority. Saved, the form empties for the next call.
 */
export function TicketIntakeForm({ customer, assetId, descriptionRef, onSaved }: TicketIntakeFormProps) {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const [ticketForm] = Form.useForm<TicketValues>();
  const onProblem = useProblemHandler(ticketForm);
  const createTicket = useCreateTicket();
  const bookVisit = useBookVisit();
  const me = useMe();
  // When the page opened: slots are offered from then (an intake screen is reopened each shift).
  const [openedAt] = useState(Date.now);
  const today = localDate(openedAt, me.data?.organisation.timeZone ?? 'Asia/Shanghai');
  const slots = useOpenSlots(today, addDays(today, SLOT_DAYS), !!customer);
  const slotLabel = (s: { day: string; start: string; end: string }) => `${s.day.slice(5)} ${s.start}–${s.end}`;
  const slotOptions = (slots.data?.items ?? [])
    .filter((s) => s.open && s.booked < s.capacity && new Date(s.startsAt).getTime() > openedAt)
    .map((s) => ({
      value: s.id,
      label: `${slotLabel(s)}${s.serviceType ? ` · ${s.serviceType}` : ''}`,
      title: slotLabel(s),
    }));
  // One key per intake: a double click or a retried save makes one ticket.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const selected = customer;

  const saveTicket = (v: TicketValues) => {
    if (!selected) {
      message.warning(t('intake.pickCustomerFirst'));
      return;
    }
    createTicket.mutate(
      {
        key: idempotencyKey,
        body: {
          customerId: selected.id,
          assetId,
          // The service address defaults to the customer's current one (a wrong one is skipped, H6).
          addressId: selected.addresses.find((a) => a.isDefault && !a.invalidAt)?.id ?? selected.addresses.find((a) => !a.invalidAt)?.id ?? null,
          description: v.description,
          channel: v.channel,
          type: v.type,
          priority: v.priority,
          emergency: v.emergency,
          estimatedValueFen: v.estimatedValueYuan !== undefined && v.estimatedValueYuan !== null ? yuanToFen(v.estimatedValueYuan) : null,
          trade: v.trade ?? null,
          contactName: v.contactName || null,
          contactPhone: v.contactPhone || null,
        },
      },
      {
        onSuccess: (ticket) => {
          message.success(t('intake.saved', { number: ticket.number }));
          setIdempotencyKey(newIdempotencyKey());
          ticketForm.resetFields();
          const slot = v.slotId ? slotOptions.find((o) => o.value === v.slotId) : undefined;
          onSaved({ id: ticket.id, number: ticket.number, visit: null });
          if (v.slotId) {
            // The ticket is in whatever happens to the booking; a slot taken meanwhile is said, and can be booked on the ticket.
            bookVisit.mutate(
              { ticketId: ticket.id, slotId: v.slotId },
              { onSuccess: () => onSaved({ id: ticket.id, number: ticket.number, visit: slot?.title ?? null }), onError: onProblem },
            );
          }
        },
        onError: onProblem,
      },
    );
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        if (!createTicket.isPending) ticketForm.submit();
        return;
      }
      const digit = /^Digit([1-9])$/.exec(e.code);
      if (e.altKey && !e.ctrlKey && !e.metaKey && digit) {
        const priority = PRIORITIES[Number(digit[1]) - 1];
        if (priority) {
          e.preventDefault();
          ticketForm.setFieldValue('priority', priority);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <Form<TicketValues>
      form={ticketForm}
      layout="vertical"
      initialValues={{ channel: 'phone', type: 'repair', priority: 'normal', emergency: false }}
      onFinish={saveTicket}
      disabled={!selected}
    >
      <Form.Item name="description" label={t('ticket.description')} rules={[schemaRule(createTicketBody.shape.description, locale)]}>
        <Input.TextArea
          rows={3}
          maxLength={4000}
          showCount
          placeholder={t('intake.descriptionPlaceholder')}
          data-testid="intake-description"
          ref={descriptionRef}
        />
      </Form.Item>
      <Row gutter={12} align="bottom">
        <Col flex="auto">
          <Form.Item name="priority" label={t('ticket.priority')} tooltip={t('intake.priorityKeys')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              data-testid="intake-priority"
              options={PRIORITIES.map((c, i) => ({ value: c, label: <span title={`Alt+${i + 1}`}>{label('priority', c)}</span> }))}
            />
          </Form.Item>
        </Col>
        <Col>
          <Form.Item label=" ">
            <Button type="primary" htmlType="submit" loading={createTicket.isPending} data-testid="intake-save">
              {t('intake.save')}
            </Button>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              Ctrl+Enter
            </Typography.Text>
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="slotId" label={t('intake.visitSlot')} tooltip={t('intake.visitSlotHint')}>
            <Select allowClear showSearch optionFilterProp="label" options={slotOptions} notFoundContent={t('intake.visitSlotNone')} loading={slots.isLoading} data-testid="intake-visit-slot" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item name="channel" label={t('ticket.channel')}>
            <Select options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="type" label={t('ticket.type')}>
            <Select options={TICKET_TYPES.map((c) => ({ value: c, label: label('ticketType', c) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="emergency" label={t('ticket.emergency')} valuePropName="checked" tooltip={t('intake.emergencyHint')}>
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="trade" label={t('contractors.trade')}>
            <Select allowClear options={TRADES.map((c) => ({ value: c, label: label('trade', c) }))} data-testid="intake-trade" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="estimatedValueYuan" label={t('intake.estimatedValue')} tooltip={t('intake.estimatedValueHint')}>
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="contactName" label={t('ticket.contactName')}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="contactPhone" label={t('ticket.contactPhone')} rules={[schemaRule(createTicketBody.shape.contactPhone, locale)]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
