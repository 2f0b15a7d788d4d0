import { Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useFormat } from '../../lib/format';
import { formatYuan } from '../../../shared/money';
import { isMessageKey } from '../../../shared/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useTicketEvents } from './api';
import { useTicket, type Ticket } from '../../lib/queries/tickets';
import { PriorityTag, StatusTag, WarrantyTag } from '../../components/tags';
import { Attachments } from './Attachments';
import { Comments } from './Comments';
import { EditTicketButton } from './EditTicketModal';
import { EventText } from './EventText';
import { TransitionActions } from './TransitionActions';
import { useTicketPageParts } from '../../lib/ticket-page';

function WarrantyReason({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const reason = ticket.warrantyReason ?? '';
  if (reason.startsWith('override:')) return <>{t('warranty.reason.override', { note: reason.slice('override:'.length) })}</>;
  const key = `warranty.reason.${reason}`;
  return <>{isMessageKey(key) ? t(key, { endsOn: ticket.warrantyEndsOn ?? '', startsOn: '' }) : reason}</>;
}

export function TicketPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { t, label } = useI18n();
  const fmt = useFormat();
  const ticket = useTicket(id);
  const events = useTicketEvents(id);
  const { panels } = useTicketPageParts();

  if (ticket.isLoading) return <Skeleton active />;
  if (ticket.error || !ticket.data) {
    return <Result status="404" title={ticket.error instanceof ApiError ? ticket.error.problem.title : t('errors.NOT_FOUND')} extra={<Link to="/tickets">{t('nav.tickets')}</Link>} />;
  }
  const tk = ticket.data;
  const time = fmt.dateTime;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <div className="page-head">
          <Space wrap>
            <Typography.Title level={4} data-testid="ticket-number">
              {tk.number}
            </Typography.Title>
            <StatusTag status={tk.status} />
            <PriorityTag priority={tk.priority} emergency={tk.emergency} />
            {tk.holdReason && <Tag color="warning">{label('holdReason', tk.holdReason)}</Tag>}
            {tk.reworkCount > 0 && <Tag color="magenta">{t('ticket.reworkCount', { count: tk.reworkCount })}</Tag>}
            {tk.chaseCount > 0 && (
              <Tag color="orange" data-testid="ticket-chase-count">
                {t('intake.chaseCount', { count: tk.chaseCount })}
              </Tag>
            )}
          </Space>
          <Space wrap>
            {hasPermission(me.data, 'fieldwork.act') && !['closed', 'cancelled', 'reported', 'accepted'].includes(tk.status) && (
              <Link to={`/my-day/${tk.id}`}>
                <Button data-testid="open-field">{t('nav.fieldWork')}</Button>
              </Link>
            )}
            {hasPermission(me.data, 'tickets.update') && !['closed', 'cancelled'].includes(tk.status) && <EditTicketButton ticket={tk} />}
            <TransitionActions ticket={tk} />
          </Space>
        </div>
        <Typography.Paragraph style={{ fontSize: 15, whiteSpace: 'pre-wrap' }} data-testid="ticket-description">
          {tk.description}
        </Typography.Paragraph>
        {tk.resolution && (
          <Typography.Paragraph type="secondary">
            {t('ticket.resolution')}：{tk.resolution}
          </Typography.Paragraph>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('ticket.details')}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('ticket.customer')}>
                <Link to={`/customers/${tk.customerId}`}>{tk.customer.name}</Link>
                {tk.customer.companyName ? `（${tk.customer.companyName}）` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.phones')}>{tk.customer.phones.join(t('common.listSeparator'))}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.asset')}>
                {tk.asset ? <Link to={`/assets/${tk.asset.id}`}>{[tk.asset.productName, tk.asset.plate ?? tk.asset.serialNumber].filter(Boolean).join(' · ')}</Link> : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.address')}>{tk.address ?? '—'}</Descriptions.Item>
              {tk.contactName && <Descriptions.Item label={t('ticket.contactName')}>{`${tk.contactName} ${tk.contactPhone ?? ''}`}</Descriptions.Item>}
              <Descriptions.Item label={t('ticket.type')}>{label('ticketType', tk.type)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.channel')}>{label('channel', tk.channel)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.warranty')}>
                <Space>
                  <WarrantyTag warranty={tk.warranty} />
                  <span className="muted">
                    <WarrantyReason ticket={tk} />
                  </span>
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.estimatedValueFen')}>{tk.estimatedValueFen !== null ? formatYuan(tk.estimatedValueFen) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.assignee')}>{tk.assignee?.name ?? '—'}</Descriptions.Item>
              {/* The lead is named just above: the crew line lists the others who go along. */}
              <Descriptions.Item label={t('ticket.crewOthers')}>
                {tk.crew
                  .filter((c) => !c.isLead)
                  .map((c) => c.name)
                  .join(t('common.listSeparator')) || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.reportedAt')}>{time(tk.reportedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.acceptedAt')}>{time(tk.acceptedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.dispatchedAt')}>{time(tk.dispatchedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.completedAt')}>{time(tk.completedAt)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          {panels
            .filter((p) => p.place === 'side')
            .map(({ key, Panel }) => (
              <Panel key={key} ticket={tk} />
            ))}
          <Card title={t('ticket.timeline')} style={{ marginTop: 16 }}>
            <Timeline
              data-testid="ticket-timeline"
              items={(events.data?.items ?? []).map((e) => ({
                color: e.type === 'transition' ? 'blue' : 'gray',
                children: (
                  <div>
                    <div className="muted">
                      {fmt.short(e.at)} · {e.actor?.name ?? t('event.system')}
                    </div>
                    <EventText event={e} />
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {panels
        .filter((p) => p.place === 'wide')
        .map(({ key, Panel }) => (
          <Panel key={key} ticket={tk} />
        ))}
      <Card>
        <Tabs
          items={[
            { key: 'comments', label: t('ticket.comments'), children: <Comments ticketId={tk.id} /> },
            { key: 'attachments', label: t('ticket.attachments'), children: <Attachments ticketId={tk.id} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
