import { Button, Checkbox, Empty, Form, Input, List, Space, Tag } from 'antd';
import { useI18n } from '../../lib/i18n';
import { useFormat } from '../../lib/format';
import { hasPermission, useMe } from '../../lib/session';
import { useAddComment, useComments } from './api';


/** The ticket's conversation; staff may keep a comment internal, out of the customer's sight. */
export function Comments({ ticketId }: { ticketId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const comments = useComments(ticketId);
  const add = useAddComment(ticketId);
  const [form] = Form.useForm();
  const staff = me.data && me.data.role !== 'customer' && me.data.role !== 'contractor';
  return (
    <>
      <List
        dataSource={comments.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('comment.none')} /> }}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space>
                  {c.author.name}
                  <span className="muted">{fmt.short(c.createdAt)}</span>
                  {c.internal && <Tag>{t('comment.internal')}</Tag>}
                </Space>
              }
              description={<span style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{c.body}</span>}
            />
          </List.Item>
        )}
      />
      {hasPermission(me.data, 'tickets.comment') && (
        <Form form={form} onFinish={(v) => add.mutate(v, { onSuccess: () => form.resetFields() })}>
          <Form.Item name="body" rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input.TextArea rows={3} placeholder={t('comment.placeholder')} maxLength={4000} />
          </Form.Item>
          <Space>
            <Button htmlType="submit" type="primary" loading={add.isPending}>
              {t('comment.add')}
            </Button>
            {staff && (
              <Form.Item name="internal" valuePropName="checked" noStyle>
                <Checkbox>{t('comment.internal')}</Checkbox>
              </Form.Item>
            )}
          </Space>
        </Form>
      )}
    </>
  );
}
