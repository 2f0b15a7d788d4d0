import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import type { Ticket } from '../../lib/queries/tickets';
import { hasPermission, useMe } from '../../lib/session';
import { useAgreeRepair, useChangeContractor, useCompletionPhoto, useContractors, useDeduct, usePortalStep, useSelfRepair, useTicketContractor } from './api';

const FINISHED = ['closed', 'cancelled'];

/**
 * R3 on the ticket page: the responsible contractor the map found (or none: the developer's own
 * after the warranty), the agent's change with a reason, the centre's takeover (R4); for the
 * contractor's own users, accepting, recording arrival (R2, R4), agreeing the repair (what, its
 * work quantity, above the threshold its cost) and uploading completion photos.
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
  const agree = useAgreeRepair(ticket.id);
  const photo = useCompletionPhoto(ticket.id);
  const [mode, setMode] = useState<'change' | 'self' | 'deduct' | 'agree' | null>(null);
  // R8: who must still sign the repair off before it can be settled, as the refused deduction said.
  const [unsigned, setUnsigned] = useState<string[]>([]);
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
        {d.agreement && <Tag color="cyan">{`${t('contractors.agreed')} ${fmt.dateTime(d.agreement.at)}`}</Tag>}
        {d.selfRepair && <Tag color="orange">{t('contractors.selfRepaired', { reason: d.selfRepair.reason })}</Tag>}
      </Space>
      {d.agreement && (
        <Descriptions size="small" column={1} style={{ marginTop: 8 }} data-testid="contractor-agreement">
          <Descriptions.Item label={t('contractors.agree.scope')}>{d.agreement.scope}</Descriptions.Item>
          <Descriptions.Item label={t('contractors.agree.workQuantity')}>{d.agreement.workQuantity}</Descriptions.Item>
          {d.agreement.agreedCostFen !== null && <Descriptions.Item label={t('contractors.agree.cost')}>{fmt.yuan(d.agreement.agreedCostFen)}</Descriptions.Item>}
        </Descriptions>
      )}
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
          {isPortal && d.arrivedAt && !d.agreement && (
            <Button type="primary" size="small" onClick={() => setMode('agree')} data-testid="portal-agree">
              {t('contractors.agree')}
            </Button>
          )}
          {isPortal && d.arrivedAt && (
            <Upload
              showUploadList={false}
              accept="image/*"
              customRequest={({ file }) => photo.mutate(file as File, { onSuccess: () => message.success(t('contractors.photos.uploaded')), onError: showProblem })}
            >
              <Button size="small" icon={<UploadOutlined />} loading={photo.isPending} data-testid="portal-photo">
                {t('contractors.photos.upload')}
              </Button>
            </Upload>
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
        title={mode === 'self' ? t('contractors.selfRepair') : mode === 'deduct' ? t('contractors.deduct') : mode === 'agree' ? t('contractors.agree') : t('contractors.change')}
        onCancel={() => (setMode(null), setUnsigned([]))}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values: { contractorId?: string; reason: string; rule?: 'R5' | 'R6' | 'R7'; cost?: number; scope?: string; workQuantity?: string }) => {
            const done = {
              onSuccess: () => {
                setMode(null);
                form.resetFields();
                message.success(t('contractors.saved'));
              },
              onError: onProblem,
            };
            if (mode === 'agree') {
              agree.mutate(
                { scope: values.scope ?? '', workQuantity: values.workQuantity ?? '', agreedCostFen: values.cost ? Math.round(values.cost * 100) : null, note: values.reason || null },
                done,
              );
            } else if (mode === 'deduct' && d.contractor) {
              deduct.mutate(
                {
                  contractorId: d.contractor.id,
                  ticketId: ticket.id,
                  rule: values.rule ?? 'R6',
                  costBasisFen: Math.round((values.cost ?? 0) * 100),
                  note: values.reason,
                  ...(values.workQuantity ? { workQuantity: values.workQuantity } : {}),
                },
                {
                  onSuccess: (r) => (
                    setMode(null),
                    setUnsigned([]),
                    form.resetFields(),
                    message.success(r.pendingCountersignature ? t('contractors.countersign.asked') : t('contractors.deduct.done', { amount: fmt.yuan(r.amountFen) }))
                  ),
                  onError: (error) => {
                    const missing = error instanceof ApiError && error.code === 'SIGNOFFS_MISSING' ? (error.problem as { missing?: unknown }).missing : undefined;
                    setUnsigned(Array.isArray(missing) ? missing.map(String) : []);
                    onProblem(error);
                  },
                },
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
              {unsigned.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 16 }}
                  message={t('contractors.deduct.unsigned', { parties: unsigned.map((p) => label('signoffParty', p)).join(t('contractors.listSeparator')) })}
                  data-testid="deduct-unsigned"
                />
              )}
              <Form.Item name="rule" label={t('contractors.deduct.rule')} rules={[{ required: true }]} initialValue="R6">
                <Select options={(['R5', 'R6', 'R7'] as const).map((v) => ({ value: v, label: label('ledgerRule', v) }))} data-testid="deduct-rule" />
              </Form.Item>
              <Form.Item name="cost" label={t('contractors.deduct.cost')} rules={[{ required: true }]}>
                <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: 200 }} data-testid="deduct-cost" />
              </Form.Item>
              <Form.Item name="workQuantity" label={t('contractors.workQuantity')}>
                <Input maxLength={300} data-testid="deduct-work-quantity" />
              </Form.Item>
            </>
          )}
          {mode === 'agree' && (
            <>
              <Form.Item name="scope" label={t('contractors.agree.scope')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} maxLength={500} data-testid="agree-scope" />
              </Form.Item>
              <Form.Item name="workQuantity" label={t('contractors.agree.workQuantity')} rules={[{ required: true }]}>
                <Input maxLength={300} data-testid="agree-quantity" />
              </Form.Item>
              {d.costRequired && (
                <Form.Item name="cost" label={t('contractors.agree.cost')} extra={t('contractors.agree.costRequired')} rules={[{ required: true }]}>
                  <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: 200 }} data-testid="agree-cost" />
                </Form.Item>
              )}
            </>
          )}
          <Form.Item
            name="reason"
            label={mode === 'deduct' || mode === 'agree' ? t('contractors.note') : t('contractors.reason')}
            rules={[{ required: mode !== 'deduct' && mode !== 'agree' }]}
          >
            <Input.TextArea rows={2} data-testid="contractor-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
