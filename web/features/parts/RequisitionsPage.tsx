import { App, Button, Card, Empty, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { REQUISITION_STATUSES, type RequisitionStatus } from '../../../shared/contracts/parts';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useApproveRequisition, useLocations, useRejectRequisition, useRequisitions, type Requisition, type StockLocation } from './api-tickets';

/** One requisition on the administrator's screen: quantities to approve, the warehouse, approve and issue in one step (H7). */
function RequisitionCard({ requisition, stores }: { requisition: Requisition; stores: StockLocation[] }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const fmt = useFormat();
  const approve = useApproveRequisition();
  const reject = useRejectRequisition();
  const showProblem = useProblemHandler();
  const [fromId, setFromId] = useState<string | undefined>(requisition.fromLocationId ?? stores.find((s) => s.kind === 'warehouse')?.id);
  const [quantities, setQuantities] = useState<Record<number, number>>(Object.fromEntries(requisition.lines.map((l) => [l.lineNo, l.issuedQuantity ?? l.quantity])));
  const [serials, setSerials] = useState<Record<number, string>>({});
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const open = requisition.status === 'requested';

  const approveAndIssue = () => {
    if (!fromId) return;
    approve.mutate(
      {
        id: requisition.id,
        body: {
          fromLocationId: fromId,
          issue: true,
          lines: requisition.lines.map((l) => {
            const list = (serials[l.lineNo] ?? '').split(/[,，\s]+/).filter(Boolean);
            return { lineNo: l.lineNo, quantity: quantities[l.lineNo] ?? l.quantity, ...(list.length ? { serials: list } : {}) };
          }),
        },
      },
      { onSuccess: (r) => message.success(t('requisitions.issuedDone', { number: r.number })), onError: (e) => showProblem(e) },
    );
  };

  return (
    <Card
      size="small"
      data-testid="requisition"
      title={
        <Space wrap>
          <span>{requisition.number}</span>
          <Tag data-testid="requisition-status">{label('requisitionStatus', requisition.status)}</Tag>
          <Typography.Text type="secondary">
            {t('requisitions.technician')}: {requisition.technicianName} · {t('requisitions.forDay')}: {requisition.forDay} · {t('requisitions.to')}: {requisition.toLocationName}
          </Typography.Text>
        </Space>
      }
      extra={
        <a href={`/api/v1/requisitions/${requisition.id}/print.pdf`} target="_blank" rel="noreferrer" data-testid="requisition-pdf">
          {t('requisitions.print')}
        </a>
      }
    >
      {requisition.note && <Typography.Paragraph type="secondary">{requisition.note}</Typography.Paragraph>}
      <Table
        size="small"
        rowKey="lineNo"
        pagination={false}
        dataSource={requisition.lines}
        columns={[
          { title: t('ticketParts.part'), render: (_, l) => `${l.partNumber} ${l.partName}` },
          { title: t('requisitions.ticket'), render: (_, l) => l.ticketNumber ?? '—' },
          { title: t('requisitions.requested'), render: (_, l) => `${l.quantity}${l.unit}` },
          {
            title: t('requisitions.approved'),
            render: (_, l) =>
              open ? (
                <InputNumber min={0} max={l.quantity} value={quantities[l.lineNo]} onChange={(v) => setQuantities((q) => ({ ...q, [l.lineNo]: Number(v ?? 0) }))} data-testid="approve-quantity" />
              ) : (
                `${l.issuedQuantity ?? '—'}${l.issuedQuantity !== null ? l.unit : ''}`
              ),
          },
          {
            title: t('ticketParts.serial'),
            render: (_, l) =>
              open && l.serialTracked ? (
                <Input value={serials[l.lineNo] ?? ''} onChange={(e) => setSerials((s) => ({ ...s, [l.lineNo]: e.target.value }))} placeholder="SN-1, SN-2" data-testid="approve-serials" />
              ) : (
                l.serials.join(', ')
              ),
          },
        ]}
      />
      {open ? (
        <Space wrap style={{ marginTop: 12 }}>
          <span>{t('requisitions.from')}</span>
          <Select style={{ minWidth: 180 }} value={fromId} onChange={setFromId} options={stores.map((s) => ({ value: s.id, label: s.name }))} data-testid="approve-from" />
          <Button type="primary" onClick={approveAndIssue} loading={approve.isPending} disabled={!fromId} data-testid="approve-issue">
            {t('requisitions.approveIssue')}
          </Button>
          <Button danger onClick={() => setRejecting(true)} data-testid="reject">
            {t('requisitions.reject')}
          </Button>
        </Space>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {[requisition.fromLocationName, requisition.issuedByName, fmt.dateTime(requisition.issuedAt ?? requisition.decidedAt), requisition.decisionNote].filter(Boolean).join(' · ')}
        </Typography.Paragraph>
      )}
      <Modal
        open={rejecting}
        title={t('requisitions.reject')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim() }}
        onCancel={() => setRejecting(false)}
        onOk={() => reject.mutate({ id: requisition.id, reason: reason.trim() }, { onSuccess: () => setRejecting(false), onError: (e) => showProblem(e) })}
      >
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('requisitions.rejectReason')} data-testid="reject-reason" />
      </Modal>
    </Card>
  );
}

/** H7: the parts administrator's requisitions: requested ones first, approved and issued in one screen. */
export function RequisitionsPage() {
  const { t, label } = useI18n();
  const [status, setStatus] = useState<RequisitionStatus>('requested');
  const list = useRequisitions({ status });
  const warehouses = useLocations('warehouse');
  const depots = useLocations('depot');
  const stores = [...(warehouses.data?.items ?? []), ...(depots.data?.items ?? [])];
  return (
    <Card title={t('requisitions.title')} extra={<Segmented<RequisitionStatus> value={status} onChange={setStatus} options={REQUISITION_STATUSES.filter((s) => s !== 'cancelled').map((s) => ({ value: s, label: label('requisitionStatus', s) }))} />}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {(list.data?.items ?? []).length === 0 && !list.isLoading && <Empty description={t('requisitions.empty')} />}
        {warehouses.data && depots.data && (list.data?.items ?? []).map((r) => <RequisitionCard key={`${r.id}:${r.version}`} requisition={r} stores={stores} />)}
      </Space>
    </Card>
  );
}
