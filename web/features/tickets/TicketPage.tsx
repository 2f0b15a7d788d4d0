import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Descriptions, Empty, Form, Input, List, Result, Row, Skeleton, Space, Tabs, Tag, Timeline, Typography, Upload } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useFormat } from '../../lib/format';
import { formatYuan } from '../../../shared/money';
import { isMessageKey } from '../../../shared/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useAddComment, useAttachments, useComments, useTicketEvents, useUploadAttachment } from './api';
import { useTicket, type Ticket, type TicketEvent } from '../../lib/queries/tickets';
import { PriorityTag, StatusTag, WarrantyTag } from '../../components/tags';
import { TransitionActions } from './TransitionActions';
import { useTicketPageParts } from '../../lib/ticket-page';

function WarrantyReason({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const reason = ticket.warrantyReason ?? '';
  if (reason.startsWith('override:')) return <>{t('warranty.reason.override', { note: reason.slice('override:'.length) })}</>;
  const key = `warranty.reason.${reason}`;
  return <>{isMessageKey(key) ? t(key, { endsOn: ticket.warrantyEndsOn ?? '', startsOn: '' }) : reason}</>;
}

/**
 * How the timeline tells an event: by the renderer another feature registered for its type
 * (web/app/ticket-page.tsx), else as the ticket's own, else by its label and note.
 */
function EventText({ event }: { event: TicketEvent }) {
  const { t, label } = useI18n();
  const Registered = useTicketPageParts().events[event.type];
  if (Registered) return <Registered event={event} />;
  const d = event.details as Record<string, unknown>;
  switch (event.type) {
    case 'created':
      return <>{t('event.created', { channel: label('channel', String(d.channel ?? '')) })}</>;
    case 'transition':
      return (
        <>
          <b>{label('action', String(d.action ?? ''))}</b>
          {'  '}
          {label('status', event.from)} → {label('status', event.to)}
          {d.holdReason ? `（${label('holdReason', String(d.holdReason))}）` : ''}
          {d.reason ? <div className="muted">{String(d.reason)}</div> : null}
        </>
      );
    case 'assigned':
      return <>{t('event.assigned')}</>;
    case 'comment':
      return (
        <>
          {t('event.comment')}
          {d.internal ? <Tag style={{ marginLeft: 8 }}>{t('comment.internal')}</Tag> : null}
          <div className="muted">{String(d.excerpt ?? '')}</div>
        </>
      );
    case 'attachment':
      return <>{t('event.attachment', { name: String(d.fileName ?? '') })}</>;
    case 'arrived':
    case 'callback':
    case 'loaner_requested':
    case 'loaner_provided':
    case 'contractor_arrived':
    case 'escalated':
      return (
        <>
          {label('eventType', event.type)}
          {d.note ? <div className="muted">{String(d.note)}</div> : null}
        </>
      );
    case 'sla_extended':
      return (
        <>
          {label('eventType', event.type)}：{label('slaMetric', String(d.metric ?? ''))}
          <div className="muted">{String(d.reason ?? '')}</div>
        </>
      );
    case 'sla_alert':
      return <>{t('event.slaAlert', { metric: label('slaMetric', String(d.metric ?? '')), point: Number(d.bp) >= 10000 ? t('policy.atBreach') : `${Number(d.bp) / 100}%` })}</>;
    case 'contractor_default':
      return <>{t('event.contractorDefault', { rate: `${Number(d.deductionRateBp ?? 0) / 100}%` })}</>;
    case 'updated':
      return <>{t('event.updated', { fields: Object.keys((d.changes as object) ?? {}).map((k) => (isMessageKey(`ticket.${k}`) ? t(`ticket.${k}` as never) : k)).join(t('common.listSeparator')) })}</>;
    default:
      return (
        <>
          {label('eventType', event.type)}
          {d.note ? <div className="muted">{String(d.note)}</div> : null}
        </>
      );
  }
}

function Comments({ ticketId }: { ticketId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const comments = useComments(ticketId);
  const add = useAddComment(ticketId);
  const [form] = Form.useForm();
  const staff = me.data && me.data.role !== 'customer' && me.data.role !== 'contractor';
  return (
    <>
      <List
        dataSource={comments.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('comment.none')} /> }}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space>
                  {c.author.name}
                  <span className="muted">{fmt.short(c.createdAt)}</span>
                  {c.internal && <Tag>{t('comment.internal')}</Tag>}
                </Space>
              }
              description={<span style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{c.body}</span>}
            />
          </List.Item>
        )}
      />
      {hasPermission(me.data, 'tickets.comment') && (
        <Form form={form} onFinish={(v) => add.mutate(v, { onSuccess: () => form.resetFields() })}>
          <Form.Item name="body" rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input.TextArea rows={3} placeholder={t('comment.placeholder')} maxLength={4000} />
          </Form.Item>
          <Space>
            <Button htmlType="submit" type="primary" loading={add.isPending}>
              {t('comment.add')}
            </Button>
            {staff && (
              <Form.Item name="internal" valuePropName="checked" noStyle>
                <Checkbox>{t('comment.internal')}</Checkbox>
              </Form.Item>
            )}
          </Space>
        </Form>
      )}
    </>
  );
}

function Attachments({ ticketId }: { ticketId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const showProblem = useProblemHandler();
  const me = useMe();
  const files = useAttachments(ticketId);
  const upload = useUploadAttachment(ticketId);
  return (
    <>
      {hasPermission(me.data, 'attachments.write') && (
        <Upload
          showUploadList={false}
          customRequest={({ file }) =>
            upload.mutate(file as File, {
              onError: showProblem,
            })
          }
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending}>
            {t('attachment.upload')}
          </Button>
        </Upload>
      )}
      <List
        style={{ marginTop: 12 }}
        dataSource={files.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('attachment.none')} /> }}
        renderItem={(a) => (
          <List.Item>
            <a href={`/api/v1/attachments/${a.id}/content`} target="_blank" rel="noreferrer">
              <PaperClipOutlined /> {a.fileName}
            </a>
            <span className="muted">
              {(a.sizeBytes / 1024).toFixed(0)} KB · {fmt.short(a.createdAt)}
            </span>
          </List.Item>
        )}
      />
    </>
  );
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
          </Space>
          <Space wrap>
            {hasPermission(me.data, 'fieldwork.act') && !['closed', 'cancelled', 'reported', 'accepted'].includes(tk.status) && (
              <Link to={`/my-day/${tk.id}`}>
                <Button data-testid="open-field">{t('nav.fieldWork')}</Button>
              </Link>
            )}
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
              <Descriptions.Item label={t('ticket.crew')}>{tk.crew.map((c) => c.name).join(t('common.listSeparator')) || '—'}</Descriptions.Item>
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
