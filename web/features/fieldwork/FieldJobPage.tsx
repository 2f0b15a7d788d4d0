import { CameraOutlined, EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Result, Segmented, Skeleton, Space, Steps, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { INSTRUCTION_ITEMS, TRANSPORT_MODES, WAIT_REASONS, type FieldStepKind } from '../../../shared/contracts/fieldwork';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { SignaturePad } from '../../components/SignaturePad';
import { TicketClocks } from '../../components/sla';
import { useTicket } from '../../lib/queries/tickets';
import { StatusTag } from '../../components/tags';
import { useOrganisation } from '../../lib/queries/people';
import { useMyVan } from '../../lib/queries/van';
import { hasPermission, useMe } from '../../lib/session';
import { uploadToTicket, useFieldDay, useFieldStep, useWorkReport } from './api';
import { ConsumedParts, toConsumed, type ConsumedRow } from './ConsumedParts';

/** Where the phone is, if it will say within a few seconds; the step goes ahead without it. */
function locate(): Promise<{ latitude: number; longitude: number; accuracyM: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracyM: p.coords.accuracy }),
      () => resolve(null),
      { timeout: 5000, maximumAge: 60_000 },
    ),
  );
}

/** H7: what the van carries for this job (issued by the day's requisition, or reserved in the van). */
function CarriedParts({ ticketId }: { ticketId: string }) {
  const { t, label } = useI18n();
  const me = useMe();
  const van = useMyVan(hasPermission(me.data, 'stock.request'));
  const parts = van.data?.jobs.find((j) => j.ticketId === ticketId)?.parts ?? [];
  if (!parts.length) return null;
  return (
    <Card size="small" title={t('van.forThisJob')} data-testid="job-parts">
      {parts.map((p) => (
        <Space key={p.id} style={{ justifyContent: 'space-between', width: '100%' }}>
          <span>
            {p.partNumber} {p.partName} × {p.quantity}
            {p.unit}
            {p.serial ? ` · ${p.serial}` : ''}
          </span>
          <Tag>{label('ticketPartStatus', p.status)}</Tag>
        </Space>
      ))}
    </Card>
  );
}

function FinishForm({ ticketId, delivery, onDone }: { ticketId: string; delivery: boolean; onDone: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const org = useOrganisation();
  const report = useWorkReport(ticketId);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  const [signatureId, setSignatureId] = useState<string | null>(null);
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const checklist = ((org.data?.settings as { delivery?: { checklist?: string[] } } | undefined)?.delivery?.checklist ?? []) as string[];

  const me = useMe();
  const van = useMyVan(hasPermission(me.data, 'stock.request'));
  const submit = (v: { faultFound: string; workDone: string; partsUsed?: string; instructed: string[]; deliveryChecklist?: string[]; signerName: string; consumed?: ConsumedRow[] }) => {
    if (!signatureId) {
      message.warning(t('field.signFirst'));
      return;
    }
    const { consumed, ...rest } = v;
    report.mutate(
      { ...rest, consumed: toConsumed(consumed), instructed: (v.instructed ?? []) as never, signatureAttachmentId: signatureId, photoAttachmentIds: photoIds },
      {
        onSuccess: () => {
          message.success(t('field.finished'));
          onDone();
        },
        onError: onProblem,
      },
    );
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ instructed: [] }}>
      <Form.Item name="faultFound" label={t('field.faultFound')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={2} data-testid="report-fault" />
      </Form.Item>
      <Form.Item name="workDone" label={t('field.workDone')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={3} data-testid="report-work" />
      </Form.Item>
      <ConsumedParts van={van.data} />
      <Form.Item name="partsUsed" label={t('field.partsUsed')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item label={t('field.photos')}>
        <Upload
          accept="image/*"
          capture="environment"
          listType="picture"
          customRequest={async ({ file, onSuccess, onError }) => {
            try {
              const id = await uploadToTicket(ticketId, file as File, (file as File).name, 'photo');
              setPhotoIds((ids) => [...ids, id]);
              onSuccess?.(id);
            } catch (e) {
              showProblem(e);
              onError?.(e as Error);
            }
          }}
        >
          <Button icon={<CameraOutlined />}>{t('field.addPhoto')}</Button>
        </Upload>
      </Form.Item>
      <Form.Item name="instructed" label={t('field.instructed')} extra={t('field.instructedHint')} rules={[{ validator: (_, v: string[]) => (v?.length === INSTRUCTION_ITEMS.length ? Promise.resolve() : Promise.reject(new Error(t('errors.detail.instructionsMissing')))) }]}>
        <Checkbox.Group options={INSTRUCTION_ITEMS.map((i) => ({ value: i, label: label('instruction', i) }))} data-testid="report-instructed" />
      </Form.Item>
      {delivery && (
        <Form.Item name="deliveryChecklist" label={t('field.deliveryChecklist')} rules={[{ validator: (_, v: string[] | undefined) => ((v ?? []).length === checklist.length ? Promise.resolve() : Promise.reject(new Error(t('validation.required')))) }]}>
          <Checkbox.Group options={checklist} />
        </Form.Item>
      )}
      <Form.Item name="signerName" label={t('field.signerName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input data-testid="report-signer" />
      </Form.Item>
      <Form.Item label={t('field.customerSignature')} required>
        {signatureId ? (
          <Alert type="success" showIcon message={t('field.signed')} action={<Button size="small" onClick={() => setSignatureId(null)}>{t('signature.clear')}</Button>} />
        ) : (
          <SignaturePad
            saving={uploading}
            onSave={async (png) => {
              setUploading(true);
              try {
                setSignatureId(await uploadToTicket(ticketId, png, 'signature.png', 'signature'));
              } catch (e) {
                showProblem(e);
              } finally {
                setUploading(false);
              }
            }}
          />
        )}
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={report.isPending} data-testid="report-submit">
        {t('field.submitReport')}
      </Button>
    </Form>
  );
}

const BIG: Partial<Record<FieldStepKind, 'primary' | 'default'>> = { depart: 'primary', arrive: 'primary', start: 'primary', resume: 'primary', travel_back: 'primary', back: 'primary' };

/** One job on a technician's phone: the next step is always one big button away. */
export function FieldJobPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const fmt = useFormat();
  const ticket = useTicket(id);
  const day = useFieldDay(id);
  const step = useFieldStep(id);
  const [asking, setAsking] = useState<'depart' | 'travel_back' | 'wait' | null>(null);
  const [choice, setChoice] = useState<string>('company');
  const [finishing, setFinishing] = useState(false);

  if (ticket.isLoading || day.isLoading) return <Skeleton active />;
  if (!ticket.data || !day.data) return <Result status="404" title={t('errors.NOT_FOUND')} extra={<Link to="/my-day">{t('myDay.title')}</Link>} />;
  const tk = ticket.data;
  const d = day.data;

  const run = async (kind: FieldStepKind, extra: Record<string, unknown> = {}) => {
    const where = kind === 'arrive' ? await locate() : null;
    step.mutate(
      { kind, ...extra, ...(where ?? {}) } as never,
      {
        onSuccess: () => message.success(label('fieldStep', kind)),
        onError: showProblem,
      },
    );
  };
  const press = (kind: FieldStepKind) => {
    if (kind === 'depart' || kind === 'travel_back') {
      setChoice('company');
      setAsking(kind);
    } else if (kind === 'wait') {
      setChoice('waiting_goods');
      setAsking('wait');
    } else void run(kind);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="field-customer">
              {tk.customer.name}
            </Typography.Title>
            <StatusTag status={tk.status} />
          </Space>
          <Typography.Text>{tk.description}</Typography.Text>
          {tk.address && (
            <a href={`https://uri.amap.com/search?keyword=${encodeURIComponent(tk.address)}`} target="_blank" rel="noreferrer">
              <EnvironmentOutlined /> {tk.address}
            </a>
          )}
          {tk.customer.phones.map((p) => (
            <a key={p} href={`tel:${p}`}>
              <PhoneOutlined /> {p}
            </a>
          ))}
          <Typography.Text type="secondary">
            {tk.number} · {tk.asset ? [tk.asset.productName, tk.asset.plate ?? tk.asset.serialNumber].filter(Boolean).join(' · ') : ''}
          </Typography.Text>
        </Space>
      </Card>

      <CarriedParts ticketId={id} />

      <Card size="small" title={t('field.nextStep')}>
        {d.report ? (
          <Alert type="success" showIcon message={t('field.reportDone', { time: fmt.dateTime(d.report.submittedAt) })} />
        ) : finishing ? (
          <FinishForm ticketId={id} delivery={tk.type === 'delivery'} onDone={() => setFinishing(false)} />
        ) : null}
        {!finishing && (
          <Space direction="vertical" style={{ width: '100%', marginTop: d.report ? 12 : 0 }}>
            {d.next
              .filter((k) => k !== 'finish')
              .map((k) => (
                <Button key={k} block size="large" type={BIG[k as FieldStepKind] ?? 'default'} loading={step.isPending && step.variables?.kind === k} onClick={() => press(k as FieldStepKind)} data-testid={`step-${k}`}>
                  {label('fieldStep', k)}
                </Button>
              ))}
            {d.canFinish && (
              <Button block size="large" type="primary" danger onClick={() => setFinishing(true)} data-testid="step-finish">
                {label('fieldStep', 'finish')}
              </Button>
            )}
          </Space>
        )}
      </Card>

      <Card size="small" title={t('field.steps')}>
        <Steps
          direction="vertical"
          size="small"
          current={d.steps.length}
          items={d.steps.map((s) => ({
            title: label('fieldStep', s.kind),
            description: [fmt.short(s.at), s.transport ? label('transport', s.transport) : '', s.waitReason ? label('waitReason', s.waitReason) : '', s.note ?? ''].filter(Boolean).join(' · '),
          }))}
        />
        {d.entries.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('field.hoursSoFar', {
              direct: (d.entries.filter((e) => e.kind === 'direct').reduce((s, e) => s + e.minutes, 0) / 60).toFixed(1),
              indirect: (d.entries.filter((e) => e.kind !== 'direct').reduce((s, e) => s + e.minutes, 0) / 60).toFixed(1),
            })}
          </Typography.Paragraph>
        )}
      </Card>

      <TicketClocks ticketId={id} closed={tk.status === 'cancelled'} />

      <Modal
        open={asking !== null}
        title={asking ? label('fieldStep', asking) : ''}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onCancel={() => setAsking(null)}
        onOk={() => {
          const kind = asking!;
          setAsking(null);
          void run(kind, kind === 'wait' ? { waitReason: choice } : { transport: choice });
        }}
      >
        <Segmented
          block
          value={choice}
          onChange={(v) => setChoice(String(v))}
          options={(asking === 'wait' ? WAIT_REASONS.map((r) => ({ value: r, label: label('waitReason', r) })) : TRANSPORT_MODES.map((m) => ({ value: m, label: label('transport', m) })))}
          data-testid="step-choice"
        />
        {asking === 'wait' && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('field.waitHint')}</Typography.Paragraph>}
      </Modal>
    </Space>
  );
}
