import { BellOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Drawer, Empty, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useInboxList, useInboxStream, useMarkRead, useUnread, type Item } from './api';

/** The bell in the header: the unread count, live; a click opens the messages, newest first. */
export function InboxBell() {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const unread = useUnread();
  const connected = useInboxStream(locale);
  const count = unread.data ?? 0;
  return (
    <>
      <Badge count={count} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('inbox.bell', { count })} data-testid="inbox-bell" onClick={() => setOpen(true)}>
          {count > 0 && (
            <span className="visually-hidden" data-testid="inbox-unread">
              {count}
            </span>
          )}
        </Button>
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('inbox.title')}
        width={420}
        data-testid="inbox-drawer"
        extra={
          <Space>
            <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} checkedChildren={t('inbox.unreadOnly')} unCheckedChildren={t('inbox.unreadOnly')} />
            <InboxMarkAll disabled={count === 0} />
          </Space>
        }
      >
        {!connected && <Alert type="warning" showIcon banner message={t('inbox.offline')} style={{ marginBottom: 8 }} />}
        {open && <InboxList unreadOnly={unreadOnly} onOpenTicket={() => setOpen(false)} />}
      </Drawer>
    </>
  );
}

function InboxMarkAll({ disabled }: { disabled: boolean }) {
  const { t } = useI18n();
  const mark = useMarkRead();
  return (
    <Button size="small" disabled={disabled} loading={mark.isPending} onClick={() => mark.mutate(null)} data-testid="inbox-read-all">
      {t('inbox.markAllRead')}
    </Button>
  );
}

function InboxList({ unreadOnly, onOpenTicket }: { unreadOnly: boolean; onOpenTicket: () => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const navigate = useNavigate();
  const list = useInboxList(unreadOnly, true);
  const mark = useMarkRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const open = (item: Item) => {
    if (!item.readAt) mark.mutate(item.id);
    if (item.ticketId) {
      onOpenTicket();
      navigate(`/tickets/${item.ticketId}`);
    }
  };
  if (!list.isLoading && !items.length) return <Empty description={t('inbox.empty')} />;
  return (
    <List
      loading={list.isLoading}
      dataSource={items}
      loadMore={
        list.hasNextPage ? (
          <div style={{ textAlign: 'center', marginTop: 8 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('inbox.loadMore')}
            </Button>
          </div>
        ) : null
      }
      renderItem={(item) => (
        <List.Item
          data-testid="inbox-item"
          data-read={item.readAt ? 'true' : 'false'}
          style={{ cursor: item.ticketId ? 'pointer' : undefined, opacity: item.readAt ? 0.65 : 1 }}
          onClick={() => open(item)}
          actions={
            item.readAt
              ? []
              : [
                  <Button
                    key="read"
                    size="small"
                    type="link"
                    onClick={(e) => {
                      e.stopPropagation();
                      mark.mutate(item.id);
                    }}
                  >
                    {t('inbox.markRead')}
                  </Button>,
                ]
          }
        >
          <List.Item.Meta
            title={
              <Space size={4} wrap>
                {!item.readAt && <Badge status="processing" />}
                <Tag>{item.topicLabel}</Tag>
                <Typography.Text strong={!item.readAt}>{item.subject}</Typography.Text>
              </Space>
            }
            description={
              <>
                <div>{item.body}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {format.dateTime(item.createdAt)}
                </Typography.Text>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
