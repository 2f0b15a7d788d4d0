import { Card, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { MOVE_KINDS, type MoveKind } from '../../../shared/contracts/parts';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLedger, type LedgerLine } from './api-stock';
import { formatQuantity, LocationSelect, PartPicker } from './stock-widgets';

const PAGE_SIZE = 50;

/** The stock ledger, newest first: every change with who, when, why and what it belongs to. Never edited. */
export function LedgerPage() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const [partId, setPartId] = useState<string | undefined>();
  const [locationId, setLocationId] = useState<string | undefined>();
  const [kind, setKind] = useState<MoveKind | undefined>();
  const [page, setPage] = useState(1);
  const ledger = useLedger({ partId, locationId, kind, page, pageSize: PAGE_SIZE });
  const delta = (n: number) => (n ? <Typography.Text type={n < 0 ? 'danger' : 'success'}>{formatQuantity(n, true)}</Typography.Text> : <Typography.Text type="secondary">0</Typography.Text>);
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.stockLedger')}</Typography.Title>
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <PartPicker allowClear placeholder={t('stock.allParts')} style={{ width: 260 }} value={partId} onChange={filter(setPartId)} />
        <LocationSelect allowClear placeholder={t('stock.allLocations')} style={{ width: 240 }} value={locationId} onChange={filter(setLocationId)} />
        <Select allowClear placeholder={t('ledger.allKinds')} style={{ width: 180 }} value={kind} onChange={filter(setKind)} options={MOVE_KINDS.map((k) => ({ value: k, label: label('moveKind', k) }))} data-testid="ledger-filter-kind" />
      </Space>
      <Table<LedgerLine>
        rowKey="id"
        size="small"
        loading={ledger.isFetching}
        dataSource={ledger.data?.items ?? []}
        scroll={{ x: 1100 }}
        data-testid="ledger-table"
        pagination={{ current: page, pageSize: PAGE_SIZE, total: ledger.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('ledger.at'), dataIndex: 'at', width: 140, render: (at: string) => fmt.short(at) },
          { title: t('ledger.kind'), dataIndex: 'kind', render: (k: MoveKind) => label('moveKind', k) },
          { title: t('stock.part'), render: (_: unknown, r) => `${r.partNumber} ${r.partName}` },
          { title: t('stock.location'), dataIndex: 'locationName' },
          { title: t('stock.onHand'), dataIndex: 'onHandDelta', align: 'right', render: delta },
          { title: t('stock.reserved'), dataIndex: 'reservedDelta', align: 'right', render: delta },
          { title: t('stock.inTransit'), dataIndex: 'inTransitDelta', align: 'right', render: delta },
          { title: t('ledger.serial'), dataIndex: 'serial', render: (s: string | null) => s ?? '' },
          { title: t('ledger.unitCost'), dataIndex: 'unitCostFen', align: 'right', render: (fen: number | null) => fmt.yuan(fen) },
          { title: t('ledger.reason'), dataIndex: 'reason', render: (r: string | null, line) => (line.ticketId ? <Link to={`/tickets/${line.ticketId}`}>{r ?? t('ledger.ticket')}</Link> : (r ?? '')) },
          { title: t('ledger.actor'), dataIndex: 'actorName' },
        ]}
      />
    </Card>
  );
}
