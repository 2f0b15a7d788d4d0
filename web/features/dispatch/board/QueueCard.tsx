import { Button, Space, Tag, Typography } from 'antd';
import type { DragEvent } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../../lib/i18n';
import { SlaBadge } from '../../../components/sla';
import type { QueueItem } from '../api';
import { useProductLine } from '../components';


/** A ticket waiting for dispatch: dragged onto a row, or dispatched from its button. */
export function QueueCard({ item, names, canManage, onDispatch, onDragStart }: { item: QueueItem; names: Map<string, string>; canManage: boolean; onDispatch: () => void; onDragStart: (e: DragEvent<HTMLDivElement>) => void }) {
  const { t, label } = useI18n();
  const productLine = useProductLine();
  return (
    <div className="queue-item" draggable={canManage} onDragStart={onDragStart} data-testid="queue-item">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
        <Space direction="vertical" size={0}>
          <Space size={4} wrap>
            <Link to={`/tickets/${item.ticketId}`}>{item.number}</Link>
            {item.emergency && <Tag color="red">{t('ticket.emergency')}</Tag>}
            {item.priority !== 'normal' && <Tag>{label('priority', item.priority)}</Tag>}
          </Space>
          <Typography.Text>{item.customerName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[productLine(item.productLine), [item.city, item.district].filter(Boolean).join(' ')].filter(Boolean).join(' · ')}
          </Typography.Text>
          {item.status === 'dispatched' && (
            <Tag color="geekblue" style={{ marginTop: 2 }}>
              {t('dispatch.noWindow', { name: names.get(item.assigneeId ?? '') ?? '' })}
            </Tag>
          )}
        </Space>
        <Space direction="vertical" align="end" size={4}>
          <SlaBadge badge={item.sla} />
          {canManage && (
            <Button size="small" onClick={onDispatch} data-testid="queue-dispatch">
              {t('dispatch.dispatch')}
            </Button>
          )}
        </Space>
      </Space>
    </div>
  );
}
