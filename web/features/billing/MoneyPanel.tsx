import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { INVOICE_KINDS, PAYMENT_METHODS, type InvoiceKind, type PaymentMethod } from '../../../shared/contracts/billing-payments';
import { yuanToFen } from '../../../shared/money';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import type { Ticket } from '../../lib/queries/tickets';
import { hasPermission, useMe } from '../../lib/session';
import { useInvoices, useIssueInvoice, usePayments, useRecordPayment, useRequestInvoice, useReverseInvoice, useTicketMoney, type Invoice, type Payments } from './api-money';
import { CostsCard } from './CostsCard';

/**
 * The money of a ticket for staff: what was charged, collected and is still owed; the payments
 * and refunds recorded (with their receipts); fapiao; the order's costs; and for finance its
 * costs and net profit (M7). Customers never see this panel.
 */
export function MoneyPanel({ ticket }: { ticket: Ticket }) {
  const me = useMe();
  const canRead = hasPermission(me.data, 'money.read');
  const canField = hasPermission(me.data, 'money.field');
  if (!canRead && !canField) return null;
  return (
    <Card size="small" title={<MoneyTitle />} style={{ marginTop: 16 }} data-testid="money-panel">
      {canRead && <PaymentsSection ticket={ticket} />}
      {canRead && <InvoicesSection ticket={ticket} />}
      {canField && <CostsCard ticket={ticket} />}
    </Card>
  );
}

function MoneyTitle() {
  const { t } = useI18n();
  return <>{t('money.title')}</>;
}

function Figures({ ticketId }: { ticketId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const finance = hasPermission(me.data, 'finance.read');
  const payments = usePayments(ticketId, true);
  const money = useTicketMoney(ticketId, finance);
  const p = payments.data;
  const m = money.data;
  const stat = (key: string, title: string, value: number | undefined, color?: string) => (
    <Col xs={12} md={finance ? 4 : 8} key={key}>
      <Statistic title={title} value={fmt.yuan(value)} valueStyle={{ fontSize: 18, ...(color ? { color } : {}) }} data-testid={`money-${key}`} />
    </Col>
  );
  return (
    <Row gutter={12} style={{ marginBottom: 12 }}>
      {stat('charged', t('money.charged'), p?.chargedFen)}
      {stat('collected', t('money.collected'), p?.collectedFen)}
      {stat('outstanding', t('money.outstanding'), p?.outstandingFen, p && p.outstandingFen > 0 ? '#cf1322' : undefined)}
      {finance && stat('costs', t('money.costs'), m?.costsFen)}
      {finance && (
        <Col xs={12} md={4}>
          <Tooltip title={m ? `${t('money.netProfitHint')} · ${t('money.partsCost')} ${fmt.yuan(m.partsCostFen)} · ${t('money.enteredCosts')} ${fmt.yuan(m.enteredCostsFen)} · ${t('money.pendingCosts')} ${fmt.yuan(m.pendingCostsFen)}` : ''}>
            <Statistic title={t('money.netProfit')} value={fmt.yuan(m?.netProfitFen)} valueStyle={{ fontSize: 18, color: m && m.netProfitFen < 0 ? '#cf1322' : '#389e0d' }} data-testid="money-netProfit" />
          </Tooltip>
        </Col>
      )}
    </Row>
  );
}

function PaymentsSection({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const canRecord = hasPermission(me.data, 'payments.record');
  const payments = usePayments(ticket.id, true);
  const [mode, setMode] = useState<'payment' | 'refund' | null>(null);
  return (
    <>
      <Figures ticketId={ticket.id} />
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('payments.title')}</Typography.Text>
        {canRecord && (
          <>
            <Button size="small" type="primary" onClick={() => setMode('payment')} disabled={ticket.status === 'cancelled'} data-testid="payment-record">
              {t('payments.record')}
            </Button>
            <Button size="small" onClick={() => setMode('refund')} disabled={!payments.data?.collectedFen} data-testid="payment-refund">
              {t('payments.refund')}
            </Button>
          </>
        )}
      </Space>
      <Table<Payments['items'][number]>
        size="small"
        rowKey="id"
        pagination={false}
        loading={payments.isLoading}
        dataSource={payments.data?.items ?? []}
        locale={{ emptyText: t('payments.none') }}
        data-testid="payments-table"
        columns={[
          { title: t('payments.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => fmt.dateTime(v), width: 150 },
          {
            title: t('payments.amount'),
            dataIndex: 'amountFen',
            align: 'right',
            render: (v: number, r) => (
              <Space size={4}>
                {r.refund && <Tag color="orange">{t('payments.isRefund')}</Tag>}
                <span style={{ color: v < 0 ? '#cf1322' : undefined }}>{fmt.yuan(v)}</span>
              </Space>
            ),
          },
          { title: t('payments.method'), dataIndex: 'method', render: (v: string) => label('paymentMethod', v) },
          { title: t('payments.reference'), dataIndex: 'reference', render: (v: string | null, r) => v ?? r.reason ?? '—' },
          { title: t('payments.receivedBy'), dataIndex: ['receivedBy', 'name'] },
          {
            title: t('payments.receipt'),
            dataIndex: 'id',
            render: (id: string) => (
              <a href={`/api/v1/payments/${id}/receipt.pdf`} target="_blank" rel="noreferrer">
                PDF
              </a>
            ),
          },
        ]}
      />
      <PaymentModal ticketId={ticket.id} mode={mode} onClose={() => setMode(null)} />
    </>
  );
}

function PaymentModal({ ticketId, mode, onClose }: { ticketId: string; mode: 'payment' | 'refund' | null; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amount: number; method: PaymentMethod; reference?: string; reason?: string }>();
  const onProblem = useProblemHandler(form, { known: ['body.method', 'body.reference', 'body.reason'] });
  const record = useRecordPayment(ticketId);
  return (
    <Modal
      open={!!mode}
      title={mode === 'refund' ? t('payments.refund') : t('payments.record')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
      okButtonProps={{ 'data-testid': 'payment-confirm' } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ method: 'cash' }}
        onFinish={(v) => {
          const fen = yuanToFen(v.amount);
          record.mutate(
            { amountFen: mode === 'refund' ? -fen : fen, method: v.method, reference: v.reference || null, reason: v.reason || null },
            {
              onSuccess: () => {
                message.success(t('payments.recorded'));
                onClose();
              },
              onError: onProblem,
            },
          );
        }}
      >
        <Form.Item name="amount" label={t('payments.amount')} rules={[{ required: true, message: t('validation.required') }]}>
          <InputNumber min={0.01} step={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="payment-amount" />
        </Form.Item>
        <Form.Item name="method" label={t('payments.method')} rules={[{ required: true }]}>
          <Select options={PAYMENT_METHODS.map((m) => ({ value: m, label: label('paymentMethod', m) }))} data-testid="payment-method" />
        </Form.Item>
        <Form.Item name="reference" label={t('payments.reference')}>
          <Input maxLength={100} />
        </Form.Item>
        {mode === 'refund' && (
          <Form.Item name="reason" label={t('payments.reason')} rules={[{ required: true, message: t('payments.validation.refundReason') }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="payment-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function InvoicesSection({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const canManage = hasPermission(me.data, 'invoices.manage');
  const invoices = useInvoices(ticket.id, true);
  const payments = usePayments(ticket.id, true);
  const [asking, setAsking] = useState(false);
  const [issuing, setIssuing] = useState<{ invoice: Invoice; reverse: boolean } | null>(null);
  const open = (invoices.data ?? []).some((i) => i.status === 'requested' || i.status === 'issued');
  return (
    <div style={{ marginTop: 16 }}>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('invoices.title')}</Typography.Text>
        {canManage && !open && !!payments.data?.chargedFen && (
          <Button size="small" onClick={() => setAsking(true)} data-testid="invoice-request">
            {t('invoices.request')}
          </Button>
        )}
      </Space>
      <Table<Invoice>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={invoices.data ?? []}
        locale={{ emptyText: t('invoices.none') }}
        columns={[
          { title: t('invoices.kind'), dataIndex: 'kind', render: (v: string) => label('invoiceKind', v) },
          { title: t('invoices.buyerTitle'), dataIndex: 'buyerTitle', render: (v: string, r) => (r.buyerTaxNumber ? `${v}（${r.buyerTaxNumber}）` : v) },
          { title: t('invoices.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => fmt.yuan(v) },
          { title: t('invoices.status'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'issued' ? 'green' : v === 'requested' ? 'blue' : 'red'}>{label('invoiceStatus', v)}</Tag> },
          { title: t('invoices.number'), dataIndex: 'number', render: (v: string | null, r) => (v ? `${v} · ${r.issuedOn}` : '—') },
          {
            title: '',
            dataIndex: 'id',
            render: (_: string, r) =>
              canManage && r.status === 'requested' ? (
                <Button size="small" onClick={() => setIssuing({ invoice: r, reverse: false })}>
                  {t('invoices.issue')}
                </Button>
              ) : canManage && r.status === 'issued' ? (
                <Button size="small" danger onClick={() => setIssuing({ invoice: r, reverse: true })}>
                  {t('invoices.reverse')}
                </Button>
              ) : null,
          },
        ]}
      />
      <InvoiceRequestModal ticketId={ticket.id} chargedFen={payments.data?.chargedFen ?? 0} open={asking} onClose={() => setAsking(false)} />
      <InvoiceIssueModal ticketId={ticket.id} target={issuing} onClose={() => setIssuing(null)} />
    </div>
  );
}

function InvoiceRequestModal({ ticketId, chargedFen, open, onClose }: { ticketId: string; chargedFen: number; open: boolean; onClose: () => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ kind: InvoiceKind; buyerTitle: string; buyerTaxNumber?: string; amount: number }>();
  const onProblem = useProblemHandler(form, { known: ['body.kind', 'body.buyerTitle', 'body.buyerTaxNumber'] });
  const request = useRequestInvoice(ticketId);
  return (
    <Modal open={open} title={t('invoices.request')} okText={t('common.confirm')} cancelText={t('common.cancel')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={request.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: 'normal', amount: chargedFen / 100 }}
        onFinish={(v) =>
          request.mutate({ kind: v.kind, buyerTitle: v.buyerTitle, buyerTaxNumber: v.buyerTaxNumber || null, amountFen: yuanToFen(v.amount) }, { onSuccess: onClose, onError: onProblem })
        }
      >
        <Form.Item name="kind" label={t('invoices.kind')}>
          <Select options={INVOICE_KINDS.map((k) => ({ value: k, label: label('invoiceKind', k) }))} />
        </Form.Item>
        <Form.Item name="buyerTitle" label={t('invoices.buyerTitle')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="buyerTaxNumber" label={t('invoices.buyerTaxNumber')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="amount" label={t('invoices.amount')} rules={[{ required: true, message: t('validation.required') }]}>
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function InvoiceIssueModal({ ticketId, target, onClose }: { ticketId: string; target: { invoice: Invoice; reverse: boolean } | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ number: string; issuedOn: string; reason?: string }>();
  const onProblem = useProblemHandler(form);
  const issue = useIssueInvoice(ticketId);
  const reverse = useReverseInvoice(ticketId);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Modal
      open={!!target}
      title={target?.reverse ? t('invoices.reverse') : t('invoices.issue')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={issue.isPending || reverse.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ issuedOn: today }}
        onFinish={(v) =>
          target?.reverse
            ? reverse.mutate({ id: target.invoice.id, body: { number: v.number, issuedOn: v.issuedOn, reason: v.reason ?? '' } }, { onSuccess: onClose, onError: onProblem })
            : issue.mutate({ id: target!.invoice.id, body: { number: v.number, issuedOn: v.issuedOn } }, { onSuccess: onClose, onError: onProblem })
        }
      >
        <Form.Item name="number" label={t('invoices.number')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="issuedOn" label={t('invoices.issuedOn')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input type="date" />
        </Form.Item>
        {target?.reverse && (
          <Form.Item name="reason" label={t('invoices.reason')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
