import { CopyOutlined, LinkOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Collapse, Descriptions, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { LINE_KINDS, type LineKind, type QuoteStatus } from '../../../shared/contracts/billing-quotes';
import { formatYuan, yuanToFen } from '../../../shared/money';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import type { Ticket } from '../../lib/queries/tickets';
import { hasPermission, useMe } from '../../lib/session';
import {
  useAdjustCharge,
  useCharge,
  useChargeTicket,
  useCustomerCaused,
  useDecideAdjustment,
  useDecideQuote,
  useExplainCharge,
  useMarkCustomerCaused,
  useQuoteLink,
  useQuotes,
  useSetRepairWarranty,
  type Charge,
  type Quote,
} from './api-quotes';
import { QuoteEditor } from './QuoteEditor';
import { PricedLines, SignatureModal } from './QuoteWidgets';

const STATUS_COLORS: Record<QuoteStatus, string> = { open: 'processing', approved: 'success', declined: 'error', superseded: 'default', expired: 'warning' };

/** The money of a job on its ticket: the quote, its versions and decision, the approval link, the charge and its explanation (A6). */
export function QuotePanel({ ticket }: { ticket: Ticket }) {
  const me = useMe();
  // Customers and contractors never see prices and costs here.
  if (!hasPermission(me.data, 'money.read')) return null;
  return <QuoteCard ticket={ticket} />;
}

function QuoteCard({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const me = useMe();
  const quotes = useQuotes(ticket.id);
  const charge = useCharge(ticket.id);
  const chargeTicket = useChargeTicket(ticket.id);
  const showProblem = useProblemHandler();
  const [editing, setEditing] = useState(false);
  const canWrite = hasPermission(me.data, 'quotes.write');
  const [current, ...older] = quotes.data ?? [];
  const decided = current && (current.status === 'approved' || current.status === 'declined');

  return (
    <Card
      title={t('quotes.panel')}
      data-testid="quote-panel"
      style={{ marginTop: 16 }}
      loading={quotes.isLoading}
      extra={
        canWrite && !charge.data ? (
          <Button type="primary" onClick={() => setEditing(true)} data-testid="quote-new">
            {t('quotes.newQuote')}
          </Button>
        ) : null
      }
    >
      <CustomerCausedBar ticketId={ticket.id} />
      {current ? <QuoteView quote={current} canWrite={canWrite && !charge.data} /> : <Empty description={t('quotes.noQuote')} />}
      {older.length ? (
        <Collapse
          size="small"
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'versions',
              label: `${t('quotes.versions')} (${older.length})`,
              children: older.map((q) => (
                <div key={q.id} style={{ marginBottom: 12 }} data-testid="quote-old-version">
                  <Space>
                    <b>{t('quotes.version', { version: q.version })}</b>
                    <Tag color={STATUS_COLORS[q.status]}>{label('quoteStatus', q.status)}</Tag>
                    <span>{formatYuan(q.totalFen)}</span>
                  </Space>
                  <PricedLines lines={q.lines} totalFen={q.totalFen} />
                </div>
              )),
            },
          ]}
        />
      ) : null}
      {charge.data ? (
        <ChargeCard charge={charge.data} canWrite={canWrite} />
      ) : decided && canWrite ? (
        <Button style={{ marginTop: 12 }} type="primary" loading={chargeTicket.isPending} onClick={() => chargeTicket.mutate(undefined, { onError: showProblem })} data-testid="charge-ticket">
          {t('quotes.charge')}
        </Button>
      ) : null}
      <QuoteEditor ticketId={ticket.id} open={editing} onClose={() => setEditing(false)} />
    </Card>
  );
}

function QuoteView({ quote, canWrite }: { quote: Quote; canWrite: boolean }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const decide = useDecideQuote(quote.ticketId);
  const link = useQuoteLink();
  const showProblem = useProblemHandler();
  const [signing, setSigning] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const open = quote.status === 'open';

  return (
    <div data-testid="quote-current">
      <Space wrap style={{ marginBottom: 8 }}>
        <b>{t('quotes.version', { version: quote.version })}</b>
        <Tag color={STATUS_COLORS[quote.status]} data-testid="quote-status">
          {label('quoteStatus', quote.status)}
        </Tag>
        <span className="muted">
          {t('quotes.validUntil')} {fmt.date(quote.validUntil)}
        </span>
        {quote.customerCaused ? <Tag color="red">{t('quotes.customerCaused')}</Tag> : null}
        {quote.requiresApproval ? <Tag>{t('quotes.requiresApproval')}</Tag> : null}
        {quote.signature ? (
          <span className="muted">
            {t('quotes.signerName')}: {quote.signature.signerName}
          </span>
        ) : null}
      </Space>
      <PricedLines lines={quote.lines} totalFen={quote.totalFen} testId="quote-lines" />
      {open && canWrite ? (
        <Space wrap style={{ marginTop: 8 }}>
          <Button type="primary" onClick={() => setSigning(true)} data-testid="quote-approve">
            {t('quotes.approve')}
          </Button>
          <Popconfirm title={t('quotes.public.declineConfirm')} onConfirm={() => decide.mutate({ quoteId: quote.id, decision: 'declined' }, { onError: showProblem })}>
            <Button danger data-testid="quote-decline">
              {t('quotes.decline')}
            </Button>
          </Popconfirm>
          <Button icon={<LinkOutlined />} loading={link.isPending} onClick={() => link.mutate(quote.id, { onSuccess: (l) => setUrl(l.url), onError: showProblem })} data-testid="quote-send-link">
            {t('quotes.sendLink')}
          </Button>
        </Space>
      ) : null}
      {url ? (
        <Alert
          style={{ marginTop: 8 }}
          type="info"
          message={t('quotes.sendLink')}
          description={
            <Space.Compact style={{ width: '100%' }}>
              <Input readOnly value={url} data-testid="quote-link-url" />
              <Button
                icon={<CopyOutlined />}
                onClick={() => {
                  void navigator.clipboard?.writeText(url);
                  message.success(t('quotes.copied'));
                }}
              >
                {t('quotes.copy')}
              </Button>
            </Space.Compact>
          }
        />
      ) : null}
      <SignatureModal
        open={signing}
        title={t('quotes.approve')}
        saving={decide.isPending}
        onCancel={() => setSigning(false)}
        onSign={(signature) => decide.mutate({ quoteId: quote.id, decision: 'approved', signature }, { onSuccess: () => setSigning(false), onError: showProblem })}
      >
        <Typography.Paragraph>
          {t('quotes.total')}: <b>{formatYuan(quote.totalFen)}</b>
        </Typography.Paragraph>
      </SignatureModal>
    </div>
  );
}

/** The seed's exception: the technician marks a call-out the customer caused, with the reason. */
function CustomerCausedBar({ ticketId }: { ticketId: string }) {
  const { t } = useI18n();
  const me = useMe();
  const state = useCustomerCaused(ticketId);
  const mark = useMarkCustomerCaused(ticketId);
  const showProblem = useProblemHandler();
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const canMark = hasPermission(me.data, 'money.field');
  if (!state.data) return null;
  if (state.data.customerCaused) {
    return (
      <Alert
        style={{ marginBottom: 8 }}
        type="warning"
        message={`${t('quotes.customerCaused')}: ${state.data.reason ?? ''}`}
        action={
          canMark ? (
            <Button size="small" onClick={() => mark.mutate({ customerCaused: false }, { onError: showProblem })}>
              {t('quotes.clearCustomerCaused')}
            </Button>
          ) : null
        }
      />
    );
  }
  if (!canMark) return null;
  return (
    <>
      <Button size="small" style={{ marginBottom: 8 }} onClick={() => setAsking(true)} data-testid="mark-customer-caused">
        {t('quotes.markCustomerCaused')}
      </Button>
      <Modal
        open={asking}
        title={t('quotes.markCustomerCaused')}
        onCancel={() => setAsking(false)}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={() => mark.mutate({ customerCaused: true, reason: reason.trim() }, { onSuccess: () => setAsking(false), onError: showProblem })}
      >
        <Input.TextArea placeholder={t('quotes.customerCausedReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </>
  );
}

interface AdjustValues {
  lineNo?: number | null;
  kind: LineKind;
  description: string;
  quantity: number;
  unitPriceYuan: number;
  reason: string;
}

/** M8: the months of warranty the repair carries (维修质保期), saved when left or on Enter, and the day it ends. */
function RepairWarranty({ charge, canWrite }: { charge: Charge; canWrite: boolean }) {
  const { t } = useI18n();
  const save = useSetRepairWarranty(charge.ticketId);
  const showProblem = useProblemHandler();
  const [months, setMonths] = useState<number | null>(charge.repairWarrantyMonths);
  const commit = () => {
    if (months !== null && months !== charge.repairWarrantyMonths) save.mutate({ months }, { onError: showProblem });
  };
  return (
    <Space style={{ marginTop: 8 }} data-testid="charge-repair-warranty">
      <label htmlFor={`repair-warranty-${charge.id}`}>{t('quotes.repairWarranty')}</label>
      <InputNumber
        id={`repair-warranty-${charge.id}`}
        size="small"
        min={0}
        max={120}
        precision={0}
        value={months}
        disabled={!canWrite || save.isPending}
        onChange={(v) => setMonths(v)}
        onBlur={commit}
        onPressEnter={commit}
      />
      <span className="muted">{charge.repairWarrantyEndsOn ? t('quotes.repairWarrantyEndsOn', { day: charge.repairWarrantyEndsOn }) : t('quotes.repairWarrantyNone')}</span>
    </Space>
  );
}

function ChargeCard({ charge, canWrite }: { charge: Charge; canWrite: boolean }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const adjust = useAdjustCharge(charge.ticketId);
  const decideAdjustment = useDecideAdjustment(charge.ticketId);
  const explain = useExplainCharge(charge.ticketId);
  const [form] = Form.useForm<AdjustValues>();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  const [adjusting, setAdjusting] = useState(false);
  const [approving, setApproving] = useState<string | null>(null);
  const [explained, setExplained] = useState<number[]>([]);
  const [explaining, setExplaining] = useState(false);
  const editable = canWrite && !charge.explanation;

  const openAdjust = (lineNo: number | null) => {
    const line = charge.lines.find((l) => l.no === lineNo);
    form.setFieldsValue(
      line
        ? { lineNo, kind: line.kind, description: line.description, quantity: line.quantity, unitPriceYuan: line.amountFen / 100 / (line.quantity || 1), reason: '' }
        : { lineNo: null, kind: 'part', description: '', quantity: 1, unitPriceYuan: 0, reason: '' },
    );
    setAdjusting(true);
  };

  return (
    <div style={{ marginTop: 16 }} data-testid="charge">
      <Typography.Title level={5}>
        {t('quotes.charged')} · {t(charge.basis === 'approved' ? 'quotes.basisApproved' : 'quotes.basisDeclined')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="no"
        pagination={false}
        dataSource={charge.lines}
        scroll={{ x: true }}
        columns={[
          ...(editable
            ? [
                {
                  title: t('quotes.explained'),
                  width: 60,
                  render: (_: unknown, r: Charge['lines'][number]) => (
                    <Checkbox
                      checked={explained.includes(r.no)}
                      onChange={(e) => setExplained(e.target.checked ? [...explained, r.no] : explained.filter((n) => n !== r.no))}
                      data-testid="charge-line-explained"
                    />
                  ),
                },
              ]
            : []),
          { title: '#', dataIndex: 'no', width: 40 },
          { title: t('quotes.kind'), render: (_: unknown, r: Charge['lines'][number]) => label('lineKind', r.kind) },
          { title: t('quotes.description'), dataIndex: 'description' },
          { title: t('quotes.quantity'), dataIndex: 'quantity' },
          { title: t('quotes.rule'), render: (_: unknown, r: Charge['lines'][number]) => label('quoteRule', r.rule) },
          { title: t('quotes.amount'), align: 'right' as const, render: (_: unknown, r: Charge['lines'][number]) => formatYuan(r.amountFen) },
          ...(editable
            ? [
                {
                  title: '',
                  render: (_: unknown, r: Charge['lines'][number]) => (
                    <Button size="small" onClick={() => openAdjust(r.no)}>
                      {t('quotes.adjust')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={editable ? 6 : 5} align="right">
              <b>{t('quotes.total')}</b>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Typography.Text strong data-testid="charge-total">
                {formatYuan(charge.totalFen)}
              </Typography.Text>
            </Table.Summary.Cell>
            {editable ? <Table.Summary.Cell index={2} /> : null}
          </Table.Summary.Row>
        )}
      />
      {charge.pendingFen > 0 ? <Alert style={{ marginTop: 8 }} type="warning" message={t('quotes.pending', { amount: formatYuan(charge.pendingFen) })} /> : null}
      <RepairWarranty key={charge.version} charge={charge} canWrite={canWrite} />
      {charge.adjustments.length ? (
        <Descriptions size="small" column={1} title={t('quotes.adjustments')} style={{ marginTop: 8 }}>
          {charge.adjustments.map((a) => (
            <Descriptions.Item key={a.id} label={`#${a.lineNo} ${a.description}`}>
              <Space wrap>
                <span>
                  {formatYuan(a.fromFen)} → {formatYuan(a.toFen)}
                </span>
                <span className="muted">{a.reason}</span>
                <Tag>{label('adjustmentStatus', a.status)}</Tag>
                {a.status === 'pending' && editable ? (
                  <>
                    <Button size="small" type="primary" onClick={() => setApproving(a.id)}>
                      {t('quotes.approveRise')}
                    </Button>
                    <Button size="small" onClick={() => decideAdjustment.mutate({ chargeId: charge.id, adjustmentId: a.id, decision: 'declined' }, { onError: showProblem })}>
                      {t('quotes.declineRise')}
                    </Button>
                  </>
                ) : null}
              </Space>
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : null}
      <Space wrap style={{ marginTop: 8 }}>
        {editable ? (
          <>
            <Button onClick={() => openAdjust(null)}>{t('quotes.newLine')}</Button>
            <Button type="primary" disabled={explained.length !== charge.lines.length} onClick={() => setExplaining(true)} data-testid="charge-explain">
              {t('quotes.explain')}
            </Button>
          </>
        ) : null}
        <Button icon={<PrinterOutlined />} href={`/api/v1/charges/${charge.id}/sheet.pdf`} target="_blank" data-testid="charge-print">
          {t('quotes.print')}
        </Button>
      </Space>
      {editable ? <div className="muted" style={{ marginTop: 4 }}>{t('quotes.explainHint')}</div> : null}
      {charge.explanation ? (
        <Alert
          style={{ marginTop: 8 }}
          type="success"
          data-testid="charge-explained"
          message={t('quotes.explainedBy', { name: charge.explanation.explainedByName, at: fmt.dateTime(charge.explanation.explainedAt), signer: charge.explanation.signature.signerName })}
        />
      ) : null}
      <Modal open={adjusting} title={t('quotes.adjustLine')} onCancel={() => setAdjusting(false)} onOk={() => form.submit()} confirmLoading={adjust.isPending} destroyOnHidden forceRender>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            adjust.mutate(
              { chargeId: charge.id, body: { ...(v.lineNo ? { lineNo: v.lineNo } : {}), kind: v.kind, description: v.description, quantity: v.quantity, unitPriceFen: yuanToFen(v.unitPriceYuan), reason: v.reason } },
              { onSuccess: () => setAdjusting(false), onError: onProblem },
            )
          }
        >
          <Form.Item name="lineNo" hidden>
            <InputNumber />
          </Form.Item>
          <Form.Item name="kind" label={t('quotes.kind')} rules={[{ required: true }]}>
            <Select options={LINE_KINDS.map((k) => ({ value: k, label: label('lineKind', k) }))} />
          </Form.Item>
          <Form.Item name="description" label={t('quotes.description')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Space>
            <Form.Item name="quantity" label={t('quotes.quantity')} rules={[{ required: true }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="unitPriceYuan" label={t('quotes.unitPrice')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} prefix="¥" />
            </Form.Item>
          </Space>
          <Form.Item name="reason" label={t('quotes.reason')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <SignatureModal
        open={approving !== null}
        title={t('quotes.approveRise')}
        saving={decideAdjustment.isPending}
        onCancel={() => setApproving(null)}
        onSign={(signature) =>
          decideAdjustment.mutate({ chargeId: charge.id, adjustmentId: approving!, decision: 'approved', signature }, { onSuccess: () => setApproving(null), onError: showProblem })
        }
      />
      <SignatureModal
        open={explaining}
        title={t('quotes.explain')}
        saving={explain.isPending}
        onCancel={() => setExplaining(false)}
        onSign={(signature) => explain.mutate({ chargeId: charge.id, explainedLines: explained, signature }, { onSuccess: () => setExplaining(false), onError: showProblem })}
      >
        <Typography.Paragraph>
          {t('quotes.total')}: <b>{formatYuan(charge.totalFen)}</b>
        </Typography.Paragraph>
      </SignatureModal>
    </div>
  );
}
