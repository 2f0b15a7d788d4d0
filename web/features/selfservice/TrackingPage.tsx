import { Button, Card, Descriptions, Input, Popconfirm, Rate, Result, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { formatYuan } from '../../../shared/money';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { SignaturePad } from '../../components/SignaturePad';
import { ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { base64Of, localTime, useDecideQuote, useRate, useTracking, type Tracking } from './api';
import './selfservice.css';

const STATUS_COLOR: Record<string, string> = { completed: 'green', closed: 'default', cancelled: 'red', on_hold: 'orange' };

/**
 * The page a ticket's tracking link opens (`/t/<token>`), without signing in, made for a phone:
 * where the repair stands in plain steps, the visit's date and window, the technician with a
 * masked phone, the quote to approve (signed) or decline, and once it is done a 1–5 rating with
 * a comment. An expired link says so and offers the hotline.
 */
export function TrackingPage() {
  const { token = '' } = useParams();
  const { t } = useI18n();
  const tracking = useTracking(token);
  const rate = useRate(token);
  const onProblem = useProblemHandler();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');

  const frame = (title: string, body: React.ReactNode, hotline?: string) => (
    <div className="selfservice-page">
      <Card className="selfservice-card">
        <div className="selfservice-head">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="track-org">
            {title}
          </Typography.Title>
          <LocaleSwitch />
        </div>
        {body}
        {hotline ? (
          <div className="selfservice-hotline">
            <a href={`tel:${hotline}`}>{t('selfservice.qr.hotline', { hotline })}</a>
          </div>
        ) : null}
      </Card>
    </div>
  );

  if (tracking.isLoading) return frame(t('selfservice.track.title'), <Skeleton active />);
  if (tracking.error || !tracking.data) {
    const error = tracking.error instanceof ApiError ? tracking.error : null;
    const hotline = typeof (error?.problem as { hotline?: unknown } | undefined)?.hotline === 'string' ? ((error!.problem as { hotline?: string }).hotline ?? '') : '';
    const expired = error?.code === 'LINK_EXPIRED';
    return frame(
      t('selfservice.track.title'),
      <Result
        status={expired || error?.code === 'RATE_LIMITED' ? 'warning' : '404'}
        title={expired ? t('selfservice.track.expired') : error?.code === 'RATE_LIMITED' ? t('errors.RATE_LIMITED') : t('selfservice.track.notFound')}
        subTitle={expired ? error?.problem.detail : undefined}
        extra={
          expired && hotline ? (
            <Button type="primary" href={`tel:${hotline}`} data-testid="track-call-hotline">
              {t('selfservice.track.callHotline', { hotline })}
            </Button>
          ) : undefined
        }
        data-testid="track-problem"
      />,
    );
  }
  const v = tracking.data;
  const when = (at: string) => localTime(at, v.timeZone);
  return frame(
    v.organisation,
    <>
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('selfservice.track.number')}>
          <b data-testid="track-number">{v.ticketNumber}</b>
        </Descriptions.Item>
        <Descriptions.Item label={t('selfservice.track.status')}>
          <Tag color={STATUS_COLOR[v.status] ?? 'blue'} data-testid="track-status">
            {t(`selfservice.status.${v.status}` as never)}
          </Tag>
        </Descriptions.Item>
        {v.product ? <Descriptions.Item label={t('selfservice.qr.product')}>{v.product}</Descriptions.Item> : null}
        {v.serialMasked ? <Descriptions.Item label={t('selfservice.qr.serial')}>{v.serialMasked}</Descriptions.Item> : null}
        {v.appointment ? (
          <Descriptions.Item label={t(v.appointment.kind === 'booked' ? 'selfservice.track.appointmentBooked' : 'selfservice.track.appointment')}>
            <span data-testid="track-appointment">
              {v.appointment.end
                ? t('selfservice.track.window', { day: when(v.appointment.at).slice(0, 10), start: when(v.appointment.at).slice(11), end: when(v.appointment.end).slice(11) })
                : when(v.appointment.at)}
            </span>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('selfservice.track.technician')}>
          <span data-testid="track-technician">{v.technician ? `${v.technician.name}${v.technician.phoneMasked ? `（${v.technician.phoneMasked}）` : ''}` : t('selfservice.track.noTechnician')}</span>
        </Descriptions.Item>
      </Descriptions>
      {v.quote ? <QuoteCard token={token} quote={v.quote} timeZone={v.timeZone} /> : null}
      <Typography.Title level={5}>{t('selfservice.track.timeline')}</Typography.Title>
      <Timeline
        data-testid="track-timeline"
        items={[...v.timeline].reverse().map((s, i) => ({
          color: i === 0 ? 'green' : 'gray',
          children: (
            <div>
              <div>{t(`selfservice.step.${s.step}` as never)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {when(s.at)}
              </Typography.Text>
            </div>
          ),
        }))}
      />
      {v.rating && !v.canRate ? (
        <Result status="success" title={t('selfservice.track.rated')} subTitle={t('selfservice.track.yourRating', { score: v.rating.score })} data-testid="track-rated" />
      ) : null}
      {v.canRate ? (
        <Card size="small" title={t('selfservice.track.rate')} data-testid="track-rate-card">
          {v.rating ? (
            <Typography.Paragraph type="success" data-testid="track-rated">
              {t('selfservice.track.rated')} {t('selfservice.track.yourRating', { score: v.rating.score })}
            </Typography.Paragraph>
          ) : (
            <Typography.Paragraph type="secondary">{t('selfservice.track.rateHint')}</Typography.Paragraph>
          )}
          <Rate value={score || v.rating?.score || 0} onChange={setScore} style={{ fontSize: 32 }} data-testid="track-rate" />
          <Input.TextArea
            rows={3}
            maxLength={1000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('selfservice.track.comment')}
            style={{ marginTop: 12 }}
            data-testid="track-comment"
          />
          <Button
            type="primary"
            block
            size="large"
            style={{ marginTop: 12 }}
            disabled={!score}
            loading={rate.isPending}
            onClick={() => rate.mutate({ score, comment: comment.trim() || null }, { onError: onProblem })}
            data-testid="track-submit-rating"
          >
            {t('selfservice.track.submitRating')}
          </Button>
        </Card>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, textAlign: 'center' }}>
        {t('selfservice.track.validUntil', { date: when(v.expiresAt).slice(0, 10) })}
      </Typography.Paragraph>
    </>,
    v.hotline,
  );
}

/** The ticket's quote: its lines and total; while open, approved with a drawn signature or declined. */
function QuoteCard({ token, quote, timeZone }: { token: string; quote: NonNullable<Tracking['quote']>; timeZone: string }) {
  const { t } = useI18n();
  const decide = useDecideQuote(token);
  const onProblem = useProblemHandler();
  const [signer, setSigner] = useState('');
  const status = quote.status === 'approved' || quote.status === 'declined' || quote.status === 'expired' ? quote.status : null;
  return (
    <Card size="small" title={t('selfservice.track.quote')} style={{ marginBottom: 12 }} data-testid="track-quote">
      <Typography.Text type="secondary">
        {t('selfservice.track.quoteVersion', { version: quote.version })} · {t('selfservice.track.quoteValidUntil', { date: localTime(quote.validUntil, timeZone).slice(0, 10) })}
      </Typography.Text>
      <table className="selfservice-quote-lines">
        <tbody>
          {quote.lines.map((l, i) => (
            <tr key={i}>
              <td>
                {l.description}
                {l.quantity !== 1 ? ` × ${l.quantity}` : ''}
              </td>
              <td>{formatYuan(l.amountFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Paragraph strong style={{ textAlign: 'right' }} data-testid="track-quote-total">
        {t('selfservice.track.quoteTotal', { amount: formatYuan(quote.totalFen) })}
      </Typography.Paragraph>
      {status ? (
        <Typography.Paragraph type={status === 'approved' ? 'success' : 'secondary'} data-testid="track-quote-status">
          {t(`selfservice.track.quoteStatus.${status}`)}
        </Typography.Paragraph>
      ) : quote.status === 'open' ? (
        <>
          <Typography.Paragraph type="secondary">{t('selfservice.track.quoteHint')}</Typography.Paragraph>
          <Typography.Text strong>{t('selfservice.track.approve')}</Typography.Text>
          <Input
            placeholder={t('selfservice.track.signerName')}
            value={signer}
            maxLength={60}
            onChange={(e) => setSigner(e.target.value)}
            style={{ margin: '8px 0' }}
            data-testid="track-quote-signer"
          />
          <SignaturePad
            height={160}
            hint={t('selfservice.track.signHere')}
            disabled={!signer.trim()}
            saving={decide.isPending}
            onSave={async (png) =>
              decide.mutate({ quoteId: quote.id, decision: 'approved', signature: { signerName: signer.trim(), png: await base64Of(png) } }, { onError: onProblem })
            }
          />
          <Popconfirm title={t('selfservice.track.declineConfirm')} onConfirm={() => decide.mutate({ quoteId: quote.id, decision: 'declined' }, { onError: onProblem })}>
            <Button danger block style={{ marginTop: 12 }} data-testid="track-quote-decline">
              {t('selfservice.track.decline')}
            </Button>
          </Popconfirm>
        </>
      ) : null}
    </Card>
  );
}
