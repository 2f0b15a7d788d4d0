import { Table, Tag, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { Link } from 'react-router';
import { useFormat } from '../lib/format';
import { useI18n } from '../lib/i18n';
import type { TicketRow } from '../lib/queries/tickets';
import { SlaBadge } from './sla';
import { PriorityTag, StatusTag, WarrantyTag } from './tags';

export const TICKET_COLUMNS = ['number', 'status', 'sla', 'priority', 'customer', 'asset', 'description', 'warranty', 'assignee', 'reportedAt'] as const;
export type TicketColumn = (typeof TICKET_COLUMNS)[number];

/** A list of tickets; each column is declared here once, and a page names the ones it shows. */
export function useTicketColumns(): Record<TicketColumn, ColumnType<TicketRow>> {
  const { t } = useI18n();
  const fmt = useFormat();
  return {
    number: { key: 'number', title: t('ticket.number'), dataIndex: 'number', width: 170, render: (n: string, r) => (
        <>
          <Link to={`/tickets/${r.id}`}>{n}</Link>
          {r.chaseCount > 0 && (
            <Tag color="orange" style={{ marginLeft: 4 }} title={t('intake.chaseCount', { count: r.chaseCount })}>
              {t('intake.chaseShort', { count: r.chaseCount })}
            </Tag>
          )}
        </>
      ),
    },
    status: { key: 'status', title: t('ticket.status'), dataIndex: 'status', width: 90, render: (s: TicketRow['status']) => <StatusTag status={s} /> },
    sla: { key: 'sla', title: t('sla.title'), dataIndex: 'sla', width: 130, render: (b: TicketRow['sla']) => <SlaBadge badge={b} /> },
    priority: { key: 'priority', title: t('ticket.priority'), dataIndex: 'priority', width: 110, render: (p: TicketRow['priority'], r) => <PriorityTag priority={p} emergency={r.emergency} /> },
    customer: { key: 'customer', title: t('ticket.customer'), dataIndex: 'customerName', width: 120, render: (name: string, r) => <Link to={`/customers/${r.customerId}`}>{name}</Link> },
    asset: { key: 'asset', title: t('ticket.asset'), dataIndex: 'assetLabel', width: 160, ellipsis: true, responsive: ['xl'] },
    description: { key: 'description', title: t('ticket.description'), dataIndex: 'description', ellipsis: true, width: 240 },
    warranty: { key: 'warranty', title: t('ticket.warranty'), dataIndex: 'warranty', width: 80, render: (w: TicketRow['warranty']) => <WarrantyTag warranty={w} />, responsive: ['md'] },
    assignee: { key: 'assignee', title: t('ticket.assignee'), dataIndex: ['assignee', 'name'], width: 100, responsive: ['md'] },
    reportedAt: { key: 'reportedAt', title: t('ticket.reportedAt'), dataIndex: 'reportedAt', width: 140, render: (v: string) => fmt.dateTime(v), responsive: ['lg'] },
  };
}

/** The ticket list's table: the list page shows every column, a customer's or an asset's page a few. */
export function TicketTable({ rows, columns = TICKET_COLUMNS, ...props }: { rows: TicketRow[]; columns?: readonly TicketColumn[] } & Omit<TableProps<TicketRow>, 'columns' | 'dataSource' | 'rowKey'>) {
  const all = useTicketColumns();
  return <Table<TicketRow> rowKey="id" columns={columns.map((c) => all[c])} dataSource={rows} {...props} />;
}
