import { Button, Card, Input, List, Popconfirm, Result, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { formatYuan } from '../../../shared/money';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { SignaturePad } from '../../components/SignaturePad';
import { ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { signatureOf, usePublicDecision, usePublicQuote } from './api-quotes';
import './billing.css';

/** YYYY-MM-DD on the organisation's calendar, as the staff pages show it, whatever the phone's zone and locale. */
function dayOf(instant: string, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * C3: the page an approval link opens (`/q/<token>`), without signing in, made for a phone: the
 * organisation, the ticket number, the product, each line and its cost, the total; the customer
 * approves with a drawn signature or declines. Nothing else about them is shown.
 */
export function PublicQuotePage() {
  const { token = '' } = useParams();
  const { t, label } = useI18n();
  const quote = usePublicQuote(token);
  const decide = usePublicDecision(token);
  const onProblem = useProblemHandler();
  const [signer, setSigner] = useState('');

  const frame = (body: React.ReactNode) => (
    <div className="quote-page">
      <Card className="quote-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="public-quote-org">
            {quote.data?.organisation ?? t('quotes.public.title')}
          </Typography.Title>
          <LocaleSwitch />
        </div>
        {body}
      </Card>
    </div>
  );

  if (quote.isLoading) return frame(<Skeleton active />);
  if (quote.error || !quote.data) {
    const code = quote.error instanceof ApiError ? quote.error.code : null;
    return frame(
      <Result
        status={code === 'LINK_EXPIRED' || code === 'RATE_LIMITED' ? 'warning' : '404'}
        title={code === 'LINK_EXPIRED' ? t('quotes.public.expired') : code === 'RATE_LIMITED' ? t('errors.RATE_LIMITED') : t('quotes.public.notFound')}
        data-testid="public-quote-problem"
      />,
    );
  }
  const q = quote.data;
  return frame(
    <>
      <Typography.Text type="secondary">{t('quotes.public.title')}</Typography.Text>
      <div style={{ margin: '8px 0' }}>
        <div>
          {t('quotes.ticket')}: <b data-testid="public-quote-ticket">{q.ticketNumber}</b>
        </div>
        {q.product ? (
          <div>
            {t('quotes.product')}: {q.product}
          </div>
        ) : null}
        <div>
          {t('quotes.version', { version: q.version })} · {t('quotes.validUntil')} <span data-testid="public-quote-valid-until">{dayOf(q.validUntil, q.timeZone)}</span>
        </div>
      </div>
      <List
        size="small"
        bordered
        dataSource={q.lines}
        renderItem={(l) => (
          <List.Item extra={<b>{formatYuan(l.amountFen)}</b>}>
            <List.Item.Meta title={l.description} description={`${label('lineKind', l.kind)} × ${l.quantity} · ${label('quoteRule', l.rule)}`} />
          </List.Item>
        )}
      />
      <div className="quote-total">
        {t('quotes.total')} <span data-testid="public-quote-total">{formatYuan(q.totalFen)}</span>
      </div>
      {q.status === 'approved' ? (
        <Result status="success" title={t('quotes.public.approved')} data-testid="public-quote-done" />
      ) : q.status === 'declined' ? (
        <Result status="info" title={t('quotes.public.declined')} data-testid="public-quote-done" />
      ) : q.status !== 'open' ? (
        <Result status="warning" title={t('quotes.public.closed', { status: label('quoteStatus', q.status) })} />
      ) : (
        <>
          <Typography.Paragraph style={{ marginTop: 12 }}>{t('quotes.public.intro')}</Typography.Paragraph>
          <Typography.Text strong>{t('quotes.public.approve')}</Typography.Text>
          <Input placeholder={t('quotes.public.signerName')} value={signer} onChange={(e) => setSigner(e.target.value)} data-testid="signer-name" style={{ marginBottom: 8 }} />
          <SignaturePad
            height={160}
            hint={t('quotes.signHere')}
            disabled={!signer.trim()}
            saving={decide.isPending}
            onSave={async (png) => decide.mutate({ decision: 'approved', signature: await signatureOf(signer.trim(), png) }, { onError: onProblem })}
          />
          <Space style={{ marginTop: 12 }}>
            <Popconfirm title={t('quotes.public.declineConfirm')} onConfirm={() => decide.mutate({ decision: 'declined' }, { onError: onProblem })}>
              <Button danger data-testid="public-quote-decline">
                {t('quotes.public.decline')}
              </Button>
            </Popconfirm>
          </Space>
        </>
      )}
    </>,
  );
}
