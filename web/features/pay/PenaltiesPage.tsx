import { PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Segmented, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { PENALTY_CAUSES, type PenaltyCause } from '../../../shared/contracts/pay';
import { quantityFen, yuanToFen } from '../../../shared/money';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useOrganisation, useUsers } from '../../lib/queries/people';
import { useTickets } from '../../lib/queries/tickets';
import { hasPermission, useMe } from '../../lib/session';
import { useDebounced } from '../../lib/use-debounced';
import { useAttachPenaltyEvidence, useConfirmPenalty, usePenalties, useRecordPenalty, useWithdrawPenalty, type Penalty, type PenaltyStatus } from './api';

const statusOf = (p: Penalty): PenaltyStatus => (p.withdrawnAt ? 'withdrawn' : p.confirmedAt ? 'confirmed' : 'open');
const STATUS_COLOURS: Record<PenaltyStatus, string> = { open: 'gold', confirmed: 'red', withdrawn: 'default' };
const NOT_STAFF = ['customer', 'contractor'];

/** A5: penalties against a person with their cause: recorded, then confirmed (deducted that month) or withdrawn. */
export function PenaltiesPage() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const [status, setStatus] = useState<PenaltyStatus | 'all'>('open');
  const [userId, setUserId] = useState<string | undefined>();
  const penalties = usePenalties({ userId, status: status === 'all' ? undefined : status });
  const staff = useUsers({}, hasPermission(me.data, 'users.read'));
  const people = useMemo(() => (staff.data?.items ?? []).filter((u) => !NOT_STAFF.includes(u.role)).map((u) => ({ value: u.id, label: `${u.name}（${label('role', u.role)}）` })), [staff.data, label]);
  const confirm = useConfirmPenalty();
  const withdraw = useWithdrawPenalty();
  const onProblem = useProblemHandler();
  const [recording, setRecording] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Penalty | null>(null);
  const [withdrawForm] = Form.useForm<{ reason: string }>();
  const canRecord = hasPermission(me.data, 'penalties.record');
  const canConfirm = hasPermission(me.data, 'penalties.confirm');

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('penalties.title')}</Typography.Title>
        <Space wrap>
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={[
              { value: 'open', label: label('penaltyStatus', 'open') },
              { value: 'confirmed', label: label('penaltyStatus', 'confirmed') },
              { value: 'withdrawn', label: label('penaltyStatus', 'withdrawn') },
              { value: 'all', label: t('penalties.allStatuses') },
            ]}
          />
          <Select allowClear showSearch optionFilterProp="label" style={{ width: 200 }} placeholder={t('penalties.person')} value={userId} onChange={setUserId} options={people} />
          {canRecord && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="penalty-new">
              {t('penalties.record')}
            </Button>
          )}
        </Space>
      </div>
      <Table<Penalty>
        rowKey="id"
        size="small"
        loading={penalties.isLoading}
        dataSource={penalties.data ?? []}
        locale={{ emptyText: t('penalties.none') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="penalties"
        columns={[
          { title: t('penalties.person'), key: 'user', render: (_: unknown, p) => p.user.name },
          { title: t('penalties.cause'), dataIndex: 'cause', render: (v: string) => label('penaltyCause', v) },
          { title: t('penalties.quantity'), dataIndex: 'quantity', align: 'right' },
          { title: t('pay.line.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => fmt.yuan(v) },
          { title: t('penalties.description'), dataIndex: 'description' },
          { title: t('penalties.ticket'), dataIndex: 'ticketNumber', render: (v: string | null, p) => (v && p.ticketId ? <Link to={`/tickets/${p.ticketId}`}>{v}</Link> : '—') },
          {
            title: t('penalties.evidence'),
            key: 'evidence',
            render: (_: unknown, p) =>
              p.evidenceAttachmentId ? (
                <a href={`/api/v1/attachments/${p.evidenceAttachmentId}/content`} target="_blank" rel="noreferrer" data-testid="penalty-evidence-link">
                  <PaperClipOutlined /> {t('penalties.evidenceOpen')}
                </a>
              ) : statusOf(p) === 'open' && canRecord ? (
                <EvidenceUpload penalty={p} />
              ) : (
                '—'
              ),
          },
          { title: t('penalties.recordedBy'), key: 'recorded', render: (_: unknown, p) => `${p.recordedBy.name} ${fmt.short(p.recordedAt)}` },
          {
            title: t('penalties.status'),
            key: 'status',
            render: (_: unknown, p) => {
              const s = statusOf(p);
              return (
                <Space direction="vertical" size={0}>
                  <Tag color={STATUS_COLOURS[s]}>{label('penaltyStatus', s)}</Tag>
                  {p.confirmedBy && <Typography.Text type="secondary">{`${p.confirmedBy.name} ${fmt.short(p.confirmedAt)}`}</Typography.Text>}
                  {p.withdrawReason && <Typography.Text type="secondary">{p.withdrawReason}</Typography.Text>}
                </Space>
              );
            },
          },
          {
            key: 'actions',
            render: (_: unknown, p) =>
              statusOf(p) === 'open' && (
                <Space>
                  {canConfirm && (
                    <Popconfirm title={t('penalties.confirmAsk')} onConfirm={() => confirm.mutate(p, { onSuccess: () => message.success(t('penalties.confirmed')), onError: onProblem })}>
                      <Button size="small" type="primary" data-testid="penalty-confirm">
                        {t('penalties.confirm')}
                      </Button>
                    </Popconfirm>
                  )}
                  {canRecord && (
                    <Button size="small" onClick={() => setWithdrawing(p)} data-testid="penalty-withdraw">
                      {t('penalties.withdraw')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {recording && <RecordPenaltyDialog people={people} onClose={() => setRecording(false)} />}
      <Modal
        open={!!withdrawing}
        title={t('penalties.withdraw')}
        onCancel={() => setWithdrawing(null)}
        okButtonProps={{ loading: withdraw.isPending }}
        onOk={() => withdrawForm.submit()}
        destroyOnHidden
      >
        <Form
          form={withdrawForm}
          layout="vertical"
          preserve={false}
          onFinish={({ reason }) =>
            withdrawing &&
            withdraw.mutate(
              { id: withdrawing.id, version: withdrawing.version, reason: reason.trim() },
              {
                onSuccess: () => {
                  message.success(t('penalties.withdrawn'));
                  setWithdrawing(null);
                },
                onError: onProblem,
              },
            )
          }
        >
          <Form.Item name="reason" label={t('penalties.withdrawReason')} rules={[{ required: true, whitespace: true, max: 300 }]}>
            <Input.TextArea rows={3} data-testid="penalty-withdraw-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** Picks a PDF or photo and sends it as the penalty's evidence at once. */
function EvidenceUpload({ penalty }: { penalty: Penalty }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const attach = useAttachPenaltyEvidence();
  const onProblem = useProblemHandler();
  return (
    <Upload
      accept="application/pdf,image/*"
      showUploadList={false}
      beforeUpload={(file) => {
        attach.mutate({ id: penalty.id, version: penalty.version, file }, { onSuccess: () => message.success(t('penalties.evidenceSaved')), onError: onProblem });
        return false;
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={attach.isPending} data-testid="penalty-evidence-upload">
        {t('penalties.evidenceUpload')}
      </Button>
    </Upload>
  );
}

interface PenaltyForm {
  userId: string;
  cause: PenaltyCause;
  quantity: number;
  amountYuan?: number | null;
  description: string;
  ticketId?: string | null;
}

/** The record form: a named cause's amount comes from the settings unless given; `other` needs one. */
function RecordPenaltyDialog({ people, onClose }: { people: { value: string; label: string }[]; onClose: () => void }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<PenaltyForm>();
  const record = useRecordPenalty();
  const onProblem = useProblemHandler(form, { known: ['body.userId', 'body.cause', 'body.quantity', 'body.amountFen', 'body.description', 'body.ticketId'] });
  const organisation = useOrganisation();
  const cause = Form.useWatch('cause', form);
  const quantity = Form.useWatch('quantity', form) ?? 1;
  const [ticketQuery, setTicketQuery] = useState('');
  const q = useDebounced(ticketQuery, 300);
  const tickets = useTickets({ q: q || undefined, page: 1, pageSize: 10 });
  const settings = (organisation.data?.settings as { penalties?: { wrongPhoneFen?: number; qualityComplaintFen?: number } } | undefined)?.penalties;
  const unitFen = cause === 'wrong_phone' ? settings?.wrongPhoneFen : cause === 'quality_complaint' ? settings?.qualityComplaintFen : undefined;

  const submit = (v: PenaltyForm) =>
    record.mutate(
      {
        userId: v.userId,
        cause: v.cause,
        quantity: v.quantity,
        ...(v.amountYuan ? { amountFen: yuanToFen(v.amountYuan) } : {}),
        description: v.description.trim(),
        ticketId: v.ticketId ?? null,
      },
      {
        onSuccess: () => {
          message.success(t('penalties.recorded'));
          onClose();
        },
        onError: onProblem,
      },
    );

  return (
    <Modal open title={t('penalties.record')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: record.isPending, 'data-testid': 'penalty-save' }}>
      <Form<PenaltyForm> form={form} layout="vertical" initialValues={{ cause: 'wrong_phone', quantity: 1 }} onFinish={submit}>
        <Form.Item name="userId" label={t('penalties.person')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={people} data-testid="penalty-person" />
        </Form.Item>
        <Form.Item name="cause" label={t('penalties.cause')} rules={[{ required: true }]}>
          <Select options={PENALTY_CAUSES.map((c) => ({ value: c, label: label('penaltyCause', c) }))} data-testid="penalty-cause" />
        </Form.Item>
        <Form.Item name="quantity" label={t('penalties.quantity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1000} precision={0} style={{ width: 120 }} data-testid="penalty-quantity" />
        </Form.Item>
        <Form.Item
          name="amountYuan"
          label={t('penalties.amount')}
          extra={unitFen !== undefined ? t('penalties.amountHint', { amount: fmt.yuan(unitFen), total: fmt.yuan(quantityFen(quantity, unitFen)) }) : undefined}
          rules={[{ required: cause === 'other', message: t('penalties.amountRequired') }]}
        >
          <InputNumber min={0.01} max={10_000_000} precision={2} style={{ width: 160 }} data-testid="penalty-amount" />
        </Form.Item>
        <Form.Item name="description" label={t('penalties.description')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={3} data-testid="penalty-description" />
        </Form.Item>
        <Form.Item name="ticketId" label={t('penalties.ticket')}>
          <Select
            allowClear
            showSearch
            filterOption={false}
            onSearch={setTicketQuery}
            placeholder={t('penalties.ticketSearch')}
            options={(tickets.data?.items ?? []).map((tk) => ({ value: tk.id, label: `${tk.number} ${tk.customerName}` }))}
            data-testid="penalty-ticket"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
