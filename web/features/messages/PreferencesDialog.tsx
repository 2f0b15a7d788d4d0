import { App, Checkbox, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { CHANNEL_NAMES, PREFERENCE_TOPICS, type ChannelName } from '../../../shared/contracts/messages';
import { isMessageKey } from '../../../shared/i18n';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { usePreferences, useSavePreferences, type Preferences, type PreferencesOf } from './api';

const ROWS = [...PREFERENCE_TOPICS, '*'] as const;

/**
 * Anyone signed in chooses their channels per kind of message: a row left on "use the default"
 * follows the defaults (docs/messages.md); WeChat needs the consent ticked.
 */
export function PreferencesDialog({ open, onClose, of = { kind: 'me' }, title }: { open: boolean; onClose: () => void; of?: PreferencesOf; title?: string }) {
  const { t } = useI18n();
  const prefs = usePreferences(of, open);
  if (!open) return null;
  if (!prefs.data) return <Modal open loading title={title ?? t('messages.prefs.title')} onCancel={onClose} footer={null} />;
  return <PreferencesEditor prefs={prefs.data} of={of} title={title ?? t('messages.prefs.title')} onClose={onClose} />;
}

function PreferencesEditor({ prefs, of, title, onClose }: { prefs: Preferences; of: PreferencesOf; title: string; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const format = useFormat();
  const save = useSavePreferences(of);
  const showProblem = useProblemHandler();
  const [channels, setChannels] = useState<Record<string, ChannelName[]>>(prefs.channels);
  const [openid, setOpenid] = useState(prefs.wechatOpenid ?? '');
  const [consent, setConsent] = useState(prefs.wechatConsentAt !== null);

  const topicName = (topic: string) => (topic === '*' ? t('messages.prefs.default') : isMessageKey(`messages.topic.${topic}`) ? t(`messages.topic.${topic}` as never) : topic);
  const toggleDefault = (topic: string, useDefault: boolean) =>
    setChannels((c) => {
      const next = { ...c };
      if (useDefault) delete next[topic];
      else next[topic] = [];
      return next;
    });

  const submit = () =>
    save.mutate(
      { channels, wechatOpenid: openid.trim() || null, wechatConsent: consent },
      {
        onSuccess: () => {
          message.success(t('messages.prefs.saved'));
          onClose();
        },
        onError: showProblem,
      },
    );

  return (
    <Modal open title={title} okText={t('messages.prefs.save')} cancelText={t('common.cancel')} onCancel={onClose} onOk={submit} confirmLoading={save.isPending} width={680} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('messages.prefs.hint')}</Typography.Paragraph>
      <Table
        rowKey={(r) => r}
        size="small"
        pagination={false}
        dataSource={[...ROWS]}
        columns={[
          { title: t('messages.prefs.topic'), key: 'topic', render: (_, topic: string) => topicName(topic) },
          {
            title: t('messages.prefs.useDefault'),
            key: 'default',
            width: 90,
            render: (_, topic: string) => <Checkbox data-testid={`prefs-default-${topic}`} checked={!(topic in channels)} onChange={(e) => toggleDefault(topic, e.target.checked)} />,
          },
          ...CHANNEL_NAMES.map((channel) => ({
            title: label('messageChannel', channel),
            key: channel,
            width: 70,
            render: (_: unknown, topic: string) => (
              <Checkbox
                data-testid={`prefs-${topic}-${channel}`}
                disabled={!(topic in channels)}
                checked={channels[topic]?.includes(channel) ?? false}
                onChange={(e) =>
                  setChannels((c) => ({ ...c, [topic]: e.target.checked ? [...(c[topic] ?? []), channel] : (c[topic] ?? []).filter((x) => x !== channel) }))
                }
              />
            ),
          })),
        ]}
      />
      <Form layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item label={t('messages.prefs.wechatOpenid')}>
          <Input value={openid} onChange={(e) => setOpenid(e.target.value)} maxLength={128} />
        </Form.Item>
        <Space direction="vertical" size={2}>
          <Checkbox data-testid="prefs-wechat-consent" checked={consent} onChange={(e) => setConsent(e.target.checked)}>
            {t('messages.prefs.wechatConsent')}
          </Checkbox>
          {prefs.wechatConsentAt && consent && <Typography.Text type="secondary">{t('messages.prefs.consentSince', { at: format.dateTime(prefs.wechatConsentAt) })}</Typography.Text>}
        </Space>
      </Form>
    </Modal>
  );
}
