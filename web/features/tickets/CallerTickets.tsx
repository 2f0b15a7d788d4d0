import { Button, List, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { isIn, OPEN_STATUSES } from '../../../shared/ticket-lifecycle';
import { StatusTag } from '../../components/tags';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useTickets, type TicketRow } from '../../lib/queries/tickets';
import { useChaseTicket } from './api';

/** How many of a caller's tickets intake shows: their open ones first, then the latest others. */
const SHOWN = 8;

/**
 * The caller's open and recent tickets, beside intake: a good share of hotline calls ask after
 * a repair already reported. 催单 (or Alt+C for the first open ticket) records the call as a
 * chase on that ticket instead of a duplicate, and the intake is ready for the next call.
 */
export function CallerTickets({ customerId, onChased }: { customerId: string; onChased: (ticket: { id: string; number: string; chaseCount: number }) => void }) {
  const { t, label } = useI18n();
  const list = useTickets({ customerId, page: 1, pageSize: 20 });
  const chase = useChaseTicket();
  const onProblem = useProblemHandler();
  const rows = list.data?.items ?? [];
  const open = rows.filter((r) => isIn(OPEN_STATUSES, r.status));
  const recent = rows.filter((r) => !isIn(OPEN_STATUSES, r.status));
  const shown = [...open, ...recent].slice(0, SHOWN);
  const first = open[0];

  const record = (row: TicketRow) => {
    if (chase.isPending) return;
    chase.mutate({ id: row.id, body: { channel: 'phone' } }, { onSuccess: (ticket) => onChased(ticket), onError: onProblem });
  };

  useEffect(() => {
    if (!first) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyC') {
        e.preventDefault();
        record(first);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div data-testid="caller-tickets" style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('intake.callerTickets')}</Typography.Text>
      {open.length > 0 && <Tag style={{ marginLeft: 8 }}>{`${t('intake.openTickets')} ${open.length}`}</Tag>}
      <List
        size="small"
        loading={list.isLoading}
        locale={{ emptyText: t('intake.callerTicketsNone') }}
        dataSource={shown}
        renderItem={(row) => {
          const isOpen = isIn(OPEN_STATUSES, row.status);
          return (
            <List.Item
              data-testid="caller-ticket"
              data-number={row.number}
              actions={
                isOpen
                  ? [
                      <Tooltip key="chase" title={t('intake.chaseHint')}>
                        <Button size="small" onClick={() => record(row)} loading={chase.isPending && chase.variables?.id === row.id} data-testid={`chase-${row.number}`}>
                          {t('intake.chase')}
                          {row.id === first?.id ? <span className="muted" style={{ marginLeft: 4 }}>Alt+C</span> : null}
                        </Button>
                      </Tooltip>,
                    ]
                  : []
              }
            >
              <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                <Space size={6} wrap>
                  <Link to={`/tickets/${row.id}`}>{row.number}</Link>
                  <StatusTag status={row.status} />
                  {row.chaseCount > 0 && (
                    <Tag color="orange" data-testid="chase-count">
                      {t('intake.chaseCount', { count: row.chaseCount })}
                    </Tag>
                  )}
                  <span className="muted">{label('ticketType', row.type)}</span>
                </Space>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 340 }}>
                  {[row.assetLabel, row.description].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
    </div>
  );
}
