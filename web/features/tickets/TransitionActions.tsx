import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { HOLD_REASONS, type TicketAction } from '../../../shared/domain';
import { TRANSITIONS } from '../../../shared/ticket-lifecycle';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useUsers } from '../../lib/queries/people';
import { useTransition } from './api';
import type { Ticket } from '../../lib/queries/tickets';

/** Actions that ask something first; the others run on a click. */
function needsForm(ticket: Ticket, action: TicketAction): boolean {
  const rule = TRANSITIONS[action];
  const reason = typeof rule.needsReason === 'function' ? rule.needsReason(ticket.status) : !!rule.needsReason;
  return reason || !!rule.needsTechnician || action === 'hold';
}

const PRIMARY: TicketAction[] = ['accept', 'dispatch', 'start', 'complete', 'close', 'resume'];

export function TransitionActions({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const transition = useTransition();
  const [open, setOpen] = useState<TicketAction | null>(null);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const technicians = useUsers({ role: 'technician' }, open === 'dispatch' && hasPermission(me.data, 'users.read'));

  const run = (action: TicketAction, values: Record<string, unknown> = {}) =>
    transition.mutate(
      { ticket, vars: { action, ...values } },
      {
        onSuccess: () => {
          message.success(t('ticket.actionDone', { action: label('action', action) }));
          setOpen(null);
          form.resetFields();
        },
        onError: onProblem,
      },
    );

  const reasonLabel = open === 'close' ? t('ticket.resolution') : t('ticket.reason');
  const rule = open ? TRANSITIONS[open] : null;
  const reasonRequired = !!open && !!rule && (typeof rule.needsReason === 'function' ? rule.needsReason(ticket.status) : !!rule.needsReason);

  return (
    <>
      <Space wrap>
        {ticket.allowedActions.map((action) => (
          <Button
            key={action}
            type={PRIMARY.includes(action) ? 'primary' : 'default'}
            danger={action === 'cancel'}
            loading={transition.isPending && transition.variables?.vars.action === action}
            data-testid={`action-${action}`}
            onClick={() => (needsForm(ticket, action) ? setOpen(action) : run(action))}
          >
            {action === 'close' && ticket.status !== 'completed' ? t('ticket.closePhoneFix') : label('action', action)}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={open ? label('action', open) : ''}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={transition.isPending}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => open && run(open, values)} preserve={false}>
          {open === 'dispatch' && (
            <>
              <Form.Item name="technicianId" label={t('ticket.leadTechnician')} rules={[{ required: true, message: t('validation.required') }]} initialValue={ticket.assignee?.id}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={technicians.isLoading}
                  data-testid="technician-select"
                  options={(technicians.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.name}（${label('grade', u.grade)}）` }))}
                />
              </Form.Item>
              <Form.Item name="crewIds" label={t('ticket.crew')}>
                <Select mode="multiple" optionFilterProp="label" options={(technicians.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
              </Form.Item>
            </>
          )}
          {open === 'hold' && (
            <Form.Item name="holdReason" label={t('ticket.holdReason')} initialValue="waiting_parts" rules={[{ required: true }]}>
              <Select options={HOLD_REASONS.map((r) => ({ value: r, label: label('holdReason', r) }))} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={reasonLabel} rules={reasonRequired ? [{ required: true, whitespace: true, message: t('validation.required') }] : []}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="transition-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
