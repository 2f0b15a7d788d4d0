import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Form, Image, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Steps, Tag, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { RMA_CARRIERS, RMA_OUTCOMES, RMA_STAGES, type RmaCarrier } from '../../../shared/contracts/billing-rma';
import { isMessageKey } from '../../../shared/i18n';
import { yuanToFen } from '../../../shared/money';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useUsers } from '../../lib/queries/people';
import type { Ticket } from '../../lib/queries/tickets';
import { hasPermission, useMe } from '../../lib/session';
import {
  useAdvanceReplacement,
  useCloseRma,
  useDecideRmaWarranty,
  useMarkDoa,
  useQcRma,
  useReceiveRma,
  useRepairRma,
  useRma,
  useShipRma,
  useProofCandidates,
  useUploadRmaPhoto,
  type Rma,
} from './api-rma';

const contentUrl = (id: string) => `/api/v1/attachments/${id}/content`;

type Dialog = 'receive' | 'warranty' | 'repair' | 'qcFail' | 'ship' | 'doa' | 'advance' | null;

/**
 * C3 on the ticket page of an RMA ticket: where the unit is (a stepper of its stages), what each
 * step recorded (arrival with photos and accessories, the warranty and the rule that decided
 * it, the outcome, QC, the way back), the DOA mark (C5) and an advance replacement; and, for
 * those who handle RMAs, the next step.
 */
export function RmaPanel({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const isRma = ticket.type === 'rma';
  const rma = useRma(ticket.id, isRma);
  const canHandle = hasPermission(me.data, 'rma.handle');
  const [dialog, setDialog] = useState<Dialog>(null);
  const showProblem = useProblemHandler();
  const qc = useQcRma(ticket.id);
  const close = useCloseRma(ticket.id);
  const upload = useUploadRmaPhoto(ticket.id);
  if (!isRma || !rma.data) return null;
  const r = rma.data;
  const finished = ticket.status === 'closed' || ticket.status === 'cancelled' || r.stage === 'closed';
  const act = canHandle && !finished;
  const current = RMA_STAGES.indexOf(r.stage);
  const saved = () => message.success(t('rma.done'));

  return (
    <Card size="small" title={t('rma.panel.title')} style={{ marginTop: 16 }} data-testid="rma-panel" extra={<Tag data-testid="rma-stage">{label('rmaStage', r.stage)}</Tag>}>
      <Steps
        size="small"
        current={current}
        status={r.stage === 'closed' ? 'finish' : 'process'}
        items={RMA_STAGES.map((s) => ({ title: label('rmaStage', s) }))}
        style={{ marginBottom: 16 }}
        responsive
      />
      <Descriptions size="small" column={1} bordered>
        {r.productName || r.serialNumber ? <Descriptions.Item label={t('billing.rma.report.product')}>{[r.productName, r.serialNumber].filter(Boolean).join(' · ')}</Descriptions.Item> : null}
        {r.received && (
          <Descriptions.Item label={label('rmaStage', 'received')}>
            <div data-testid="rma-received">{t('rma.received.summary', { carrier: label('rmaCarrier', r.received.carrier), tracking: r.received.trackingNumber ?? '', at: fmt.dateTime(r.received.at) })}</div>
            <div>
              {t('rma.condition')}：{r.received.condition}
            </div>
            {r.received.accessories.length > 0 && (
              <Space size={4} wrap>
                {t('rma.accessories')}：
                {r.received.accessories.map((a) => (
                  <Tag key={a}>{a}</Tag>
                ))}
              </Space>
            )}
            {(r.batch.lotNumber || r.batch.serialFrom || r.batch.serialTo) && (
              <div>
                {r.batch.lotNumber ? `${t('rma.lotNumber')}：${r.batch.lotNumber}` : `${t('rma.serialFrom')}：${r.batch.serialFrom ?? ''} ~ ${r.batch.serialTo ?? ''}`}
              </div>
            )}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('rma.photos')}>
          <Space wrap>
            <Image.PreviewGroup>
              {r.photos.map((p) => (
                <Image key={p.id} src={contentUrl(p.id)} alt={p.fileName} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 6 }} data-testid="rma-photo" />
              ))}
            </Image.PreviewGroup>
            {act && (
              <Upload
                accept="image/*"
                showUploadList={false}
                customRequest={({ file }) => upload.mutate(file as File, { onSuccess: () => message.success(t('rma.photos.uploaded')), onError: showProblem })}
              >
                <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} data-testid="rma-photo-upload">
                  {t('rma.photos.upload')}
                </Button>
              </Upload>
            )}
          </Space>
        </Descriptions.Item>
        {r.warranty && (
          <Descriptions.Item label={t('rma.warranty.rule')}>
            <Space direction="vertical" size={0} data-testid="rma-warranty">
              <Space size={4}>
                <Tag color={r.warranty.state === 'in' ? 'green' : r.warranty.state === 'out' ? 'orange' : 'default'}>{label('warranty', r.warranty.state)}</Tag>
                <Typography.Text>{warrantyRule(t, r.warranty)}</Typography.Text>
              </Space>
              {r.warranty.startsOn && r.warranty.endsOn && (
                <Typography.Text type="secondary">
                  {t('rma.warranty.period', { start: r.warranty.startsOn, end: r.warranty.endsOn, months: r.warranty.months, basis: label('warrantyBasis', r.warranty.basis ?? 'purchase') })}
                </Typography.Text>
              )}
              {(r.warranty.purchasedOn || r.warranty.proofAttachmentId) && (
                <Typography.Text type="secondary">
                  {r.warranty.purchasedOn ? `${t('rma.warranty.purchasedOn')}：${r.warranty.purchasedOn} ` : ''}
                  {r.warranty.proofAttachmentId ? (
                    <a href={contentUrl(r.warranty.proofAttachmentId)} target="_blank" rel="noreferrer">
                      {t('rma.warranty.proof')}
                    </a>
                  ) : null}
                </Typography.Text>
              )}
            </Space>
          </Descriptions.Item>
        )}
        {r.outcome && (
          <Descriptions.Item label={t('rma.outcome')}>
            <span data-testid="rma-outcome">
              {label('rmaOutcome', r.outcome.outcome)}
              {r.outcome.replacementSerial ? ` · ${r.outcome.replacementSerial}` : ''} · {fmt.dateTime(r.outcome.at)}
            </span>
          </Descriptions.Item>
        )}
        {r.qc.rounds > 0 && (
          <Descriptions.Item label={t('rma.qc')}>
            <span data-testid="rma-qc">
              {r.qc.passedAt ? <Tag color="green">{t('rma.qc.pass')}</Tag> : null}
              {t('rma.qc.rounds', { rounds: r.qc.rounds, failures: r.qc.failures })}
            </span>
          </Descriptions.Item>
        )}
        {r.shipped && (
          <Descriptions.Item label={label('rmaStage', 'shipped')}>
            <span data-testid="rma-shipped">{t('rma.shipped.summary', { carrier: label('rmaCarrier', r.shipped.carrier), tracking: r.shipped.trackingNumber ?? '', at: fmt.dateTime(r.shipped.at) })}</span>
          </Descriptions.Item>
        )}
        {r.received && (
          <Descriptions.Item label={t('rma.doa.title')}>
            <DoaText rma={r} />
          </Descriptions.Item>
        )}
        {r.advance && (
          <Descriptions.Item label={t('rma.advance.title')}>
            <div data-testid="rma-advance">
              {t('rma.advance.summary', {
                serial: r.advance.replacementSerial,
                carrier: label('rmaCarrier', r.advance.carrier),
                tracking: r.advance.trackingNumber ?? '',
                deposit: fmt.yuan(r.advance.depositFen),
                due: r.advance.dueOn,
              })}
            </div>
            {r.advance.returnedAt ? <Tag color="green">{t('rma.advance.returned', { at: fmt.date(r.advance.returnedAt) })}</Tag> : r.advance.overdue ? <Tag color="red">{t('rma.advance.overdue')}</Tag> : null}
          </Descriptions.Item>
        )}
      </Descriptions>

      {r.stage === 'warranty_decided' && r.quoteRequired && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('rma.warranty.quoteRequired')} data-testid="rma-quote-required" />}

      {act && (
        <Space wrap style={{ marginTop: 12 }}>
          {r.next.includes('receive') && (
            <Button type="primary" onClick={() => setDialog('receive')} data-testid="rma-receive">
              {t('rma.receive')}
            </Button>
          )}
          {r.next.includes('decide_warranty') && (
            <Button type={r.stage === 'received' ? 'primary' : 'default'} onClick={() => setDialog('warranty')} data-testid="rma-decide-warranty">
              {t('rma.warranty.decide')}
            </Button>
          )}
          {r.next.includes('repair') && (
            <Button type="primary" onClick={() => setDialog('repair')} data-testid="rma-repair">
              {t('rma.repair')}
            </Button>
          )}
          {r.next.includes('qc') && (
            <>
              <Button type="primary" loading={qc.isPending} onClick={() => qc.mutate({ passed: true }, { onSuccess: saved, onError: showProblem })} data-testid="rma-qc-pass">
                {t('rma.qc.pass')}
              </Button>
              <Button danger onClick={() => setDialog('qcFail')} data-testid="rma-qc-fail">
                {t('rma.qc.fail')}
              </Button>
            </>
          )}
          {r.next.includes('ship') && (
            <Button type="primary" onClick={() => setDialog('ship')} data-testid="rma-ship">
              {t('rma.ship')}
            </Button>
          )}
          {r.next.includes('close') && (
            <Popconfirm title={t('rma.close')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => close.mutate({}, { onSuccess: saved, onError: showProblem })}>
              <Button data-testid="rma-close">{t('rma.close')}</Button>
            </Popconfirm>
          )}
          {r.received && (
            <Button onClick={() => setDialog('doa')} data-testid="rma-doa">
              {r.doa.confirmed ? t('rma.doa.clear') : t('rma.doa.mark')}
            </Button>
          )}
          {!r.advance && r.stage !== 'shipped' && (
            <Button onClick={() => setDialog('advance')} data-testid="rma-advance-ship">
              {t('rma.advance.ship')}
            </Button>
          )}
        </Space>
      )}
      {r.steps.length > 0 && (
        <details style={{ marginTop: 12 }}>
          <summary>{t('rma.steps')}</summary>
          {r.steps.map((s, i) => (
            <div key={i} className="muted">
              {fmt.dateTime(s.at)} · {label('rmaStep', s.step)}
              {s.actorName ? ` · ${s.actorName}` : ''}
              {s.note ? ` · ${s.note}` : ''}
            </div>
          ))}
        </details>
      )}
      <StepDialog ticketId={ticket.id} rma={r} dialog={dialog} onClose={() => setDialog(null)} onSaved={saved} />
    </Card>
  );
}

/** The rule that decided the warranty, in words ("在质保期内（至 2027-03-09）"). */
function warrantyRule(t: ReturnType<typeof useI18n>['t'], w: NonNullable<Rma['warranty']>): string {
  const key = `warranty.reason.${w.reason}`;
  return isMessageKey(key) ? t(key, { endsOn: w.endsOn ?? '', startsOn: w.startsOn ?? '', note: '' }) : w.reason;
}

function DoaText({ rma }: { rma: Rma }) {
  const { t, label } = useI18n();
  const d = rma.doa;
  return (
    <Space direction="vertical" size={0} data-testid="rma-doa-text">
      {d.confirmed ? <Tag color="red">{t('rma.doa.confirmed', { fault: d.fault ?? '' })}</Tag> : null}
      <Typography.Text type={d.suggested && !d.confirmed ? 'warning' : 'secondary'}>
        {d.basis && d.daysAfter !== null
          ? t(d.suggested ? 'rma.doa.suggested' : 'rma.doa.notSuggested', { basis: label('doaBasis', d.basis), days: d.daysAfter, limit: d.limitDays })
          : t('rma.doa.noDates', { limit: d.limitDays })}
      </Typography.Text>
    </Space>
  );
}

interface StepValues {
  carrier?: RmaCarrier;
  trackingNumber?: string;
  condition?: string;
  accessories?: string[];
  lotNumber?: string;
  serialFrom?: string;
  serialTo?: string;
  purchasedOn?: Dayjs | null;
  proofAttachmentId?: string;
  humanDamage?: boolean;
  outcome?: (typeof RMA_OUTCOMES)[number];
  replacementSerial?: string;
  technicianId?: string;
  fault?: string;
  depositYuan?: number;
  note?: string;
}

/** One dialog for the steps that take a form; each submits its own body. */
function StepDialog({
  ticketId,
  rma,
  dialog,
  onClose,
  onSaved,
}: {
  ticketId: string;
  rma: Rma;
  dialog: Dialog;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, label } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<StepValues>();
  const onProblem = useProblemHandler(form);
  const receive = useReceiveRma(ticketId);
  const warranty = useDecideRmaWarranty(ticketId);
  const repair = useRepairRma(ticketId);
  const qc = useQcRma(ticketId);
  const ship = useShipRma(ticketId);
  const doa = useMarkDoa(ticketId);
  const advance = useAdvanceReplacement(ticketId);
  const technicians = useUsers({ role: 'technician' }, dialog === 'repair' && hasPermission(me.data, 'users.read'));
  const proofs = useProofCandidates(ticketId, rma.assetId, dialog === 'warranty');
  const carrier = Form.useWatch('carrier', form);
  const outcome = Form.useWatch('outcome', form);
  const done = { onSuccess: () => (onSaved(), onClose()), onError: onProblem };
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : null);

  const submit = (v: StepValues) => {
    switch (dialog) {
      case 'receive':
        return receive.mutate(
          {
            carrier: v.carrier!,
            trackingNumber: text(v.trackingNumber),
            condition: v.condition ?? '',
            accessories: v.accessories ?? [],
            lotNumber: text(v.lotNumber),
            serialFrom: text(v.serialFrom),
            serialTo: text(v.serialTo),
            note: text(v.note),
          },
          done,
        );
      case 'warranty':
        return warranty.mutate({ purchasedOn: v.purchasedOn ? v.purchasedOn.format('YYYY-MM-DD') : null, proofAttachmentId: v.proofAttachmentId ?? null, humanDamage: !!v.humanDamage, note: text(v.note) }, done);
      case 'repair':
        return repair.mutate({ outcome: v.outcome!, replacementSerial: text(v.replacementSerial), technicianId: v.technicianId ?? null, note: text(v.note) }, done);
      case 'qcFail':
        return qc.mutate({ passed: false, note: text(v.note) }, done);
      case 'ship':
        return ship.mutate({ carrier: v.carrier!, trackingNumber: text(v.trackingNumber), note: text(v.note) }, done);
      case 'doa':
        return doa.mutate({ doa: !rma.doa.confirmed, fault: text(v.fault), lotNumber: text(v.lotNumber) ?? rma.batch.lotNumber }, done);
      case 'advance':
        return advance.mutate({ carrier: v.carrier!, trackingNumber: text(v.trackingNumber), replacementSerial: v.replacementSerial ?? '', depositFen: yuanToFen(v.depositYuan ?? 0), note: text(v.note) }, done);
      default:
        return undefined;
    }
  };
  const titles: Record<Exclude<Dialog, null>, string> = {
    receive: t('rma.receive.title'),
    warranty: t('rma.warranty.title'),
    repair: t('rma.repair.title'),
    qcFail: t('rma.qc.fail'),
    ship: t('rma.ship.title'),
    doa: rma.doa.confirmed ? t('rma.doa.clear') : t('rma.doa.mark'),
    advance: t('rma.advance.ship'),
  };
  const pending = receive.isPending || warranty.isPending || repair.isPending || qc.isPending || ship.isPending || doa.isPending || advance.isPending;
  const carrierField = (
    <>
      <Form.Item name="carrier" label={t('rma.carrier')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select data-testid="rma-carrier" options={RMA_CARRIERS.map((c) => ({ value: c, label: label('rmaCarrier', c) }))} />
      </Form.Item>
      {carrier !== 'carry_in' && (
        <Form.Item name="trackingNumber" label={t('rma.trackingNumber')}>
          <Input maxLength={60} data-testid="rma-tracking" />
        </Form.Item>
      )}
    </>
  );

  return (
    <Modal
      open={!!dialog}
      title={dialog ? titles[dialog] : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={pending}
      okButtonProps={{ 'data-testid': 'rma-dialog-ok' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} onFinish={submit} initialValues={{ carrier: 'sf', outcome: 'repaired', lotNumber: rma.batch.lotNumber ?? undefined }}>
        {dialog === 'receive' && (
          <>
            {carrierField}
            <Form.Item name="condition" label={t('rma.condition')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input.TextArea rows={2} maxLength={500} data-testid="rma-condition" />
            </Form.Item>
            <Form.Item name="accessories" label={t('rma.accessories')}>
              <Select mode="tags" placeholder={t('rma.accessories.placeholder')} open={false} data-testid="rma-accessories" />
            </Form.Item>
            <Space>
              <Form.Item name="lotNumber" label={t('rma.lotNumber')}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="serialFrom" label={t('rma.serialFrom')}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="serialTo" label={t('rma.serialTo')}>
                <Input maxLength={60} />
              </Form.Item>
            </Space>
          </>
        )}
        {dialog === 'warranty' && (
          <>
            <Form.Item name="purchasedOn" label={t('rma.warranty.purchasedOn')}>
              <DatePicker style={{ width: '100%' }} data-testid="rma-purchased-on" />
            </Form.Item>
            <Form.Item name="proofAttachmentId" label={t('rma.warranty.proof')}>
              <Select
                allowClear
                loading={proofs.isLoading}
                data-testid="rma-proof"
                options={(proofs.data ?? []).map((a) => ({ value: a.id, label: `${a.fileName}${a.purpose === 'proof_of_purchase' ? ` · ${label('assetDocument', 'proof_of_purchase')}` : ''}` }))}
              />
            </Form.Item>
            <Form.Item name="humanDamage" valuePropName="checked">
              <Checkbox>{t('rma.warranty.humanDamage')}</Checkbox>
            </Form.Item>
          </>
        )}
        {dialog === 'repair' && (
          <>
            {rma.quoteRequired && <Alert type="warning" showIcon message={t('rma.warranty.quoteRequired')} style={{ marginBottom: 12 }} />}
            <Form.Item name="outcome" label={t('rma.outcome')}>
              <Radio.Group options={RMA_OUTCOMES.map((o) => ({ value: o, label: label('rmaOutcome', o) }))} />
            </Form.Item>
            {outcome === 'replaced' && (
              <Form.Item name="replacementSerial" label={t('rma.replacementSerial')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input maxLength={60} />
              </Form.Item>
            )}
            {technicians.data && (
              <Form.Item name="technicianId" label={label('role', 'technician')}>
                <Select allowClear options={technicians.data.items.map((u) => ({ value: u.id, label: u.name }))} data-testid="rma-technician" />
              </Form.Item>
            )}
          </>
        )}
        {(dialog === 'ship' || dialog === 'advance') && carrierField}
        {dialog === 'advance' && (
          <>
            <Form.Item name="replacementSerial" label={t('rma.replacementSerial')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="depositYuan" label={t('rma.advance.deposit')} rules={[{ required: true, message: t('validation.required') }]}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {dialog === 'doa' && !rma.doa.confirmed && (
          <>
            <Form.Item name="fault" label={t('rma.doa.fault')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input.TextArea rows={2} maxLength={500} data-testid="rma-doa-fault" />
            </Form.Item>
            <Form.Item name="lotNumber" label={t('rma.lotNumber')}>
              <Input maxLength={60} />
            </Form.Item>
          </>
        )}
        {dialog !== 'doa' && (
          <Form.Item name="note" label={t('rma.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
