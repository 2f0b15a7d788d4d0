import { App, Button, Card, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { CHANNEL_NAMES, type ChannelName, type DeliveryStatus } from '../../../shared/contracts/messages';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useUsers } from '../../lib/queries/people';
import { useChannelStatus, useMessageLog, useSendTest, type LogEntry } from './api';
import { PreferencesDialog } from './PreferencesDialog';

const STATUS_COLOUR: Record<DeliveryStatus, string> = { pending: 'processing', sent: 'success', skipped: 'default', failed: 'error' };

/** Administrators: recent messages with their status per person and channel, and a test button per channel. */
export function MessageLogPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const format = useFormat();
  const log = useMessageLog();
  const channels = useChannelStatus();
  const test = useSendTest();
  const showProblem = useProblemHandler();
  const [search, setSearch] = useState('');
  const users = useUsers({ q: search || undefined, pageSize: 20 });
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);

  const sendTest = (channel: ChannelName) =>
    test.mutate(channel, {
      onSuccess: (result) => {
        const name = label('messageChannel', channel);
        if (result.status === 'sent') message.success(t('messages.test.sent'));
        else if (result.error === 'not_configured') message.warning(t('messages.test.notConfigured'));
        else if (result.error === 'no_address') message.warning(t('messages.test.noAddress', { channel: name }));
        else message.error(t('messages.test.failed', { error: result.error ?? '' }));
      },
      onError: showProblem,
    });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('messages.test.title')} size="small">
        <Typography.Paragraph type="secondary">{t('messages.test.hint')}</Typography.Paragraph>
        <Space wrap>
          {CHANNEL_NAMES.map((channel) => (
            <Tooltip key={channel} title={channels.data && !channels.data[channel] ? t('messages.test.notConfigured') : undefined}>
              <Button data-testid={`message-test-${channel}`} onClick={() => sendTest(channel)} loading={test.isPending && test.variables === channel} disabled={!channels.data?.[channel]}>
                {t('messages.test.send', { channel: label('messageChannel', channel) })}
              </Button>
            </Tooltip>
          ))}
        </Space>
      </Card>
      <Card title={t('messages.prefs.ofUser')} size="small">
        <Typography.Paragraph type="secondary">{t('messages.prefs.ofUserHint')}</Typography.Paragraph>
        <Select
          showSearch
          filterOption={false}
          onSearch={setSearch}
          style={{ width: 320 }}
          placeholder={t('messages.prefs.pickUser')}
          data-testid="prefs-user"
          options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` }))}
          onChange={(id: string) => {
            const user = users.data?.items.find((u) => u.id === id);
            if (user) setEditing({ id: user.id, name: user.name });
          }}
          value={null}
        />
        {editing && (
          <PreferencesDialog open of={{ kind: 'user', id: editing.id }} title={`${t('messages.prefs.title')} · ${editing.name}`} onClose={() => setEditing(null)} />
        )}
      </Card>
      <Card title={t('messages.log.title')}>
        <Typography.Paragraph type="secondary">{t('messages.log.hint')}</Typography.Paragraph>
        <Table<LogEntry>
          rowKey="id"
          size="small"
          loading={log.isLoading}
          dataSource={log.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('messages.log.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => format.dateTime(v) },
            { title: t('messages.log.topic'), dataIndex: 'topic', width: 200 },
            { title: t('messages.log.recipient'), dataIndex: 'recipient', width: 220, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            {
              title: t('messages.log.deliveries'),
              key: 'deliveries',
              render: (_, m) =>
                m.deliveries.length === 0 ? (
                  <Typography.Text type="secondary">{t('messages.log.none')}</Typography.Text>
                ) : (
                  <Space direction="vertical" size={2}>
                    {m.deliveries.map((d) => (
                      <Space key={d.id} size={4} wrap data-testid="message-delivery">
                        <Tag>{label('messageChannel', d.channel)}</Tag>
                        <Tag color={STATUS_COLOUR[d.status]}>{label('deliveryStatus', d.status)}</Tag>
                        <Typography.Text>{d.address ?? d.person}</Typography.Text>
                        <Typography.Text type="secondary">{t('messages.log.attempts', { attempts: d.attempts })}</Typography.Text>
                        {d.status === 'pending' && d.nextAttemptAt && <Typography.Text type="secondary">{t('messages.log.nextAttempt', { at: format.dateTime(d.nextAttemptAt) })}</Typography.Text>}
                        {d.lastError && <Typography.Text type={d.status === 'skipped' ? 'secondary' : 'danger'}>{t('messages.log.lastError', { error: d.lastError })}</Typography.Text>}
                      </Space>
                    ))}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
