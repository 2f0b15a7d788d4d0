import { Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import { formatYuan } from '../../../shared/money';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useAssetParts, type AssetParts } from './api-catalogue';

type Row = AssetParts['items'][number];
const yuan = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));

/**
 * A2: on the asset's page, the parts that fit it (by its model or its kind) with the retail
 * price, the contract price this customer pays, and what is available where. A discontinued
 * part names its substitutes with their availability (E5).
 */
export function AssetPartsCard({ assetId }: { assetId: string }) {
  const me = useMe();
  if (!hasPermission(me.data, 'parts.read')) return null;
  return <FittingParts assetId={assetId} />;
}

function FittingParts({ assetId }: { assetId: string }) {
  const { t, label } = useI18n();
  const parts = useAssetParts(assetId);
  const items = parts.data?.items ?? [];
  return (
    <Card title={t('parts.asset.title')} data-testid="asset-parts">
      <Table<Row>
        size="small"
        rowKey="id"
        loading={parts.isLoading}
        dataSource={items}
        pagination={items.length > 10 ? { pageSize: 10 } : false}
        scroll={{ x: 720 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('parts.asset.empty')} /> }}
        columns={[
          {
            title: t('parts.catalogue.name'),
            dataIndex: 'name',
            render: (name: string, p) => (
              <Space direction="vertical" size={0}>
                <span>
                  <Link to={`/parts/catalogue?part=${p.id}`}>{p.number}</Link> {name}{' '}
                  <Tag>{t(`parts.asset.fitsBy.${p.fitsBy}`)}</Tag>
                  {p.discontinued && <Tag color="red">{t('parts.catalogue.discontinued')}</Tag>}
                </span>
                {p.substitutes.length > 0 && (
                  <Typography.Text type="secondary">
                    {t('parts.asset.replacedBy')} {p.substitutes.map((s) => `${s.number} ${s.name}（${t('parts.catalogue.available')} ${s.available}${s.unit}）`).join('；')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('parts.catalogue.category'), dataIndex: 'category', width: 110, responsive: ['md'] },
          { title: t('parts.catalogue.retailPrice'), dataIndex: 'retailPriceFen', width: 100, align: 'right', render: yuan },
          {
            title: <Tooltip title={t('parts.asset.customerPrice')}>{t('parts.catalogue.contractPrice')}</Tooltip>,
            dataIndex: 'customerContractPriceFen',
            width: 100,
            align: 'right',
            render: yuan,
          },
          {
            title: t('parts.catalogue.stockByLocation'),
            dataIndex: 'stock',
            render: (stock: Row['stock'], p) =>
              stock.length === 0 ? (
                <Typography.Text type="secondary">{t('parts.catalogue.noStock')}</Typography.Text>
              ) : (
                <Space size={[4, 4]} wrap>
                  {stock.map((s) => (
                    <Tag key={s.locationId} color={s.available > 0 ? 'green' : 'default'} title={label('locationKind', s.locationKind)}>
                      {s.locationName} {s.available}
                      {p.unit}
                    </Tag>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
