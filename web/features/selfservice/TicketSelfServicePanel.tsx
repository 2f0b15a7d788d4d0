import { LinkOutlined } from '@ant-design/icons';
import { Button, Card, Input, Rate, Typography } from 'antd';
import { useState } from 'react';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import type { Ticket } from '../../lib/queries/tickets';
import { hasPermission, useMe } from '../../lib/session';
import { useNewTrackingLink, useTicketRating } from './api';

/**
 * On the ticket page: the customer's rating from the tracking page (D1; E11's return visits read
 * it), and a new tracking link to give the customer (it is sent to them as well).
 */
export function TicketSelfServicePanel({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const rating = useTicketRating(ticket.id);
  const link = useNewTrackingLink(ticket.id);
  const onProblem = useProblemHandler();
  const [url, setUrl] = useState<string | null>(null);
  const canLink = hasPermission(me.data, 'tickets.update');
  const r = rating.data;
  if (!r && !canLink) return null;
  return (
    <Card size="small" title={t('selfservice.staff.title')} style={{ marginTop: 16 }} data-testid="ticket-selfservice">
      {r ? (
        <div data-testid="ticket-rating">
          <Rate disabled value={r.score} style={{ fontSize: 16 }} /> <Typography.Text type="secondary">{fmt.dateTime(r.ratedAt)}</Typography.Text>
          {r.comment ? <Typography.Paragraph style={{ margin: '4px 0 0' }}>{r.comment}</Typography.Paragraph> : null}
        </div>
      ) : (
        <Typography.Text type="secondary">{t('selfservice.staff.noRating')}</Typography.Text>
      )}
      {canLink ? (
        <div style={{ marginTop: 8 }}>
          <Button
            size="small"
            icon={<LinkOutlined />}
            loading={link.isPending}
            onClick={() => link.mutate(undefined, { onSuccess: (made) => setUrl(`${window.location.origin}${made.path}`), onError: onProblem })}
            data-testid="ticket-tracking-link"
          >
            {t('selfservice.staff.trackingLink')}
          </Button>
          {url ? <Input readOnly value={url} style={{ marginTop: 8 }} data-testid="ticket-tracking-url" /> : null}
        </div>
      ) : null}
    </Card>
  );
}
