import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Col, Collapse, Divider, Form, Input, InputNumber, Modal, Radio, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { checkInDraftBody } from '../../../shared/contracts/workshop';
import { CHECK_STATES, FUEL_LEVELS } from '../../../shared/workshop';
import { schemaRule } from '../../lib/form-rules';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { SignaturePad } from '../../components/SignaturePad';
import { hasPermission, useMe } from '../../lib/session';
import type { Ticket } from '../../lib/queries/tickets';
import { useSaveCheckIn, useSignCheckIn, useUploadWorkshopFile, type Workshop } from './api';
import { DamageEditor } from './CarDiagram';
import { gapsOnForm, initialValues, toBody, type FormValues } from './checkin-form';
import { PhotoField } from './PhotoField';
import { SignedCheckIn } from './SignedCheckIn';

/** A3: reception's walk-around, the checks, each request confirmed, and the customer's signature. */
export function CheckInCard({ ticket, workshop }: { ticket: Ticket; workshop: Workshop }) {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const fmt = useFormat();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const showProblem = useProblemHandler(form);
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

  const saveDraft = () =>
    save.mutate({ body: toBody(form.getFieldsValue(true) as FormValues), version }, { onSuccess: () => message.success(t('workshop.checkIn.saved')), onError: showProblem });

  /** The same conditions the server signs under (A3, `checkInGaps`), checked before the customer is handed the pad. */
  const readyToSign = () => {
    const { problems, cleared } = gapsOnForm(form.getFieldsValue(true) as FormValues, workshop.checklistItems, t, (item) => label('checklistItem', item));
    form.setFields([...cleared, ...problems] as Parameters<typeof form.setFields>[0]);
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
