import { ArrowLeftOutlined, CameraOutlined, CloudUploadOutlined, EnvironmentOutlined, PhoneOutlined, RightOutlined, ToolOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Radio, Result, Skeleton, Space, Steps, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { INSTRUCTION_ITEMS, TRANSPORT_MODES, WAIT_REASONS, type FieldStepKind } from '../../../shared/contracts/fieldwork';
import { nextSteps, recordableSteps } from '../../../shared/field-steps';
import { ApiError, serverNow } from '../../lib/api';
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
import { uploadToTicket, useFieldDay, useFieldStep, useMyVisits, useWorkReport } from './api';
import { ConsumedParts, toConsumed, type ConsumedRow } from './ConsumedParts';
import { OfflineBanner } from './OfflineBanner';
import { enqueue, hasPending, markOffline, useOutbox } from './outbox';

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

/** A file taken on the phone: on the server once `id` is set, else kept until the signal returns. */
interface Taken {
  blob: Blob;
  name: string;
  id?: string;
}

/** Uploads a file now if the phone has signal; without it the file stays on the phone for the outbox. */
async function tryUpload(ticketId: string, file: Taken, purpose: string): Promise<Taken> {
  if (!navigator.onLine) return file;
  try {
    return { ...file, id: await uploadToTicket(ticketId, file.blob, file.name, purpose) };
  } catch (e) {
    if (e instanceof ApiError) throw e;
    markOffline();
    return file;
  }
}

function FinishForm({ ticketId, userId, delivery, onDone, onBack }: { ticketId: string; userId: string; delivery: boolean; onDone: () => void; onBack: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const org = useOrganisation();
  const report = useWorkReport(ticketId);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  const [signature, setSignature] = useState<Taken | null>(null);
  const [photos, setPhotos] = useState<Taken[]>([]);
  const [uploading, setUploading] = useState(false);
  const [keeping, setKeeping] = useState(false);
  const checklist = ((org.data?.settings as { delivery?: { checklist?: string[] } } | undefined)?.delivery?.checklist ?? []) as string[];

  const me = useMe();
  const van = useMyVan(hasPermission(me.data, 'stock.request'));
  const submit = async (v: { faultFound: string; workDone: string; partsUsed?: string; instructed: string[]; deliveryChecklist?: string[]; signerName: string; consumed?: ConsumedRow[] }) => {
    if (!signature) {
      message.warning(t('field.signFirst'));
      return;
    }
    const clientAt = serverNow().toISOString();
    const { consumed, ...rest } = v;
    const body = { ...rest, consumed: toConsumed(consumed), instructed: (v.instructed ?? []) as never, signatureAttachmentId: signature.id ?? null, photoAttachmentIds: photos.flatMap((p) => (p.id ? [p.id] : [])) };
    // Without signal, or with files still on the phone, the whole report waits in the outbox.
    const keep = async () => {
      setKeeping(true);
      try {
        await enqueue({ type: 'report', ticketId, userId, body: { ...body, signatureAttachmentId: signature.id ?? null, clientAt }, signature: signature.id ? null : signature.blob, photos: photos.filter((p) => !p.id) });
        message.info(t('offline.reportSaved'));
        onDone();
      } finally {
        setKeeping(false);
      }
    };
    if (!navigator.onLine || hasPending(userId) || !signature.id || photos.some((p) => !p.id)) return keep();
    report.mutate(body, {
      onSuccess: () => {
        message.success(t('field.finished'));
        onDone();
      },
      onError: (e) => {
        if (e instanceof ApiError) onProblem(e);
        else {
          markOffline();
          void keep();
        }
      },
    });
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ instructed: [] }}>
      <Button icon={<ArrowLeftOutlined />} size="large" onClick={onBack} style={{ marginBottom: 12 }} data-testid="finish-back">
        {t('field.backToSteps')}
      </Button>
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
        <div data-testid="report-photos">
          <Upload
            accept="image/*"
            capture="environment"
            listType="picture"
            customRequest={async ({ file, onSuccess, onError }) => {
              try {
                const taken = await tryUpload(ticketId, { blob: file as File, name: (file as File).name }, 'photo');
                setPhotos((list) => [...list, taken]);
                onSuccess?.(taken.id ?? null);
              } catch (e) {
                showProblem(e);
                onError?.(e as Error);
              }
            }}
          >
            <Button size="large" icon={<CameraOutlined />}>
              {t('field.addPhoto')}
            </Button>
          </Upload>
        </div>
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
        {signature ? (
          <Alert
            type="success"
            showIcon
            message={signature.id ? t('field.signed') : `${t('field.signed')} · ${t('offline.pending')}`}
            action={
              <Button size="large" onClick={() => setSignature(null)}>
                {t('signature.clear')}
              </Button>
            }
          />
        ) : (
          <SignaturePad
            saving={uploading}
            onSave={async (png) => {
              setUploading(true);
              try {
                setSignature(await tryUpload(ticketId, { blob: png, name: 'signature.png' }, 'signature'));
              } catch (e) {
                showProblem(e);
              } finally {
                setUploading(false);
              }
            }}
          />
        )}
      </Form.Item>
      <div className="thumb-bar">
        <Button size="large" onClick={onBack}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" size="large" loading={report.isPending || keeping} data-testid="report-submit">
          {t('field.submitReport')}
        </Button>
      </div>
    </Form>
  );
}

/** The first forward step gets the primary colour; finishing is neutral: it opens a form, it ends nothing yet. */
const FORWARD: readonly FieldStepKind[] = ['depart', 'arrive', 'start', 'resume', 'travel_back', 'back', 'acknowledge'];

/** One job on a technician's phone: the next step is always one big button away, in the thumb zone. */
export function FieldJobPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const showProblem = useProblemHandler();
  const fmt = useFormat();
  const me = useMe();
  const userId = me.data?.id ?? '';
  const ticket = useTicket(id);
  const day = useFieldDay(id);
  const step = useFieldStep(id, userId);
  const outbox = useOutbox();
  const [asking, setAsking] = useState<'depart' | 'travel_back' | 'wait' | null>(null);
  const [choice, setChoice] = useState<string>('company');
  const [finishing, setFinishing] = useState(false);
  const visits = useMyVisits();

  if (ticket.isLoading || day.isLoading) return <Skeleton active />;
  if (!ticket.data || !day.data) return <Result status="404" title={t('errors.NOT_FOUND')} extra={<Link to="/my-day">{t('myDay.title')}</Link>} />;
  const tk = ticket.data;
  const d = day.data;

  // What waits in the outbox for this job counts as done on the phone: the next buttons follow it.
  const pending = outbox.items.filter((i) => i.ticketId === id);
  const pendingSteps = pending.map((i) => ({ id: i.id, kind: i.type === 'step' ? i.body.kind : ('finish' as const), at: i.body.clientAt ?? new Date(i.seq).toISOString() }));
  const all = [...d.steps.map((s) => ({ kind: s.kind as FieldStepKind, at: Date.parse(s.at) })), ...pendingSteps.map((s) => ({ kind: s.kind, at: Date.parse(s.at) }))];
  const reported = !!d.report || pending.some((i) => i.type === 'report');
  const next = pending.length ? recordableSteps(all, reported) : (d.next as FieldStepKind[]);
  const canFinish = pending.length ? !reported && nextSteps(all).includes('finish') : d.canFinish;
  const finished = reported || ['completed', 'closed'].includes(tk.status);
  const nextJob = visits.data?.items.find((v) => v.ticketId !== id && ['dispatched', 'in_progress', 'on_hold'].includes(v.ticketStatus));

  const run = async (kind: FieldStepKind, extra: Record<string, unknown> = {}) => {
    const where = kind === 'arrive' && navigator.onLine ? await locate() : null;
    step.mutate({ kind, ...extra, ...(where ?? {}) } as never, {
      onSuccess: (saved) => (saved ? message.success(label('fieldStep', kind)) : message.info(t('offline.saved'))),
      onError: showProblem,
    });
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
  const buttons = next.filter((k) => k !== 'finish');
  const primary = buttons.find((k) => FORWARD.includes(k));
  // The forward step spans the bar; the others pair up, the last one alone spanning it too.
  const cells = [...buttons, ...(canFinish ? ['finish' as const] : [])];
  const halves = cells.filter((k) => k !== primary);
  const wide = (k: FieldStepKind) => cells.length === 1 || k === primary || (halves.length % 2 === 1 && k === halves.at(-1));

  return (
    <div className="field-phone">
      {userId && <OfflineBanner userId={userId} />}
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
              <a className="tap-target" href={`https://uri.amap.com/search?keyword=${encodeURIComponent(tk.address)}`} target="_blank" rel="noreferrer">
                <EnvironmentOutlined /> {tk.address}
              </a>
            )}
            {tk.customer.phones.map((p) => (
              <a key={p} className="tap-target" href={`tel:${p}`} data-testid="field-phone">
                <PhoneOutlined /> {p}
              </a>
            ))}
            <Typography.Text type="secondary">
              {tk.number}
              {tk.asset && (
                <>
                  {' · '}
                  <ToolOutlined /> {[tk.asset.productName, tk.asset.plate ?? tk.asset.serialNumber].filter(Boolean).join(' · ')}
                </>
              )}
            </Typography.Text>
          </Space>
        </Card>

        <CarriedParts ticketId={id} />

        {d.report && <Alert type="success" showIcon message={t('field.reportDone', { time: fmt.dateTime(d.report.submittedAt) })} />}

        {finishing ? (
          <Card size="small" title={label('fieldStep', 'finish')}>
            <FinishForm ticketId={id} userId={userId} delivery={tk.type === 'delivery'} onDone={() => setFinishing(false)} onBack={() => setFinishing(false)} />
          </Card>
        ) : (
          <Card size="small" title={t('field.steps')}>
            <Steps
              direction="vertical"
              size="small"
              current={d.steps.length + pendingSteps.length}
              items={[
                ...d.steps.map((s) => ({
                  title: label('fieldStep', s.kind),
                  description: (
                    <>
                      {[fmt.short(s.at), s.transport ? label('transport', s.transport) : '', s.waitReason ? label('waitReason', s.waitReason) : '', s.note ?? ''].filter(Boolean).join(' · ')}
                      {s.lateFlagged && s.receivedAt && (
                        <Tag color="orange" style={{ marginInlineStart: 6 }}>
                          {t('field.lateReceived', { minutes: Math.floor((Date.parse(s.receivedAt) - Date.parse(s.at)) / 60_000) })}
                        </Tag>
                      )}
                    </>
                  ),
                })),
                ...pendingSteps.map((s) => ({
                  title: label('fieldStep', s.kind),
                  icon: <CloudUploadOutlined />,
                  description: (
                    <span data-testid="pending-step">
                      {fmt.short(s.at)}{' '}
                      <Tag color="gold">{t('offline.pending')}</Tag>
                    </span>
                  ),
                })),
              ]}
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
        )}

        {!finishing && <TicketClocks ticketId={id} closed={tk.status === 'cancelled'} />}
      </Space>

      {!finishing && (buttons.length > 0 || canFinish || finished) && (
        <div className="thumb-bar" data-testid="thumb-bar">
          {buttons.map((k) => (
            <Button
              key={k}
              className={wide(k) ? 'wide' : undefined}
              size="large"
              type={k === primary ? 'primary' : 'default'}
              loading={step.isPending && step.variables?.kind === k}
              onClick={() => press(k)}
              data-testid={`step-${k}`}
            >
              {label('fieldStep', k)}
            </Button>
          ))}
          {canFinish && (
            <Button className={wide('finish') ? 'wide' : undefined} size="large" color="default" variant="solid" onClick={() => setFinishing(true)} data-testid="step-finish">
              {label('fieldStep', 'finish')}
            </Button>
          )}
          {finished && (
            <>
              <Button size="large" className={nextJob ? undefined : 'wide'} onClick={() => navigate('/my-day')} data-testid="back-to-my-day">
                {t('field.backToMyDay')}
              </Button>
              {nextJob && (
                <Button size="large" type={buttons.length ? 'default' : 'primary'} onClick={() => navigate(`/my-day/${nextJob.ticketId}`)} data-testid="next-job">
                  {t('field.nextJob')} <RightOutlined />
                </Button>
              )}
            </>
          )}
        </div>
      )}

      <Modal
        open={asking !== null}
        title={asking ? label('fieldStep', asking) : ''}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ size: 'large' }}
        cancelButtonProps={{ size: 'large' }}
        onCancel={() => setAsking(null)}
        onOk={() => {
          const kind = asking!;
          setAsking(null);
          void run(kind, kind === 'wait' ? { waitReason: choice } : { transport: choice });
        }}
      >
        <Radio.Group
          value={choice}
          onChange={(e) => setChoice(String(e.target.value))}
          optionType="button"
          buttonStyle="solid"
          size="large"
          style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}
          options={asking === 'wait' ? WAIT_REASONS.map((r) => ({ value: r, label: label('waitReason', r) })) : TRANSPORT_MODES.map((m) => ({ value: m, label: label('transport', m) }))}
          data-testid="step-choice"
        />
        {asking === 'wait' && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('field.waitHint')}
          </Typography.Paragraph>
        )}
      </Modal>
    </div>
  );
}
