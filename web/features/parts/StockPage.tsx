import { Button, Card, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useStock, type Stock } from './api-stock';
import { MovementModal, type MovementKind } from './MovementModal';
import { formatQuantity, LocationKindTag, LocationSelect, PartPicker } from './stock-widgets';

/**
 * A2, C4: what is where. On hand, reserved, available and in transit per part and location,
 * derived from the ledger; serial-tracked parts show their serials. Those who move stock post
 * receipts, issues, transfers and write-offs from here.
 */
export function StockPage() {
  const { t } = useI18n();
  const me = useMe();
  const [locationId, setLocationId] = useState<string | undefined>();
  const [partId, setPartId] = useState<string | undefined>();
  const [nonZero, setNonZero] = useState(true);
  const [moving, setMoving] = useState<MovementKind | null>(null);
  const stock = useStock({ locationId, partId, nonZero });
  const canMove = hasPermission(me.data, 'stock.move');

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.stock')}</Typography.Title>
        {canMove && (
          <Space wrap>
            <Button type="primary" onClick={() => setMoving('receipt')} data-testid="stock-receipt">
              {t('stock.receipt.title')}
            </Button>
            <Button onClick={() => setMoving('issue')} data-testid="stock-issue">
              {t('stock.issue.title')}
            </Button>
            <Button onClick={() => setMoving('transfer')} data-testid="stock-transfer">
              {t('stock.transfer.title')}
            </Button>
            <Button danger onClick={() => setMoving('write_off')} data-testid="stock-write-off">
              {t('stock.writeOff.title')}
            </Button>
          </Space>
        )}
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <LocationSelect allowClear placeholder={t('stock.allLocations')} style={{ width: 240 }} value={locationId} onChange={setLocationId} testId="stock-filter-location" />
        <PartPicker allowClear placeholder={t('stock.allParts')} style={{ width: 260 }} value={partId} onChange={setPartId} testId="stock-filter-part" />
        <Space>
          <Switch size="small" checked={nonZero} onChange={setNonZero} />
          <Typography.Text>{t('stock.nonZeroOnly')}</Typography.Text>
        </Space>
      </Space>
      <Table<Stock>
        rowKey={(r) => `${r.partId}:${r.locationId}`}
        loading={stock.isFetching}
        dataSource={stock.data ?? []}
        scroll={{ x: 900 }}
        size="middle"
        data-testid="stock-table"
        locale={{ emptyText: t('stock.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('stock.partNumber'), dataIndex: 'partNumber', width: 130 },
          { title: t('stock.partName'), dataIndex: 'partName' },
          {
            title: t('stock.location'),
            dataIndex: 'locationName',
            render: (name: string, r) => (
              <Space size={4}>
                {name}
                <LocationKindTag kind={r.locationKind} />
              </Space>
            ),
          },
          { title: t('stock.onHand'), dataIndex: 'onHand', align: 'right', render: (n: number, r) => `${formatQuantity(n)} ${r.unit}` },
          { title: t('stock.reserved'), dataIndex: 'reserved', align: 'right', render: (n: number) => formatQuantity(n) },
          {
            title: t('stock.available'),
            dataIndex: 'available',
            align: 'right',
            render: (n: number) => <Typography.Text strong type={n > 0 ? undefined : 'danger'}>{formatQuantity(n)}</Typography.Text>,
          },
          { title: t('stock.inTransit'), dataIndex: 'inTransit', align: 'right', render: (n: number) => (n ? <Tag color="orange">{formatQuantity(n)}</Tag> : '0') },
          {
            title: t('stock.serials'),
            dataIndex: 'serials',
            responsive: ['md'],
            render: (serials: string[]) => (
              <Space size={[4, 4]} wrap>
                {serials.map((s) => (
                  <Tag key={s}>{s}</Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {moving && <MovementModal kind={moving} open onClose={() => setMoving(null)} initialLocationId={locationId} />}
    </Card>
  );
}
