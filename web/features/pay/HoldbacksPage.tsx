import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useHoldbacks, type HoldbackLedger } from './api';

type Move = HoldbackLedger['items'][number];
type Balance = HoldbackLedger['balances'][number];

export const MOVE_COLOURS: Record<Move['move'], string> = { held: 'gold', released: 'green', forfeited: 'red' };

/** M8: the hold-backs per technician: what is still held per ticket, and every move with its date. */
export function HoldbacksPage() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const [userId, setUserId] = useState<string | undefined>();
  const ledger = useHoldbacks(userId);
  const all = useHoldbacks();
  const names = useMemo(() => new Map((all.data?.items ?? []).map((m) => [m.userId, m.name])), [all.data]);
  const data = ledger.data;
  const heldTotal = (data?.balances ?? []).reduce((sum, b) => sum + b.heldFen, 0);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <div className="page-head">
          <Typography.Title level={4}>{t('pay.holdbacks.title')}</Typography.Title>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 220 }}
            placeholder={t('pay.holdbacks.allPeople')}
            value={userId}
            onChange={setUserId}
            options={[...names].map(([value, name]) => ({ value, label: name }))}
            data-testid="holdback-person"
          />
        </div>
        <Typography.Title level={5}>
          {t('pay.holdbacks.balances')}
          <Typography.Text type="secondary" style={{ marginInlineStart: 12, fontWeight: 'normal' }} data-testid="holdback-total">
            {t('myPay.heldTotal', { amount: fmt.yuan(heldTotal) })}
          </Typography.Text>
        </Typography.Title>
        <Table<Balance>
          rowKey={(b) => `${b.userId}|${b.ticketId}`}
          size="small"
          loading={ledger.isLoading}
          dataSource={(data?.balances ?? []).filter((b) => b.heldFen !== 0)}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('pay.holdbacks.none') }}
          data-testid="holdback-balances"
          columns={[
            { title: t('pay.holdbacks.person'), dataIndex: 'userId', render: (v: string) => names.get(v) ?? '—' },
            { title: t('pay.holdbacks.ticket'), dataIndex: 'ticketNumber', render: (v: string, b) => <Link to={`/tickets/${b.ticketId}`}>{v}</Link> },
            { title: t('pay.holdbacks.held'), dataIndex: 'heldFen', align: 'right', render: (v: number) => fmt.yuan(v) },
            { title: t('pay.holdbacks.warrantyEndsOn'), dataIndex: 'warrantyEndsOn', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card title={t('pay.holdbacks.moves')}>
        <Table<Move>
          rowKey={(m, i) => `${m.runId}|${m.ticketId}|${m.userId}|${m.move}|${i}`}
          size="small"
          loading={ledger.isLoading}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="holdback-moves"
          columns={[
            { title: t('pay.holdbacks.on'), dataIndex: 'on' },
            { title: t('pay.holdbacks.person'), dataIndex: 'name' },
            { title: t('pay.holdbacks.ticket'), dataIndex: 'ticketNumber', render: (v: string, m) => <Link to={`/tickets/${m.ticketId}`}>{v}</Link> },
            { title: t('pay.holdbacks.move'), dataIndex: 'move', render: (v: Move['move']) => <Tag color={MOVE_COLOURS[v]}>{label('holdbackMove', v)}</Tag> },
            { title: t('pay.holdbacks.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => fmt.yuan(v) },
            { title: t('pay.holdbacks.month'), dataIndex: 'month', render: (v: string, m) => <Link to={`/pay-runs/${m.runId}`}>{v}</Link> },
            { title: t('pay.holdbacks.warrantyEndsOn'), dataIndex: 'warrantyEndsOn', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
    </Space>
  );
}
