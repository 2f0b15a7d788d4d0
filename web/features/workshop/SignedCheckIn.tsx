import { Button, Col, Descriptions, Divider, Form, Input, Modal, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useCorrectCheckIn, type CheckIn } from './api';
import { DamageEditor } from './CarDiagram';
import { PhotoField } from './PhotoField';
const contentUrl = (id: string) => `/api/v1/attachments/${id}/content`;

/** A signed check-in, read-only, with its signature; a correction starts a new revision with its reason. */
export function SignedCheckIn({ ticketId, checkIn, canCorrect }: { ticketId: string; checkIn: CheckIn; canCorrect: boolean }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const correct = useCorrectCheckIn(ticketId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const onProblem = useProblemHandler(form);
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
                onError: onProblem,
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
