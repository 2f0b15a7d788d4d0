import { Alert, App, Checkbox, Col, Form, Input, Modal, Radio, Row, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { localDate } from '../../../shared/time';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/session';
import { useMoveVisit, type Board, type Visit } from './api';
import { useProblemHandler } from '../../lib/problems';
import { CrewFields, dayValue, minuteOf, SlotFields, slotInstants, snap, type CrewChoice, type SlotValues } from './components';
import { SuggestionList } from './SuggestionList';

export interface MoveTarget {
  visit: Visit;
  technicianId?: string | undefined;
  /** Minutes on the board's clock where the block's start was dropped. */
  start?: number | undefined;
}

interface Values extends SlotValues {
  technicianId: string;
  crewIds: string[];
  reason?: string;
  customerRequested: boolean;
  consent?: { agreed?: boolean; words?: string };
}

/**
 * Moving a visit. A new time needs the customer's word (H4): yes or no, what they said, and
 * who spoke to them; or the note that they asked for it themself. A new technician needs a reason.
 */
export function RescheduleDialog({ target, board, technicians, onClose }: { target: MoveTarget | null; board: Board; technicians: CrewChoice[]; onClose: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const move = useMoveVisit();
  // Someone else moved the visit first: the board is refreshed and the dialog closes on it.
  const onProblem = useProblemHandler(form, { known: ['body.technicianId', 'body.reason', 'body.consent.agreed', 'body.consent.words'], conflict: 'dispatch.conflict', onConflict: onClose });
  const visit = target?.visit;

  // The dialog's form is made afresh for each target (destroyOnHidden), starting from what was dropped:
  // initial values rather than an effect that could run before the form is there.
  const initialValues = useMemo(() => {
    if (!target) return undefined;
    const v = target.visit;
    const duration = Math.round((Date.parse(v.plannedEnd) - Date.parse(v.plannedStart)) / 60_000);
    return {
      technicianId: target.technicianId ?? v.leadId,
      crewIds: v.crewIds,
      day: dayValue(target.start !== undefined ? board.day : localDate(new Date(v.plannedStart), board.timeZone)),
      start: target.start ?? snap(minuteOf(v.plannedStart, board.dayStart)),
      duration,
      customerRequested: false,
      consent: { agreed: undefined, words: '' },
    };
  }, [target, board.day, board.dayStart, board.timeZone]);

  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const window = values ? slotInstants(values, board.timeZone) : null;
  const timeChanged = !!visit && !!window && (Date.parse(window.plannedStart) !== Date.parse(visit.plannedStart) || Date.parse(window.plannedEnd) !== Date.parse(visit.plannedEnd));
  const leadChanged = !!visit && !!values?.technicianId && values.technicianId !== visit.leadId;
  const customerRequested = !!values?.customerRequested;
  const needsConsent = timeChanged && !customerRequested;
  const needsReason = leadChanged || needsConsent;

  const submit = (v: Values) => {
    if (!visit) return;
    const slot = slotInstants(v, board.timeZone)!;
    const consent = v.consent?.agreed !== undefined && v.consent.words?.trim() ? { agreed: v.consent.agreed, words: v.consent.words.trim(), obtainedById: me.data?.id ?? null } : null;
    move.mutate(
      {
        visit,
        body: { ...slot, technicianId: v.technicianId, crewIds: v.crewIds ?? [], reason: v.reason || null, customerRequested: !!v.customerRequested, consent },
      },
      {
        onSuccess: () => {
          message.success(t('dispatch.moved'));
          onClose();
        },
        onError: onProblem,
      },
    );
  };

  const required = { required: true, message: t('validation.required') };

  return (
    <Modal
      open={!!target}
      width={920}
      title={visit ? t('dispatch.moveTitle', { number: visit.ticketNumber }) : ''}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={move.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {visit && (
        <Row gutter={16}>
          <Col xs={24} md={13}>
            <Typography.Paragraph type="secondary">
              {t('dispatch.currentWindow', { from: fmt.dateTime(visit.plannedStart), to: fmt.short(visit.plannedEnd), customer: visit.customerName })}
            </Typography.Paragraph>
            <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initialValues}>
              <CrewFields technicians={technicians} leadId={values?.technicianId} />
              <SlotFields />
              {timeChanged && (
                <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('dispatch.consentHint')} data-testid="consent-hint" />
              )}
              <Form.Item name="customerRequested" valuePropName="checked" hidden={!timeChanged}>
                <Checkbox data-testid="customer-requested">{t('dispatch.customerRequested')}</Checkbox>
              </Form.Item>
              {timeChanged && (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Form.Item
                    name={['consent', 'agreed']}
                    label={t('dispatch.consentAgreed')}
                    rules={
                      needsConsent
                        ? [
                            required,
                            {
                              validator: async (_r, v: boolean | undefined) => {
                                if (v === false) throw new Error(t('errors.detail.rescheduleNeedsConsent'));
                              },
                            },
                          ]
                        : []
                    }
                  >
                    <Radio.Group
                      data-testid="consent-agreed"
                      options={[
                        { value: true, label: t('dispatch.consentYes') },
                        { value: false, label: t('dispatch.consentNo') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={['consent', 'words']} label={t('dispatch.consentWords')} rules={needsConsent ? [{ ...required, whitespace: true }] : []}>
                    <Input.TextArea rows={2} maxLength={500} placeholder={t('dispatch.consentWordsPlaceholder')} data-testid="consent-words" />
                  </Form.Item>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('dispatch.consentBy', { name: me.data?.name ?? '' })}
                  </Typography.Text>
                </Space>
              )}
              <Form.Item name="reason" label={t('ticket.reason')} rules={needsReason ? [{ ...required, whitespace: true }] : []} style={{ marginTop: 12 }}>
                <Input.TextArea rows={2} maxLength={1000} placeholder={t('dispatch.reasonPlaceholder')} data-testid="move-reason" />
              </Form.Item>
            </Form>
          </Col>
          <Col xs={24} md={11}>
            <SuggestionList
              ticketId={visit.ticketId}
              window={window}
              leadId={values?.technicianId}
              crewIds={values?.crewIds ?? []}
              onLead={(id) => form.setFieldsValue({ technicianId: id, crewIds: (values?.crewIds ?? []).filter((c) => c !== id) })}
              onCrew={(id) => {
                const crew = values?.crewIds ?? [];
                form.setFieldsValue({ crewIds: crew.includes(id) ? crew.filter((c) => c !== id) : [...crew, id] });
              }}
              limit={6}
            />
          </Col>
        </Row>
      )}
    </Modal>
  );
}
