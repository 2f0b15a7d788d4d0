import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { COST_KINDS, type CostKind } from '../../../shared/contracts/billing-payments';
import { yuanToFen } from '../../../shared/money';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import type { Ticket } from '../../lib/queries/tickets';
import { hasPermission, useMe } from '../../lib/session';
import { useAddCost, useApproveCost, useTicketCosts, useUploadReceipt, type Cost } from './api-money';
import { CostDecision } from './CostDecision';

const STATUS_COLOURS = { pending: 'gold', approved: 'green', rejected: 'red' } as const;

export function CostStatusTag({ cost }: { cost: Cost }) {
  const { label } = useI18n();
  return <Tag color={STATUS_COLOURS[cost.status]}>{label('costStatus', cost.status)}</Tag>;
}

/** A cost's receipt: its photo, or a button to upload one while the cost may still change. */
export function ReceiptCell({ cost, ticketId }: { cost: Cost; ticketId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const upload = useUploadReceipt(ticketId);
  const showProblem = useProblemHandler();
  if (cost.receiptId) {
    return (
      <a href={`/api/v1/attachments/${cost.receiptId}/content`} target="_blank" rel="noreferrer" data-testid={`cost-receipt-${cost.id}`}>
        {t('costs.receipt')}
      </a>
    );
  }
  if (cost.status !== 'pending') return <>—</>;
  return (
    <Upload
      accept="image/*,application/pdf"
      showUploadList={false}
      customRequest={({ file }) => upload.mutate({ id: cost.id, file: file as File }, { onSuccess: () => message.success(t('costs.receipt')), onError: showProblem })}
    >
      <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} data-testid={`cost-upload-${cost.id}`}>
        {t('costs.uploadReceipt')}
      </Button>
    </Upload>
  );
}

/** M7 on the ticket: the order's costs, entered with their receipts, approved or rejected by finance. */
export function CostsCard({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const canApprove = hasPermission(me.data, 'costs.approve');
  const costs = useTicketCosts(ticket.id, true);
  const approve = useApproveCost(ticket.id);
  const showProblem = useProblemHandler();
  const [adding, setAdding] = useState(false);
  const [rejecting, setRejecting] = useState<Cost | null>(null);
  return (
    <div style={{ marginTop: 16 }} data-testid="costs-card">
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('costs.title')}</Typography.Text>
        <Button size="small" onClick={() => setAdding(true)} data-testid="cost-add">
          {t('costs.add')}
        </Button>
      </Space>
      <Table<Cost>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={costs.data ?? []}
        locale={{ emptyText: t('costs.none') }}
        columns={[
          { title: t('costs.kind'), dataIndex: 'kind', render: (v: string) => label('costKind', v) },
          { title: t('costs.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => fmt.yuan(v) },
          { title: t('costs.note'), dataIndex: 'note', render: (v: string | null, r) => v ?? r.rejectReason ?? '—' },
          { title: t('costs.enteredBy'), dataIndex: ['enteredBy', 'name'] },
          { title: t('costs.status'), dataIndex: 'status', render: (_: string, r) => <CostStatusTag cost={r} /> },
          { title: t('costs.receipt'), dataIndex: 'receiptId', render: (_: string, r) => <ReceiptCell cost={r} ticketId={ticket.id} /> },
          {
            title: '',
            dataIndex: 'id',
            render: (_: string, r) =>
              canApprove && r.status === 'pending' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => approve.mutate(r, { onError: showProblem })} data-testid={`cost-approve-${r.id}`}>
                    {t('costs.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setRejecting(r)}>
                    {t('costs.reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <CostModal ticketId={ticket.id} open={adding} onClose={() => setAdding(false)} />
      <CostDecision cost={rejecting} ticketId={ticket.id} onClose={() => setRejecting(null)} />
    </div>
  );
}

function CostModal({ ticketId, open, onClose }: { ticketId: string; open: boolean; onClose: () => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ kind: CostKind; amount: number; note?: string; receipt?: { originFileObj: File }[] }>();
  const onProblem = useProblemHandler(form, { known: ['body.kind', 'body.note'] });
  const add = useAddCost(ticketId);
  const upload = useUploadReceipt(ticketId);
  return (
    <Modal
      open={open}
      title={t('costs.add')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending || upload.isPending}
      okButtonProps={{ 'data-testid': 'cost-confirm' } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: 'travel' }}
        onFinish={(v) =>
          add.mutate(
            { kind: v.kind, amountFen: yuanToFen(v.amount), note: v.note || null },
            {
              onSuccess: (cost) => {
                const file = v.receipt?.[0]?.originFileObj;
                if (file) upload.mutate({ id: cost.id, file }, { onSuccess: onClose, onError: onProblem });
                else onClose();
              },
              onError: onProblem,
            },
          )
        }
      >
        <Form.Item name="kind" label={t('costs.kind')}>
          <Select options={COST_KINDS.map((k) => ({ value: k, label: label('costKind', k) }))} data-testid="cost-kind" />
        </Form.Item>
        <Form.Item name="amount" label={t('costs.amount')} rules={[{ required: true, message: t('validation.required') }]}>
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="cost-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('costs.note')}>
          <Input maxLength={500} data-testid="cost-note" />
        </Form.Item>
        <Form.Item name="receipt" label={t('costs.receipt')} valuePropName="fileList" getValueFromEvent={(e: { fileList: unknown[] }) => e.fileList}>
          <Upload accept="image/*,application/pdf" maxCount={1} beforeUpload={() => false} listType="picture">
            <Button icon={<UploadOutlined />} data-testid="cost-receipt">
              {t('costs.uploadReceipt')}
            </Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
