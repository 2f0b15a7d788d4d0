import { App, Button, Card, Descriptions, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { ReworkJudgementBody } from '../../../shared/contracts/pay';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useUsers } from '../../lib/queries/people';
import { useTickets, type Ticket } from '../../lib/queries/tickets';
import { ticketKeys } from '../../lib/query-keys';
import { hasPermission, useMe } from '../../lib/session';
import { useDebounced } from '../../lib/use-debounced';
import { useReworkCandidates, useReworkJudgement, useSaveReworkJudgement, type ReworkJudgement } from './api';

/** Ticket types a rework can be: work on a machine or a vehicle, or the complaint about it. */
const REWORK_TYPES = ['repair', 'workshop', 'rma', 'complaint', 'installation'];

type Candidate = NonNullable<ReturnType<typeof useReworkCandidates>['data']>[number];

/**
 * M8 on the ticket page, for whoever judges rework (the service supervisor): which earlier
 * repair this ticket reworks and whose own error caused it (forfeiting their hold-back on it),
 * with the reason; and the judgement once saved. It shows only on a ticket that may be rework:
 * one with earlier finished work on the same asset (or customer), or one already judged.
 */
export function ReworkJudgementPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const canJudge = hasPermission(me.data, 'rework.judge');
  const applies = canJudge && REWORK_TYPES.includes(ticket.type);
  const judgement = useReworkJudgement(ticket.id, applies);
  const candidates = useReworkCandidates(ticket.id, applies);
  const [editing, setEditing] = useState(false);
  const j = judgement.data;
  if (!applies || (!j && !candidates.data?.length)) return null;

  return (
    <Card
      size="small"
      title={t('rework.title')}
      style={{ marginTop: 16 }}
      data-testid="rework-judgement"
      extra={
        !editing && (
          <Button size="small" onClick={() => setEditing(true)} data-testid="rework-judge">
            {j ? t('rework.edit') : t('rework.judge')}
          </Button>
        )
      }
    >
      {editing ? (
        <JudgementForm ticket={ticket} current={j ?? null} candidates={candidates.data ?? []} onDone={() => setEditing(false)} />
      ) : j ? (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('rework.original')}>
            <Link to={`/tickets/${j.originalTicketId}`}>{j.originalTicketNumber}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('rework.atFault')}>
            {j.atFault.length ? (
              <Space size={4} wrap>
                {j.atFault.map((p) => (
                  <Tag key={p.id} color="red">
                    {p.name}
                  </Tag>
                ))}
              </Space>
            ) : (
              t('rework.atFaultNone')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('rework.reason')}>{j.reason}</Descriptions.Item>
          <Descriptions.Item label={t('rework.warranty')}>
            {j.warrantyEndsOn ? (j.withinWarranty ? <Tag color="orange">{t('rework.withinWarranty', { date: j.warrantyEndsOn })}</Tag> : t('rework.outsideWarranty')) : t('rework.noWarranty')}
          </Descriptions.Item>
          <Descriptions.Item>
            <Typography.Text type="secondary">{t('rework.decidedBy', { name: j.decidedBy.name, at: fmt.dateTime(j.decidedAt) })}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <CandidateList candidates={candidates.data ?? []} />
      )}
    </Card>
  );
}

/** The earlier jobs this ticket may rework, newest first, each with its warranty. */
function CandidateList({ candidates }: { candidates: Candidate[] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <Space direction="vertical" size={4} data-testid="rework-candidates">
      <Typography.Text type="secondary">{t('rework.candidates', { scope: t(candidates[0]?.sameAsset ? 'rework.scopeAsset' : 'rework.scopeCustomer') })}</Typography.Text>
      {candidates.map((c) => (
        <Space key={c.ticketId} size={4} wrap>
          <Link to={`/tickets/${c.ticketId}`}>{t('rework.candidate', { number: c.number, date: fmt.date(c.completedAt) })}</Link>
          {c.warrantyEndsOn && (c.withinWarranty ? <Tag color="orange">{t('rework.withinWarranty', { date: c.warrantyEndsOn })}</Tag> : <Tag>{t('rework.outsideWarranty')}</Tag>)}
        </Space>
      ))}
      <Typography.Text type="secondary">{t('rework.none')}</Typography.Text>
    </Space>
  );
}

function JudgementForm({ ticket, current, candidates, onDone }: { ticket: Ticket; current: ReworkJudgement | null; candidates: Candidate[]; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<ReworkJudgementBody>();
  const save = useSaveReworkJudgement(ticket.id);
  const onProblem = useProblemHandler(form, { known: ['body.originalTicketId', 'body.atFaultUserIds', 'body.reason'] });
  const [query, setQuery] = useState('');
  const q = useDebounced(query, 300);
  const tickets = useTickets({ q: q || undefined, page: 1, pageSize: 10 });
  const originalId = Form.useWatch('originalTicketId', form) ?? current?.originalTicketId;
  const original = useQuery({ queryKey: ticketKeys.detail(originalId ?? ''), queryFn: () => api<Ticket>('GET', `/api/v1/tickets/${originalId}`), enabled: !!originalId });
  const technicians = useUsers({ role: 'technician' }, hasPermission(me.data, 'users.read'));

  const ticketOptions = useMemo(() => {
    // The likely originals first (the earlier work on this asset), then what the search finds.
    const rows = candidates.map((c) => ({ value: c.ticketId, label: c.number }));
    for (const tk of tickets.data?.items ?? []) {
      if (tk.id !== ticket.id && !rows.some((r) => r.value === tk.id)) rows.push({ value: tk.id, label: `${tk.number} ${tk.customerName}` });
    }
    if (current && !rows.some((r) => r.value === current.originalTicketId)) rows.unshift({ value: current.originalTicketId, label: current.originalTicketNumber });
    return rows;
  }, [tickets.data, ticket.id, current, candidates]);

  // The original's crew first (whose work is reworked), then this ticket's, then every technician.
  const peopleOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const p of original.data?.crew ?? []) seen.set(p.id, p.name);
    for (const p of current?.atFault ?? []) seen.set(p.id, p.name);
    for (const p of ticket.crew) seen.set(p.id, p.name);
    for (const u of technicians.data?.items ?? []) if (!seen.has(u.id)) seen.set(u.id, u.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [original.data, current, ticket.crew, technicians.data]);

  return (
    <Form<ReworkJudgementBody>
      form={form}
      layout="vertical"
      initialValues={
        current
          ? { originalTicketId: current.originalTicketId, atFaultUserIds: current.atFault.map((p) => p.id), reason: current.reason }
          : { originalTicketId: candidates[0]?.ticketId, atFaultUserIds: [] }
      }
      onFinish={(v) =>
        save.mutate(
          { originalTicketId: v.originalTicketId, atFaultUserIds: v.atFaultUserIds, reason: v.reason.trim() },
          {
            onSuccess: () => {
              message.success(t('rework.saved'));
              onDone();
            },
            onError: onProblem,
          },
        )
      }
    >
      <Form.Item name="originalTicketId" label={t('rework.original')} rules={[{ required: true }]}>
        <Select showSearch filterOption={false} onSearch={setQuery} placeholder={t('rework.originalSearch')} options={ticketOptions} data-testid="rework-original" />
      </Form.Item>
      <Form.Item name="atFaultUserIds" label={t('rework.atFault')} extra={t('rework.atFaultHint')}>
        <Select mode="multiple" showSearch optionFilterProp="label" options={peopleOptions} data-testid="rework-at-fault" />
      </Form.Item>
      <Form.Item name="reason" label={t('rework.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
        <Input.TextArea rows={3} data-testid="rework-reason" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="rework-save">
          {t('rework.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
