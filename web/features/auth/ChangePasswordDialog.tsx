import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { changePasswordBody } from '../../../shared/contracts/identity';
import { schemaRule } from '../../lib/form-rules';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { userKeys } from '../../lib/query-keys';
import { useChangePassword } from './api';

/**
 * Any signed-in user changes their own password (S14): the current one, then the new one twice.
 * `forced` after an administrator's reset: the dialog cannot be closed until a new one is set.
 */
export function ChangePasswordDialog({ open, onClose, forced = false }: { open: boolean; onClose: () => void; forced?: boolean }) {
  const client = useQueryClient();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const change = useChangePassword();
  const showProblem = useProblemHandler(form);
  return (
    <Modal
      open={open}
      title={t('password.change')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={change.isPending}
      destroyOnHidden
      closable={!forced}
      maskClosable={!forced}
      keyboard={!forced}
      cancelButtonProps={forced ? { style: { display: 'none' } } : {}}
    >
      {forced && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('password.mustChange')} data-testid="must-change-password" />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v: { currentPassword: string; newPassword: string }) =>
          change.mutate(
            { currentPassword: v.currentPassword, newPassword: v.newPassword },
            {
              onSuccess: () => {
                message.success(t('password.changed'));
                if (forced) void client.invalidateQueries({ queryKey: userKeys.me });
                onClose();
              },
              onError: showProblem,
            },
          )
        }
      >
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} extra={<Typography.Text type="secondary">{t('password.rule')}</Typography.Text>} rules={[schemaRule(changePasswordBody.shape.newPassword, locale)]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value) => {
                if (value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
