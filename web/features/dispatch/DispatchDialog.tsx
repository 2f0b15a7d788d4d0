import { App, Col, Form, Input, Modal, Row, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { mayLead } from '../../../shared/dispatch';
import { useI18n } from '../../lib/i18n';
import { SlaBadge } from '../../components/sla';
import { useAssign, type Board, type QueueItem } from './api';
import { useProblemHandler } from '../../lib/problems';
import { CrewFields, DEFAULT_DURATION, dayValue, SlotFields, slotInstants, useProductLine, type CrewChoice, type SlotValues } from './components';
import { SuggestionList } from './SuggestionList';

export interface DispatchTarget {
  item: QueueItem;
  technicianId?: string | undefined;
  /** Minutes on the board's clock where it was dropped. */
  start?: number | undefined;
}

interface Values extends SlotValues {
  technicianId: string;
  crewIds: string[];
  reason?: string;
}

/**
 * Dispatching a queued ticket: the lead, the crew and the window, with the ranked suggestions
 * beside them. Dropping a ticket on a technician's row opens it filled in; the button in the
 * queue opens it empty (the form alternative to dragging).
 */
export function DispatchDialog({ target, board, technicians, onClose }: { target: DispatchTarget | null; board: Board; technicians: CrewChoice[]; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const assign = useAssign();
  // Someone else moved the ticket first: the board is refreshed and the dialog closes on it.
  const onProblem = useProblemHandler(form, { known: ['body.technicianId', 'body.reason'], conflict: 'dispatch.conflict', onConflict: onClose });
  const productLine = useProductLine();
  const item = target?.item;

  // The dialog's form is made afresh for each target (destroyOnHidden), starting from what was dropped:
  // initial values rather than an effect that could run before the form is there.
  const initialValues = useMemo(() => {
    if (!target) return undefined;
    return {
      technicianId: target.technicianId ?? target.item.assigneeId ?? undefined,
      crewIds: [],
      day: dayValue(board.day),
      start: target.start ?? 9 * 60,
      duration: DEFAULT_DURATION,
    };
  }, [target, board.day]);

  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const window = values ? slotInstants(values, board.timeZone) : null;
  const leadId = values?.technicianId;
  const crewIds = values?.crewIds ?? [];
  // Sending a dispatched ticket to someone else re-dispatches it: the lifecycle wants a reason.
  const redispatch = item?.status === 'dispatched' && !!leadId && leadId !== item.assigneeId;
  const assignee = technicians.find((x) => x.id === item?.assigneeId);

  const submit = (v: Values) => {
    if (!item) return;
    const slot = slotInstants(v, board.timeZone)!;
    assign.mutate(
      { version: item.version, body: { ticketId: item.ticketId, technicianId: v.technicianId, crewIds: v.crewIds ?? [], ...slot, reason: v.reason || null } },
      {
        onSuccess: () => {
          message.success(t('dispatch.dispatched'));
          onClose();
        },
        onError: onProblem,
      },
    );
  };

  return (
    <Modal
      open={!!target}
      width={920}
      title={item ? t('dispatch.dispatchTitle', { number: item.number }) : ''}
      okText={t('dispatch.dispatch')}
      cancelText={t('common.cancel')}
      confirmLoading={assign.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {item && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text strong>{item.customerName}</Typography.Text>
            {item.emergency && <Tag color="red">{t('ticket.emergency')}</Tag>}
            <Tag>{label('priority', item.priority)}</Tag>
            {item.productLine && <Tag color="blue">{productLine(item.productLine)}</Tag>}
            {(item.city || item.district) && <Tag>{[item.city, item.district].filter(Boolean).join(' ')}</Tag>}
            <SlaBadge badge={item.sla} />
            {assignee && <Tag color="geekblue">{t('dispatch.dispatchedTo', { name: assignee.name })}</Tag>}
          </Space>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
            {item.description}
          </Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initialValues}>
                <CrewFields
                  technicians={technicians}
                  leadId={leadId}
                  leadTestId="dispatch-lead"
                  leadRules={[
                    {
                      validator: async (_r, id: string | undefined) => {
                        const tech = technicians.find((x) => x.id === id);
                        if (tech && !mayLead(tech.employmentStatus)) throw new Error(t('errors.detail.traineeCannotLead'));
                      },
                    },
                  ]}
                />
                <SlotFields />
                <Form.Item name="reason" label={t('dispatch.redispatchReason')} rules={redispatch ? [{ required: true, whitespace: true, message: t('validation.required') }] : []} hidden={!redispatch}>
                  <Input.TextArea rows={2} maxLength={1000} />
                </Form.Item>
              </Form>
            </Col>
            <Col xs={24} md={12}>
              <SuggestionList
                ticketId={item.ticketId}
                window={window}
                leadId={leadId}
                crewIds={crewIds}
                onLead={(id) => form.setFieldsValue({ technicianId: id, crewIds: crewIds.filter((c) => c !== id) })}
                onCrew={(id) => form.setFieldsValue({ crewIds: crewIds.includes(id) ? crewIds.filter((c) => c !== id) : [...crewIds, id] })}
              />
            </Col>
          </Row>
        </Space>
      )}
    </Modal>
  );
}
