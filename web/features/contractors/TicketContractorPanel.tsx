import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import type { Ticket } from '../../lib/queries/tickets';
import { hasPermission, useMe } from '../../lib/session';
import { useChangeContractor, useContractors, useDeduct, usePortalStep, useSelfRepair, useTicketContractor } from './api';

const FINISHED = ['closed', 'cancelled'];

/**
 * R3 on the ticket page: the responsible contractor the map found (or none: the developer's own
 * after the warranty), the agent's change with a reason, the centre's takeover (R4); for the
 * contractor's own users, accepting and recording arrival (R2, R4).
 */
export function TicketContractorPanel({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const canAssign = hasPermission(me.data, 'contractors.assign');
  const canDeduct = hasPermission(me.data, 'deductions.manage');
  // The portal's steps are a contractor user's own.
  const isPortal = hasPermission(me.data, 'contractor.portal') && me.data?.role === 'contractor';
  const info = useTicketContractor(ticket.id, !!ticket.contractorId || !!ticket.trade || canAssign);
  const contractors = useContractors('', canAssign);
  const change = useChangeContractor(ticket.id);
  const takeOver = useSelfRepair(ticket.id);
  const step = usePortalStep(ticket.id);
  const deduct = useDeduct(ticket.id);
  const [mode, setMode] = useState<'change' | 'self' | 'deduct' | null>(null);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  const d = info.data;
  if (!d || (!d.contractor && !d.trade && !canAssign)) return null;
  const open = !FINISHED.includes(ticket.status);

  return (
    <Card size="small" title={t('contractors.responsible')} style={{ marginTop: 16 }} data-testid="ticket-contractor">
      <Descriptions size="small" column={1}>
        {d.trade && <Descriptions.Item label={t('contractors.trade')}>{label('trade', d.trade)}</Descriptions.Item>}
        <Descriptions.Item label={t('contractors.responsible')}>
          <span data-testid="ticket-contractor-name">{d.contractor ? `${d.contractor.name}（${d.contractor.repairPhone}，${d.contractor.responsiblePerson}）` : t('contractors.none')}</span>
        </Descriptions.Item>
        {d.responsibility && <Descriptions.Item label={t('contractors.warrantyEndsOn')}>{d.responsibility.warrantyEndsOn}</Descriptions.Item>}
      </Descriptions>
      {d.warrantyEnded && <Typography.Text type="secondary">{t('contractors.warrantyEnded')}</Typography.Text>}
      <Space wrap style={{ marginTop: 8 }}>
        {d.acceptedAt && <Tag color="blue">{`${t('contractors.accepted')} ${fmt.dateTime(d.acceptedAt)}`}</Tag>}
        {d.arrivedAt && <Tag color="green">{`${t('contractors.arrived')} ${fmt.dateTime(d.arrivedAt)}`}</Tag>}
        {d.selfRepair && <Tag color="orange">{t('contractors.selfRepaired', { reason: d.selfRepair.reason })}</Tag>}
      </Space>
      {canDeduct && d.contractor && (
        <Button size="small" style={{ marginTop: 8 }} onClick={() => setMode('deduct')} data-testid="contractor-deduct">
          {t('contractors.deduct')}
        </Button>
      )}
      {open && (
        <Space wrap style={{ marginTop: 8, display: 'flex' }}>
          {isPortal && !d.acceptedAt && (
            <Button type="primary" size="small" loading={step.isPending} onClick={() => step.mutate('accept', { onError: showProblem })} data-testid="portal-accept">
              {t('contractors.accept')}
            </Button>
          )}
          {isPortal && !d.arrivedAt && (
            <Button size="small" loading={step.isPending} onClick={() => step.mutate('arrive', { onError: showProblem })} data-testid="portal-arrive">
              {t('contractors.arrive')}
            </Button>
          )}
          {canAssign && (
            <Button size="small" onClick={() => setMode('change')} data-testid="contractor-change">
              {t('contractors.change')}
            </Button>
          )}
          {canAssign && d.contractor && !d.selfRepair && (
            <Button size="small" danger onClick={() => setMode('self')} data-testid="contractor-self-repair">
              {t('contractors.selfRepair')}
            </Button>
          )}
        </Space>
      )}
      <Modal
        open={mode !== null}
        title={mode === 'self' ? t('contractors.selfRepair') : mode === 'deduct' ? t('contractors.deduct') : t('contractors.change')}
        onCancel={() => setMode(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values: { contractorId?: string; reason: string; rule?: 'R5' | 'R6' | 'R7'; cost?: number }) => {
            const done = {
              onSuccess: () => {
                setMode(null);
                form.resetFields();
                message.success(t('contractors.saved'));
              },
              onError: onProblem,
            };
            if (mode === 'deduct' && d.contractor) {
              deduct.mutate(
                { contractorId: d.contractor.id, ticketId: ticket.id, rule: values.rule ?? 'R6', costBasisFen: Math.round((values.cost ?? 0) * 100), note: values.reason },
                { onSuccess: (r) => (setMode(null), form.resetFields(), message.success(t('contractors.deduct.done', { amount: fmt.yuan(r.amountFen) }))), onError: onProblem },
              );
            } else if (mode === 'self') takeOver.mutate({ reason: values.reason }, done);
            else change.mutate({ contractorId: values.contractorId ?? null, reason: values.reason }, done);
          }}
        >
          {mode === 'change' && (
            <Form.Item name="contractorId" label={t('contractors.responsible')}>
              <Select allowClear options={(contractors.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          )}
          {mode === 'deduct' && (
            <>
              <Form.Item name="rule" label={t('contractors.deduct.rule')} rules={[{ required: true }]} initialValue="R6">
                <Select options={(['R5', 'R6', 'R7'] as const).map((v) => ({ value: v, label: label('ledgerRule', v) }))} data-testid="deduct-rule" />
              </Form.Item>
              <Form.Item name="cost" label={t('contractors.deduct.cost')} rules={[{ required: true }]}>
                <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: 200 }} data-testid="deduct-cost" />
              </Form.Item>
            </>
          )}
          <Form.Item name="reason" label={mode === 'deduct' ? t('contractors.note') : t('contractors.reason')} rules={[{ required: mode !== 'deduct' }]}>
            <Input.TextArea rows={2} data-testid="contractor-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
