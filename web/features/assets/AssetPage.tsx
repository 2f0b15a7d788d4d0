import { Button, Card, Descriptions, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { QrcodeOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isMessageKey } from '../../../shared/i18n';
import { ApiError } from '../../lib/api';
import { TicketTable } from '../../components/TicketTable';
import { useI18n } from '../../lib/i18n';
import { useAsset } from './api';
import { usePrintLabels } from '../../lib/queries/assets';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { AssetDocuments } from './AssetDocuments';
import { MaintenanceCard } from './MaintenanceCard';
import { useTickets } from '../../lib/queries/tickets';
import { WarrantyTag } from '../../components/tags';
import { useAssetPageParts } from '../../lib/asset-page';

/** Attribute labels and values in the user's language, whatever the asset kind. */
function attributeRows(attributes: Record<string, unknown>, t: (k: never) => string, label: (list: string, v: string) => string) {
  const rows: { key: string; label: string; value: string }[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || key === 'extra') continue;
    const name = isMessageKey(`asset.${key}`) ? t(`asset.${key}` as never) : isMessageKey(`address.${key}`) ? t(`address.${key}` as never) : key;
    if (key === 'commissioningParameters' && typeof value === 'object') {
      for (const [p, v] of Object.entries(value as Record<string, string>)) rows.push({ key: `${key}.${p}`, label: `${name} · ${p}`, value: v });
      continue;
    }
    const shown = key === 'movement' ? label('movement', String(value)) : key === 'waterResistance' ? label('waterResistance', String(value)) : String(value);
    rows.push({ key, label: name, value: shown });
  }
  for (const [k, v] of Object.entries((attributes.extra as Record<string, unknown>) ?? {})) rows.push({ key: `extra.${k}`, label: k, value: String(v) });
  return rows;
}

export function AssetPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const me = useMe();
  const asset = useAsset(id);
  const tickets = useTickets({ assetId: id, page: 1, pageSize: 20 });
  const { panels } = useAssetPageParts();
  const printLabels = usePrintLabels();
  const onProblem = useProblemHandler();
  if (asset.isLoading) return <Skeleton active />;
  if (!asset.data) return <Result status="404" title={asset.error instanceof ApiError ? asset.error.problem.title : t('errors.NOT_FOUND')} />;
  const a = asset.data;
  const reasonKey = `warranty.reason.${a.warranty.reason}`;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <div className="page-head">
          <Space>
            <Typography.Title level={4}>{a.productName || a.serialNumber}</Typography.Title>
            <Tag>{label('assetKind', a.kind)}</Tag>
            <WarrantyTag warranty={a.warranty.state} />
          </Space>
          <Space>
            {hasPermission(me.data, 'assets.write') ? (
              <Button icon={<QrcodeOutlined />} loading={printLabels.isPending} onClick={() => printLabels.mutate([a.id], { onError: onProblem })} data-testid="print-labels">
                {t('selfservice.printLabels')}
              </Button>
            ) : null}
            <Link to={`/customers/${a.customerId}`}>{t('asset.owner')}</Link>
          </Space>
        </div>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('asset.serialNumber')}>{a.serialNumber}</Descriptions.Item>
          <Descriptions.Item label={t('asset.brand')}>{a.brand ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('asset.model')}>{a.model ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('asset.purchasedOn')}>{a.purchasedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('asset.installedOn')}>{a.installedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('asset.acceptedOn')}>{a.acceptedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('asset.warrantyBasis')}>{label('warrantyBasis', a.warrantyBasis)}</Descriptions.Item>
          <Descriptions.Item label={t('asset.warrantyMonths')}>{a.warrantyMonths ?? t('asset.orgDefault')}</Descriptions.Item>
          <Descriptions.Item label={t('ticket.warranty')}>
            {isMessageKey(reasonKey) ? t(reasonKey, { endsOn: a.warranty.endsOn ?? '', startsOn: a.warranty.startsOn ?? '' }) : a.warranty.reason}
          </Descriptions.Item>
          {attributeRows(a.attributes, t as never, label).map((r) => (
            <Descriptions.Item key={r.key} label={r.label}>
              {r.value}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <MaintenanceCard assetId={a.id} />
      {panels.map(({ key, Panel }) => (
        <Panel key={key} assetId={a.id} />
      ))}
      <AssetDocuments assetId={a.id} canUpload={hasPermission(me.data, 'assets.write')} />
      <Card title={t('asset.tickets')}>
        <TicketTable size="small" pagination={false} rows={tickets.data?.items ?? []} columns={['number', 'status', 'description', 'reportedAt']} />
      </Card>
    </Space>
  );
}
