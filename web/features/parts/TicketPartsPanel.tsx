import { Button, Card, Checkbox, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatYuan } from '../../../shared/money';
import type { TicketPartStatus } from '../../../shared/contracts/parts';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import type { Ticket } from '../../lib/queries/tickets';
import { useCancelPart, useDebouncedPartSearch, useProposePart, useReservePart, useTicketParts, type TicketParts } from './api-tickets';

const STATUS_COLORS: Record<TicketPartStatus, string> = {
  proposed: 'default',
  reserved: 'blue',
  issued: 'geekblue',
  consumed: 'green',
  returned: 'default',
  cancelled: 'default',
};

/** H3, E5: the ticket's parts with status, location, cost and price; the agent or technician adds and reserves them. */
export function TicketPartsPanel({ ticket }: { ticket: Ticket }) {
  const me = useMe();
  // Customers and contractors do not see the parts' costs.
  if (!hasPermission(me.data, 'parts.read')) return null;
  return <PartsOfTicket ticket={ticket} />;
}

function PartsOfTicket({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const me = useMe();
  const parts = useTicketParts(ticket.id);
  const propose = useProposePart(ticket.id);
  const reserve = useReservePart(ticket.id);
  const cancel = useCancelPart(ticket.id);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  const [q, setQ] = useState('');
  const found = useDebouncedPartSearch(q);
  const canPropose = hasPermission(me.data, 'parts.propose');
  const view: TicketParts | undefined = parts.data;

  return (
    <Card title={t('ticketParts.title')} data-testid="ticket-parts" style={{ marginTop: 16 }}>
      <Table
        size="small"
        rowKey="id"
        loading={parts.isLoading}
        pagination={false}
        dataSource={view?.items ?? []}
        locale={{ emptyText: t('ticketParts.empty') }}
        scroll={{ x: true }}
        columns={[
          { title: t('ticketParts.part'), render: (_, r) => `${r.partNumber} ${r.partName}${r.serial ? ` · ${r.serial}` : ''}` },
          { title: t('ticketParts.quantity'), render: (_, r) => `${r.quantity}${r.unit}` },
          { title: t('ticketParts.status'), render: (_, r) => <Tag color={STATUS_COLORS[r.status]} data-testid="ticket-part-status">{label('ticketPartStatus', r.status)}</Tag> },
          { title: t('ticketParts.location'), render: (_, r) => r.locationName ?? '—' },
          { title: t('ticketParts.unitCost'), align: 'right', render: (_, r) => formatYuan(r.unitCostFen) },
          { title: t('ticketParts.unitPrice'), align: 'right', render: (_, r) => formatYuan(r.unitPriceFen) },
          { title: t('ticketParts.basis'), render: (_, r) => label('priceBasis', r.priceBasis) },
          {
            title: '',
            render: (_, r) =>
              canPropose && (r.status === 'proposed' || r.status === 'reserved') ? (
                <Space size={4}>
                  {r.status === 'proposed' && (
                    <Button size="small" onClick={() => reserve.mutate(r.id, { onError: (e) => showProblem(e) })}>
                      {t('ticketParts.reserve')}
                    </Button>
                  )}
                  <Button size="small" danger onClick={() => cancel.mutate(r.id, { onError: (e) => showProblem(e) })}>
                    {t('ticketParts.cancel')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {view && (
        <Space size="large" style={{ marginTop: 8 }} data-testid="ticket-parts-totals">
          <Typography.Text>
            {t('ticketParts.costTotal')}: <b>{formatYuan(view.costTotalFen)}</b>
          </Typography.Text>
          <Typography.Text>
            {t('ticketParts.priceTotal')}: <b>{formatYuan(view.priceTotalFen)}</b>
          </Typography.Text>
        </Space>
      )}
      {canPropose && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ quantity: 1, reserve: true }}
          onFinish={(v: { partId: string; quantity: number; reserve: boolean }) =>
            propose.mutate(v, {
              onSuccess: () => form.resetFields(),
              onError: onProblem,
            })
          }
        >
          <Form.Item name="partId" rules={[{ required: true, message: t('validation.required') }]} style={{ minWidth: 260 }}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setQ}
              placeholder={t('ticketParts.searchPart')}
              options={(found.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.number} ${p.name}（${p.available}${p.unit}）` }))}
              data-testid="ticket-part-picker"
            />
          </Form.Item>
          <Form.Item name="quantity" rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={0.001} step={1} style={{ width: 90 }} data-testid="ticket-part-quantity" />
          </Form.Item>
          <Form.Item name="reserve" valuePropName="checked">
            <Checkbox>{t('ticketParts.reserveNow')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={propose.isPending} data-testid="ticket-part-add">
            {t('ticketParts.propose')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
