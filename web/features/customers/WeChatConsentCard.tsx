import { App, Button, Card, Checkbox, Form, Input, Modal, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useCustomerPreferences, useSaveCustomerPreferences, type CustomerPreferences } from './api';

/**
 * The customer's WeChat subscription consent and OpenID on their page (administrators): WeChat
 * messages go to a customer only with consent on file (docs/messages.md). Recording keeps the
 * customer's channel choices as they are; unticking withdraws the consent.
 */
export function WeChatConsentCard({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const prefs = useCustomerPreferences(customerId, true);
  const [editing, setEditing] = useState(false);
  const p = prefs.data;
  return (
    <Card
      title={t('selfservice.wechat.title')}
      extra={
        <Button disabled={!p} onClick={() => setEditing(true)} data-testid="wechat-consent-edit">
          {t('selfservice.wechat.edit')}
        </Button>
      }
      data-testid="wechat-consent-card"
    >
      {!p ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <Space direction="vertical" size={2}>
          <Typography.Text type={p.wechatConsentAt ? 'success' : 'secondary'} data-testid="wechat-consent-state">
            {p.wechatConsentAt ? t('selfservice.wechat.consented', { at: format.dateTime(p.wechatConsentAt) }) : t('selfservice.wechat.none')}
          </Typography.Text>
          {p.wechatOpenid ? <Typography.Text type="secondary">{t('selfservice.wechat.openid', { openid: p.wechatOpenid })}</Typography.Text> : null}
        </Space>
      )}
      {editing && p ? <ConsentDialog customerId={customerId} prefs={p} onClose={() => setEditing(false)} /> : null}
    </Card>
  );
}

function ConsentDialog({ customerId, prefs, onClose }: { customerId: string; prefs: CustomerPreferences; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ wechatOpenid: string; wechatConsent: boolean }>();
  const save = useSaveCustomerPreferences(customerId);
  const onProblem = useProblemHandler(form);
  const submit = (values: { wechatOpenid: string; wechatConsent: boolean }) =>
    save.mutate(
      { channels: prefs.channels, wechatOpenid: values.wechatOpenid?.trim() || null, wechatConsent: values.wechatConsent },
      {
        onSuccess: () => {
          message.success(t('selfservice.wechat.saved'));
          onClose();
        },
        onError: onProblem,
      },
    );
  return (
    <Modal open title={t('selfservice.wechat.dialogTitle')} okText={t('common.save')} cancelText={t('common.cancel')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('selfservice.wechat.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ wechatOpenid: prefs.wechatOpenid ?? '', wechatConsent: prefs.wechatConsentAt !== null }} onFinish={submit}>
        <Form.Item
          name="wechatOpenid"
          label={t('selfservice.wechat.openidLabel')}
          dependencies={['wechatConsent']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                getFieldValue('wechatConsent') && !value?.trim() ? Promise.reject(new Error(t('selfservice.wechat.consentNeedsOpenid'))) : Promise.resolve(),
            }),
          ]}
        >
          <Input maxLength={128} data-testid="wechat-openid" />
        </Form.Item>
        <Form.Item name="wechatConsent" valuePropName="checked">
          <Checkbox data-testid="wechat-consent">{t('selfservice.wechat.consent')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
