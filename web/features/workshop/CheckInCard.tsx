import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Col, Collapse, Descriptions, Divider, Form, Image, Input, InputNumber, Modal, Radio, Row, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { checkInDraftBody } from '../../../shared/contracts/workshop';
import { CHECK_STATES, FUEL_LEVELS } from '../../../shared/workshop';
import { schemaRule } from '../../lib/form-rules';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { applyProblem } from '../../lib/problems';
import { SignaturePad } from '../../components/SignaturePad';
import { hasPermission, useMe } from '../../lib/session';
import type { Ticket } from '../../lib/queries/tickets';
import { useCorrectCheckIn, useSaveCheckIn, useSignCheckIn, useUploadWorkshopFile, type CheckIn, type Workshop } from './api';
import { DamageEditor, type DamagePoint } from './CarDiagram';

const contentUrl = (id: string) => `/api/v1/attachments/${id}/content`;

interface FormValues {
  mileageKm?: number | null;
  fuelLevel?: (typeof FUEL_LEVELS)[number] | null;
  checklist: { item: string; state?: (typeof CHECK_STATES)[number]; note?: string | null }[];
  damagePoints: DamagePoint[];
  photoIds: string[];
  valuablesReminded: boolean;
  licenceChecked: boolean;
  phoneChecked: boolean;
  requests: { text: string; confirmed: boolean }[];
  remarks?: string | null;
}

/** The form starts from the current draft, or from the organisation's checklist and the ticket's own description. */
function initialValues(ticket: Ticket, workshop: Workshop): FormValues {
  const c = workshop.checkIn;
  const byItem = new Map((c?.checklist ?? []).map((e) => [e.item, e]));
  return {
    mileageKm: c?.mileageKm ?? null,
    fuelLevel: c?.fuelLevel ?? null,
    checklist: workshop.checklistItems.map((item) => ({ item, state: byItem.get(item)?.state, note: byItem.get(item)?.note ?? null })),
    damagePoints: c?.damagePoints ?? [],
    photoIds: c?.photoIds ?? [],
    valuablesReminded: c?.valuablesReminded ?? false,
    licenceChecked: c?.licenceChecked ?? false,
    phoneChecked: c?.phoneChecked ?? false,
    requests: c?.requests ?? [{ text: ticket.description, confirmed: false }],
    remarks: c?.remarks ?? null,
  };
}

/** What the API takes: checklist rows not yet looked at are left out, so a draft can be partial. */
function toBody(values: FormValues) {
  return {
    mileageKm: values.mileageKm ?? null,
    fuelLevel: values.fuelLevel ?? null,
    checklist: values.checklist.filter((c) => c.state).map((c) => ({ item: c.item, state: c.state!, note: c.note?.trim() || null })),
    damagePoints: values.damagePoints.map((p) => ({ ...p, note: p.note.trim() })),
    photoIds: values.photoIds,
    valuablesReminded: values.valuablesReminded,
    licenceChecked: values.licenceChecked,
    phoneChecked: values.phoneChecked,
    requests: values.requests.filter((r) => r.text?.trim()).map((r) => ({ text: r.text.trim(), confirmed: !!r.confirmed })),
    remarks: values.remarks?.trim() || null,
  };
}

/** Photos of the walk-around, uploaded as they are taken; a form field holding their ids. */
function PhotoField({ ticketId, value = [], onChange, readOnly }: { ticketId: string; value?: string[]; onChange?: (ids: string[]) => void; readOnly?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const upload = useUploadWorkshopFile(ticketId, 'photos');
  return (
    <Space wrap>
      <Image.PreviewGroup>
        {value.map((id) => (
          <div key={id} style={{ position: 'relative' }}>
            <Image src={contentUrl(id)} width={88} height={88} style={{ objectFit: 'cover', borderRadius: 6 }} />
            {!readOnly && (
              <Button
                size="small"
                danger
                shape="circle"
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                style={{ position: 'absolute', top: 2, right: 2 }}
                onClick={() => onChange?.(value.filter((v) => v !== id))}
              />
            )}
          </div>
        ))}
      </Image.PreviewGroup>
      {!readOnly && (
        <Upload
          accept="image/*"
          showUploadList={false}
          customRequest={({ file }) =>
            upload.mutate(file as File, {
              onSuccess: (a) => onChange?.([...value, a.id]),
              onError: (e) => message.error(applyProblem(undefined, e, t('errors.INTERNAL')) ?? t('errors.INTERNAL')),
            })
          }
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="checkin-photo-upload">
            {t('workshop.checkIn.addPhoto')}
          </Button>
        </Upload>
      )}
    </Space>
  );
}

function SignedCheckIn({ ticketId, checkIn, canCorrect }: { ticketId: string; checkIn: CheckIn; canCorrect: boolean }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const correct = useCorrectCheckIn(ticketId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const s = checkIn.signature;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="checkin-signed">
      <Space wrap>
        <Tag color={checkIn.status === 'signed' ? 'green' : 'default'}>{label('checkInStatus', checkIn.status)}</Tag>
        <span>{t('workshop.checkIn.revision', { revision: checkIn.revision })}</span>
        {checkIn.correctionReason && <span className="muted">{t('workshop.checkIn.correctionReasonShown', { reason: checkIn.correctionReason })}</span>}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={14}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('workshop.checkIn.mileageKm')}>{checkIn.mileageKm?.toLocaleString() ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('workshop.checkIn.fuelLevel')}>{label('fuelLevel', checkIn.fuelLevel)}</Descriptions.Item>
            {checkIn.checklist.map((c) => (
              <Descriptions.Item key={c.item} label={label('checklistItem', c.item)}>
                <Tag color={c.state === 'ok' ? 'green' : 'red'}>{label('checkState', c.state)}</Tag>
                {c.note}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('workshop.checkIn.checks')}>
              <Space orientation="vertical" size={0}>
                <span>✓ {t('workshop.checkIn.valuablesReminded')}</span>
                <span>✓ {t('workshop.checkIn.licenceCheckedShort')}</span>
                <span>✓ {t('workshop.checkIn.phoneCheckedShort')}</span>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('workshop.checkIn.requests')}>
              <ol style={{ margin: 0, paddingInlineStart: 18 }}>
                {checkIn.requests.map((r, i) => (
                  <li key={i}>
                    {r.text} {r.confirmed && <Tag color="blue">{t('workshop.checkIn.confirmed')}</Tag>}
                  </li>
                ))}
              </ol>
            </Descriptions.Item>
            {checkIn.remarks && <Descriptions.Item label={t('workshop.checkIn.remarks')}>{checkIn.remarks}</Descriptions.Item>}
          </Descriptions>
          {checkIn.photoIds.length > 0 && (
            <>
              <Divider titlePlacement="start">{t('workshop.checkIn.photos')}</Divider>
              <PhotoField ticketId={ticketId} value={checkIn.photoIds} readOnly />
            </>
          )}
        </Col>
        <Col xs={24} md={10}>
          <DamageEditor value={checkIn.damagePoints} readOnly />
        </Col>
      </Row>
      {s && (
        <div>
          <Divider titlePlacement="start">{t('workshop.checkIn.signature')}</Divider>
          <img src={contentUrl(s.attachmentId)} alt={t('workshop.checkIn.signature')} data-testid="checkin-signature" style={{ maxWidth: 320, width: '100%', border: '1px solid #f0f0f0', borderRadius: 6 }} />
          <div className="muted">{t('workshop.checkIn.signedBy', { name: s.signerName, at: fmt.dateTime(s.signedAt), collector: s.collectedBy.name })}</div>
        </div>
      )}
      {canCorrect && checkIn.status === 'signed' && (
        <Button onClick={() => setOpen(true)} data-testid="checkin-correct">
          {t('workshop.checkIn.correct')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('workshop.checkIn.correct')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={correct.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={({ reason }) =>
            correct.mutate(
              { reason, version: checkIn.version },
              {
                onSuccess: () => setOpen(false),
                onError: (e) => {
                  const shown = applyProblem(form, e, t('errors.INTERNAL'));
                  if (shown) message.error(shown);
                },
              },
            )
          }
        >
          <Form.Item name="reason" label={t('workshop.checkIn.correctionReason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** A3: reception's walk-around, the checks, each request confirmed, and the customer's signature. */
export function CheckInCard({ ticket, workshop }: { ticket: Ticket; workshop: Workshop }) {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const fmt = useFormat();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveCheckIn(ticket.id);
  const sign = useSignCheckIn(ticket.id);
  const uploadSignature = useUploadWorkshopFile(ticket.id, 'signature');
  const [signing, setSigning] = useState(false);
  const [signerName, setSignerName] = useState(ticket.customer.name);
  const canEdit = hasPermission(me.data, 'workshop.act') && ticket.status !== 'closed' && ticket.status !== 'cancelled';
  const current = workshop.checkIn;
  const version = current?.version ?? 0;

  const history =
    workshop.checkInHistory.length > 0 ? (
      <Collapse
        size="small"
        style={{ marginTop: 16 }}
        items={[
          {
            key: 'history',
            label: t('workshop.checkIn.history'),
            children: workshop.checkInHistory.map((c) => (
              <div key={c.id} style={{ marginBottom: 8 }}>
                <Tag>{label('checkInStatus', c.status)}</Tag>
                {t('workshop.checkIn.revision', { revision: c.revision })} · {c.signature ? t('workshop.checkIn.signedBy', { name: c.signature.signerName, at: fmt.dateTime(c.signature.signedAt), collector: c.signature.collectedBy.name }) : '—'}
                {c.mileageKm !== null && <span className="muted"> · {t('workshop.checkIn.mileageKm')} {c.mileageKm.toLocaleString()}</span>}
              </div>
            )),
          },
        ]}
      />
    ) : null;

  if (current && current.status !== 'draft') {
    return (
      <>
        <SignedCheckIn ticketId={ticket.id} checkIn={current} canCorrect={canEdit} />
        {history}
      </>
    );
  }
  if (!canEdit) {
    return <Alert type="info" showIcon title={t('workshop.checkIn.none')} />;
  }

  const showProblem = (e: unknown) => {
    const shown = applyProblem(form, e, t('errors.INTERNAL'));
    if (shown) message.error(shown);
  };

  const saveDraft = () =>
    save.mutate({ body: toBody(form.getFieldsValue(true) as FormValues), version }, { onSuccess: () => message.success(t('workshop.checkIn.saved')), onError: showProblem });

  /** The same conditions the server signs under, checked before the customer is handed the pad. */
  const readyToSign = () => {
    const values = form.getFieldsValue(true) as FormValues;
    const problems: { name: (string | number)[]; errors: string[] }[] = [];
    const need = (name: (string | number)[], message: string) => problems.push({ name, errors: [message] });
    if (values.mileageKm === null || values.mileageKm === undefined) need(['mileageKm'], t('validation.required'));
    if (!values.fuelLevel) need(['fuelLevel'], t('validation.required'));
    const undone = values.checklist.filter((c) => !c.state).map((c) => label('checklistItem', c.item));
    if (undone.length) need(['checklist'], t('workshop.validation.checklistIncomplete', { items: undone.join(t('common.listSeparator')) }));
    if (!values.valuablesReminded) need(['valuablesReminded'], t('workshop.validation.valuablesReminder'));
    if (!values.licenceChecked) need(['licenceChecked'], t('workshop.validation.licenceChecked'));
    if (!values.phoneChecked) need(['phoneChecked'], t('workshop.validation.phoneChecked'));
    const requests = values.requests.filter((r) => r.text?.trim());
    if (requests.length === 0) need(['requests'], t('workshop.validation.requestsRequired'));
    values.requests.forEach((r, i) => {
      if (r.text?.trim() && !r.confirmed) need(['requests', i, 'confirmed'], t('workshop.validation.requestUnconfirmed'));
    });
    const checked = [['mileageKm'], ['fuelLevel'], ['checklist'], ['valuablesReminded'], ['licenceChecked'], ['phoneChecked'], ['requests'], ...values.requests.map((_, i) => ['requests', i, 'confirmed'])];
    form.setFields([...checked.map((name) => ({ name, errors: [] })), ...problems] as Parameters<typeof form.setFields>[0]);
    if (problems.length) message.warning(t('errors.detail.checkInIncomplete'));
    return problems.length === 0;
  };

  const signWith = async (png: Blob) => {
    try {
      const attachment = await uploadSignature.mutateAsync(png);
      await sign.mutateAsync({ body: { ...toBody(form.getFieldsValue(true) as FormValues), signatureAttachmentId: attachment.id, signerName: signerName.trim() }, version });
      setSigning(false);
      message.success(t('workshop.checkIn.signed'));
    } catch (e) {
      setSigning(false);
      showProblem(e);
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={initialValues(ticket, workshop)} key={`${current?.id ?? 'new'}-${version}`} data-testid="checkin-form">
      {current?.correctionReason && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('workshop.checkIn.correctionReasonShown', { reason: current.correctionReason })} />}
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="mileageKm" label={t('workshop.checkIn.mileageKm')} rules={[schemaRule(checkInDraftBody.shape.mileageKm, locale)]}>
            <InputNumber min={0} max={5_000_000} precision={0} style={{ width: '100%' }} data-testid="checkin-mileage" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="fuelLevel" label={t('workshop.checkIn.fuelLevel')}>
            <Radio.Group optionType="button" buttonStyle="solid" options={FUEL_LEVELS.map((f) => ({ value: f, label: label('fuelLevel', f) }))} data-testid="checkin-fuel" />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('workshop.checkIn.checklist')}</Divider>
      <Form.List name="checklist">
        {(fields, _ops, { errors }) => (
          <>
          {fields.map((field) => {
            const item = form.getFieldValue(['checklist', field.name, 'item']) as string;
            return (
              <Row key={field.key} gutter={8} align="middle" data-testid={`checklist-${item}`}>
                <Col xs={6} sm={4}>
                  <b>{label('checklistItem', item)}</b>
                </Col>
                <Col xs={18} sm={8}>
                  <Form.Item name={[field.name, 'state']} style={{ marginBottom: 8 }}>
                    <Radio.Group optionType="button" options={CHECK_STATES.map((s) => ({ value: s, label: label('checkState', s) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={[field.name, 'note']} style={{ marginBottom: 8 }}>
                    <Input placeholder={t('workshop.checkIn.note')} maxLength={200} />
                  </Form.Item>
                </Col>
              </Row>
            );
          })}
          <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>

      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Divider titlePlacement="start">{t('workshop.checkIn.damage')}</Divider>
          <Form.Item name="damagePoints">
            <DamageEditor />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Divider titlePlacement="start">{t('workshop.checkIn.photos')}</Divider>
          <Form.Item name="photoIds">
            <PhotoField ticketId={ticket.id} />
          </Form.Item>

          <Divider titlePlacement="start">{t('workshop.checkIn.checks')}</Divider>
          <Form.Item name="valuablesReminded" valuePropName="checked" style={{ marginBottom: 4 }}>
            <Checkbox data-testid="checkin-valuables">{t('workshop.checkIn.valuablesReminded')}</Checkbox>
          </Form.Item>
          <Form.Item name="licenceChecked" valuePropName="checked" style={{ marginBottom: 4 }}>
            <Checkbox data-testid="checkin-licence">{t('workshop.checkIn.licenceChecked')}</Checkbox>
          </Form.Item>
          <Form.Item name="phoneChecked" valuePropName="checked">
            <Checkbox data-testid="checkin-phone">{t('workshop.checkIn.phoneChecked', { phones: ticket.customer.phones.join(t('common.listSeparator')) || '—' })}</Checkbox>
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('workshop.checkIn.requests')}</Divider>
      <Form.List name="requests">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, i) => (
              <Row key={field.key} gutter={8} align="middle" wrap={false}>
                <Col flex="none" style={{ paddingBottom: 8 }}>
                  {i + 1}.
                </Col>
                <Col flex="auto">
                  <Form.Item name={[field.name, 'text']} style={{ marginBottom: 8 }} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                    <Input maxLength={500} placeholder={t('workshop.checkIn.request')} data-testid={`checkin-request-${i}`} />
                  </Form.Item>
                </Col>
                <Col flex="none">
                  <Form.Item name={[field.name, 'confirmed']} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Checkbox data-testid={`checkin-request-confirm-${i}`}>{t('workshop.checkIn.confirmed')}</Checkbox>
                  </Form.Item>
                </Col>
                <Col flex="none">
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} style={{ marginBottom: 8 }} />
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            <Button icon={<PlusOutlined />} onClick={() => add({ text: '', confirmed: false })}>
              {t('workshop.checkIn.addRequest')}
            </Button>
          </>
        )}
      </Form.List>

      <Form.Item name="remarks" label={t('workshop.checkIn.remarks')} style={{ marginTop: 16 }}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>

      <Space wrap>
        <Button onClick={saveDraft} loading={save.isPending} data-testid="checkin-save">
          {t('workshop.checkIn.saveDraft')}
        </Button>
        <Button type="primary" onClick={() => readyToSign() && setSigning(true)} data-testid="checkin-sign">
          {t('workshop.checkIn.sign')}
        </Button>
      </Space>
      {history}

      <Modal open={signing} title={t('workshop.checkIn.signTitle')} footer={null} onCancel={() => setSigning(false)} destroyOnHidden width={560}>
        <Typography.Paragraph type="secondary">{t('workshop.checkIn.signStatement')}</Typography.Paragraph>
        <Form.Item label={t('workshop.checkIn.signerName')} required>
          <Input value={signerName} onChange={(e) => setSignerName(e.target.value)} maxLength={60} data-testid="checkin-signer" />
        </Form.Item>
        <SignaturePad saving={uploadSignature.isPending || sign.isPending} disabled={!signerName.trim()} onSave={signWith} />
      </Modal>
    </Form>
  );
}
