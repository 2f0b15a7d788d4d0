import { App, Button, Col, Form, Input, Modal, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { minutesToClock } from '../../../shared/time';
import { mayLead } from '../../../shared/dispatch';
import { useI18n } from '../../lib/i18n';
import { SlaBadge } from '../../components/sla';
import { useAssign, useNextFree, type Board, type NextFree, type QueueItem, type Visit } from './api';
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
export function DispatchDialog({
  target,
  board,
  technicians,
  onClose,
  onDispatched,
}: {
  target: DispatchTarget | null;
  board: Board;
  technicians: CrewChoice[];
  onClose: () => void;
  /** The visit just made, for the board to bring into view. */
  onDispatched?: (visit: Visit) => void;
}) {
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
      // Without a drop, the start comes from the technician's next free time (below).
      start: target.start,
      duration: DEFAULT_DURATION,
    };
  }, [target, board.day]);

  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  // A start the dispatcher dropped or picked is theirs: the next free time no longer replaces it.
  const startChosen = useRef(false);
  useEffect(() => {
    startChosen.current = target?.start !== undefined;
  }, [target]);
  const nextFree = useNextFree(item?.ticketId, values?.technicianId ?? target?.technicianId ?? item?.assigneeId ?? undefined, item ? board.day : undefined, values?.duration ?? DEFAULT_DURATION);
  const applyNextFree = (free: NextFree) => form.setFieldsValue({ day: dayValue(free.day), start: free.minute });
  useEffect(() => {
    if (nextFree.data && !startChosen.current) applyNextFree(nextFree.data);
    // Only a new answer moves the start; the form is stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nextFree.data]);
  const showsNextFree = !!nextFree.data && values?.start === nextFree.data.minute && values.day?.format('YYYY-MM-DD') === nextFree.data.day;
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
        onSuccess: (visit) => {
          message.success(t('dispatch.dispatched'));
          onDispatched?.(visit);
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
              <Form
                form={form}
                layout="vertical"
                onFinish={submit}
                preserve={false}
                initialValues={initialValues}
                onValuesChange={(changed: Partial<Values>) => {
                  if ('start' in changed || 'day' in changed) startChosen.current = true;
                }}
              >
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
                <SlotFields extraStarts={nextFree.data ? [nextFree.data.minute] : []} />
                {nextFree.data && (
                  <Typography.Paragraph
                    type="secondary"
                    style={{ fontSize: 12, marginTop: -16 }}
                    data-testid="next-free"
                    // Whose free time the form shows, once it does: tests wait for it before the suggestions re-rank.
                    data-for={showsNextFree ? (nextFree.data.technicianId ?? '') : undefined}
                  >
                    {t(`dispatch.nextFree.${nextFree.data.reason}`, { day: nextFree.data.day, time: minutesToClock(nextFree.data.minute) })}
                    {!showsNextFree && (
                      <Button type="link" size="small" onClick={() => applyNextFree(nextFree.data!)} data-testid="use-next-free">
                        {t('dispatch.nextFree.use')}
                      </Button>
                    )}
                  </Typography.Paragraph>
                )}
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
