import { Card, Empty, Table } from 'antd';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useFittedParts, type FittedPart } from './api-tickets';

/**
 * On the asset's page, its part history: each part fitted on a job, the serial fitted and the
 * serial taken out, newest first, so the next technician knows what is in the machine.
 */
export function FittedPartsCard({ assetId }: { assetId: string }) {
  const me = useMe();
  if (!hasPermission(me.data, 'parts.read')) return null;
  return <FittedParts assetId={assetId} />;
}

function FittedParts({ assetId }: { assetId: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const fitted = useFittedParts(assetId);
  const items = fitted.data?.items ?? [];
  return (
    <Card title={t('parts.fitted.title')} data-testid="asset-fitted-parts">
      <Table<FittedPart>
        size="small"
        rowKey={(r) => `${r.ticketId}:${r.partId}:${r.serial ?? ''}:${r.at}`}
        loading={fitted.isLoading}
        dataSource={items}
        pagination={items.length > 10 ? { pageSize: 10 } : false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('parts.fitted.empty')} /> }}
        columns={[
          { title: t('parts.fitted.at'), dataIndex: 'at', width: 140, render: (at: string) => format.dateTime(at) },
          { title: t('parts.fitted.ticket'), dataIndex: 'ticketNumber', width: 150, render: (n: string, r) => <Link to={`/tickets/${r.ticketId}`}>{n}</Link> },
          { title: t('parts.fitted.part'), dataIndex: 'partName', render: (name: string, r) => `${r.partNumber} ${name}` },
          { title: t('parts.fitted.quantity'), dataIndex: 'quantity', width: 80, align: 'right', render: (q: number, r) => `${q}${r.unit}` },
          { title: t('parts.fitted.serial'), dataIndex: 'serial', width: 130, render: (s: string | null) => s ?? '—' },
          { title: t('parts.fitted.removedSerial'), dataIndex: 'removedSerial', width: 130, render: (s: string | null) => s ?? '—' },
        ]}
      />
    </Card>
  );
}
