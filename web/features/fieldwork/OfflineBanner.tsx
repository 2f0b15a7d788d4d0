import { CloudUploadOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../lib/i18n';
import { fieldworkKeys, ticketKeys } from '../../lib/query-keys';
import { onOutboxEvent, startOutbox, useOutbox } from './outbox';

/**
 * "离线 · N 条待发送" on the technician's screens, and what keeps the outbox going: it starts
 * the outbox for the signed-in user, refreshes a job when its kept steps are sent, and says so
 * when the server refused one.
 */
export function OfflineBanner({ userId }: { userId: string }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { items, online } = useOutbox();

  useEffect(() => {
    startOutbox(userId);
    return onOutboxEvent((e) => {
      if (e.kind === 'sent' && e.day) client.setQueryData(fieldworkKeys.day(e.item.ticketId), e.day);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(e.item.ticketId) });
      void client.invalidateQueries({ queryKey: fieldworkKeys.day(e.item.ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
      if (e.kind === 'rejected') {
        const step = e.item.type === 'step' ? label('fieldStep', e.item.body.kind) : label('fieldStep', 'finish');
        message.error(t('offline.rejected', { step, reason: e.error?.message ?? '' }), 8);
      }
    });
  }, [userId, client, message, t, label]);

  if (online && !items.length) return null;
  return (
    <Alert
      className="offline-banner"
      data-testid="offline-banner"
      type={online ? 'info' : 'warning'}
      showIcon
      icon={online ? <CloudUploadOutlined /> : <DisconnectOutlined />}
      message={online ? t('offline.sending', { count: items.length }) : items.length ? t('offline.banner', { count: items.length }) : t('offline.bannerNone')}
    />
  );
}
