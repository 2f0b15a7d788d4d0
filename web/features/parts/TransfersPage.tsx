import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { TRANSFER_STATUSES, type TransferStatus } from '../../../shared/contracts/parts';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { useReceiveTransfer, useTransfers, type Transfer } from './api-stock';
import { MovementModal } from './MovementModal';
import { formatQuantity, LocationSelect } from './stock-widgets';

/** C4: transfers between locations: sent, in transit, received at the destination. */
export function TransfersPage() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const canMove = hasPermission(me.data, 'stock.move');
  const [status, setStatus] = useState<TransferStatus | undefined>('in_transit');
  const [locationId, setLocationId] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const transfers = useTransfers({ status, locationId });
  const receive = useReceiveTransfer();
  const showProblem = useProblemHandler();

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.stockTransfers')}</Typography.Title>
        {canMove && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setSending(true)} data-testid="transfer-new">
            {t('stock.transfer.title')}
          </Button>
        )}
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear placeholder={t('transfers.allStatuses')} style={{ width: 160 }} value={status} onChange={setStatus} options={TRANSFER_STATUSES.map((s) => ({ value: s, label: label('transferStatus', s) }))} data-testid="transfer-filter-status" />
        <LocationSelect allowClear placeholder={t('stock.allLocations')} style={{ width: 240 }} value={locationId} onChange={setLocationId} />
      </Space>
      <Table<Transfer>
        rowKey="id"
        loading={transfers.isFetching}
        dataSource={transfers.data ?? []}
        scroll={{ x: 900 }}
        data-testid="transfers-table"
        locale={{ emptyText: t('transfers.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('transfers.number'), dataIndex: 'number', width: 170 },
          { title: t('stock.from'), dataIndex: 'fromLocationName' },
          { title: t('stock.to'), dataIndex: 'toLocationName' },
          {
            title: t('stock.lines'),
            dataIndex: 'lines',
            render: (lines: Transfer['lines']) => (
              <Space direction="vertical" size={0}>
                {lines.map((l, i) => (
                  <Typography.Text key={`${l.partId}:${l.serial ?? i}`}>
                    {l.partNumber} {l.partName} × {formatQuantity(l.quantity)}
                    {l.serial ? ` · ${l.serial}` : ''}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          { title: t('transfers.status'), dataIndex: 'status', render: (s: TransferStatus) => <Tag color={s === 'in_transit' ? 'orange' : 'green'}>{label('transferStatus', s)}</Tag> },
          { title: t('transfers.sent'), dataIndex: 'sentAt', render: (at: string, r) => `${fmt.short(at)} · ${r.sentByName}` },
          { title: t('transfers.received'), dataIndex: 'receivedAt', render: (at: string | null) => fmt.short(at) },
          ...(canMove
            ? [
                {
                  title: '',
                  key: 'receive',
                  render: (_: unknown, r: Transfer) =>
                    r.status === 'in_transit' ? (
                      <Popconfirm
                        title={t('transfers.receiveConfirm', { number: r.number, to: r.toLocationName })}
                        okText={t('common.confirm')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => receive.mutate(r.id, { onSuccess: () => message.success(t('transfers.receivedOk', { number: r.number })), onError: showProblem })}
                      >
                        <Button size="small" type="primary" data-testid={`transfer-receive-${r.number}`}>
                          {t('transfers.receive')}
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {sending && <MovementModal kind="transfer" open onClose={() => setSending(false)} initialLocationId={locationId} />}
    </Card>
  );
}
