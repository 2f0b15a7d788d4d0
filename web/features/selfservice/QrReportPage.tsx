import { Alert, Button, Card, Form, Input, Result, Skeleton, Space, Typography, type FormInstance } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { localTime, useCheckPhoneCode, useQrPage, useSendPhoneCode, useSubmitQrReport, type QrReportResult } from './api';
import './selfservice.css';

/** The fields of the form the server may name; a photo's problem is said as a message. */
const FORM_FIELDS = ['body.description', 'body.name', 'body.phone', 'body.preferredTime', 'body.code'] as const;

/** Seconds before another code may be asked from this page. */
const RESEND_SECONDS = 60;

/** Thumbnails of the chosen photos, freed when they change. */
function Thumbnails({ files }: { files: File[] }) {
  const urls = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  return (
    <div className="selfservice-photos">
      {urls.map((u, i) => (
        <img key={u} src={u} alt={files[i]!.name} />
      ))}
    </div>
  );
}

/**
 * The page an asset's QR label opens (`/r/<token>`), without signing in, made for a phone: the
 * product and a masked serial, and a form for the fault, photos, name, phone and a preferred
 * time. Sending it makes a ticket; the answer shows the ticket number and its tracking link.
 * Nothing of the asset's customer is shown; a returning customer may have their name filled in
 * after typing the code sent by SMS to their number (`PhoneCode`).
 */
export function QrReportPage() {
  const { token = '' } = useParams();
  const { t } = useI18n();
  const page = useQrPage(token);
  const submit = useSubmitQrReport(token);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form, { known: FORM_FIELDS });
  const [photos, setPhotos] = useState<File[]>([]);
  const picker = useRef<HTMLInputElement>(null);
  const [done, setDone] = useState<QrReportResult | null>(null);
  const [verified, setVerified] = useState(false);

  const frame = (body: React.ReactNode) => (
    <div className="selfservice-page">
      <Card className="selfservice-card">
        <div className="selfservice-head">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="qr-org">
            {page.data?.organisation ?? t('selfservice.qr.title')}
          </Typography.Title>
          <LocaleSwitch />
        </div>
        {body}
        {page.data?.hotline ? (
          <div className="selfservice-hotline">
            <a href={`tel:${page.data.hotline}`}>{t('selfservice.qr.hotline', { hotline: page.data.hotline })}</a>
          </div>
        ) : null}
      </Card>
    </div>
  );

  if (page.isLoading) return frame(<Skeleton active />);
  if (page.error || !page.data) {
    const code = page.error instanceof ApiError ? page.error.code : null;
    return frame(<Result status={code === 'RATE_LIMITED' ? 'warning' : '404'} title={code === 'RATE_LIMITED' ? t('errors.RATE_LIMITED') : t('selfservice.qr.notFound')} data-testid="qr-problem" />);
  }
  const p = page.data;
  if (done) {
    return frame(
      <Result
        status="success"
        title={t('selfservice.qr.done')}
        subTitle={<span data-testid="qr-done-number">{t('selfservice.qr.doneNumber', { number: done.ticketNumber })}</span>}
        extra={[
          <Button key="track" type="primary" size="large" href={done.trackingPath} data-testid="qr-tracking-link">
            {t('selfservice.qr.doneTrack')}
          </Button>,
          <Typography.Paragraph key="keep" type="secondary" style={{ marginTop: 12 }}>
            {t('selfservice.qr.doneKeep', { date: localTime(done.trackingExpiresAt, p.timeZone).slice(0, 10) })}
          </Typography.Paragraph>,
        ]}
      />,
    );
  }
  return frame(
    <>
      <div className="selfservice-asset">
        <div>
          {t('selfservice.qr.product')}：<b data-testid="qr-product">{p.product || '—'}</b>
        </div>
        <div>
          {t('selfservice.qr.serial')}：<span data-testid="qr-serial">{p.serialMasked || '—'}</span>
        </div>
      </div>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={({ code: _code, ...values }: { description: string; name: string; phone: string; preferredTime?: string; code?: string }) =>
          submit.mutate({ ...values, photos }, { onSuccess: setDone, onError: onProblem })
        }
      >
        <Form.Item name="description" label={t('selfservice.qr.description')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea rows={4} maxLength={2000} placeholder={t('selfservice.qr.descriptionHint')} data-testid="qr-description" />
        </Form.Item>
        {p.maxPhotos > 0 ? (
          <Form.Item label={t('selfservice.qr.photos', { max: p.maxPhotos })}>
            <input
              type="file"
              accept="image/*"
              multiple
              data-testid="qr-photos"
              ref={picker}
              onChange={(e) => setPhotos(Array.from(e.target.files ?? []).slice(0, p.maxPhotos))}
              style={{ display: 'none' }}
            />
            <Button icon={<CameraOutlined />} onClick={() => picker.current?.click()} style={{ marginBottom: 8 }} data-testid="qr-add-photo">
              {t('selfservice.qr.addPhoto')}
            </Button>
            <Thumbnails files={photos} />
          </Form.Item>
        ) : null}
        <Form.Item name="name" label={t('selfservice.qr.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input maxLength={60} autoComplete="name" data-testid="qr-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('selfservice.qr.phone')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input inputMode="tel" maxLength={20} autoComplete="tel" data-testid="qr-phone" onChange={() => setVerified(false)} />
        </Form.Item>
        {verified ? (
          <Alert type="success" showIcon message={t('selfservice.qr.codeOk')} style={{ marginBottom: 16 }} data-testid="qr-code-ok" />
        ) : (
          <PhoneCode token={token} form={form} onProblem={onProblem} onName={(name) => (form.setFields([{ name: 'name', value: name, errors: [] }]), setVerified(true))} />
        )}
        <Form.Item name="preferredTime" label={t('selfservice.qr.preferredTime')}>
          <Input maxLength={100} placeholder={t('selfservice.qr.preferredTimeHint')} data-testid="qr-preferred-time" />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('selfservice.qr.privacy')}
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending} data-testid="qr-submit">
          {t('selfservice.qr.submit')}
        </Button>
      </Form>
    </>,
  );
}

/**
 * "Been here before?": asks for a code sent to the typed number, then checks it; the right code
 * fills in the name. The page says the same whether or not the number is on file.
 */
function PhoneCode({ token, form, onProblem, onName }: { token: string; form: FormInstance; onProblem: (error: unknown) => void; onName: (name: string) => void }) {
  const { t } = useI18n();
  const send = useSendPhoneCode(token);
  const check = useCheckPhoneCode(token);
  const [sent, setSent] = useState<{ minutes: number } | null>(null);
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const ask = async () => {
    const phone = String((await form.validateFields(['phone']).catch(() => null))?.phone ?? '');
    if (!phone) return;
    send.mutate(phone, {
      onSuccess: (r) => {
        setSent({ minutes: r.expiresInMinutes });
        setWait(RESEND_SECONDS);
      },
      onError: onProblem,
    });
  };
  const confirm = () => {
    const phone = String(form.getFieldValue('phone') ?? '');
    const code = String(form.getFieldValue('code') ?? '').trim();
    form.setFields([{ name: 'code', errors: /^\d{6}$/.test(code) ? [] : [t('selfservice.validation.phoneCode')] }]);
    if (!/^\d{6}$/.test(code)) return;
    check.mutate(
      { phone, code },
      {
        onSuccess: (r) => {
          form.setFieldValue('code', '');
          onName(r.name);
        },
        onError: onProblem,
      },
    );
  };

  return (
    <div className="selfservice-returning" data-testid="qr-returning">
      <Typography.Text type="secondary">{t('selfservice.qr.returning')}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        <Button onClick={ask} loading={send.isPending} disabled={wait > 0} data-testid="qr-send-code">
          {wait > 0 ? t('selfservice.qr.resendIn', { seconds: wait }) : t('selfservice.qr.sendCode')}
        </Button>
      </div>
      {sent ? (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0' }} data-testid="qr-code-sent">
            {t('selfservice.qr.codeSent', { minutes: sent.minutes })}
          </Typography.Paragraph>
          <Form.Item label={t('selfservice.qr.code')} style={{ marginBottom: 0 }}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="code" noStyle>
                <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="qr-code" onPressEnter={(e) => (e.preventDefault(), confirm())} />
              </Form.Item>
              <Button type="primary" ghost onClick={confirm} loading={check.isPending} data-testid="qr-check-code">
                {t('selfservice.qr.checkCode')}
              </Button>
            </Space.Compact>
          </Form.Item>
        </>
      ) : null}
    </div>
  );
}
