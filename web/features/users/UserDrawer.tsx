import { Alert, App, Button, Divider, Drawer, Form, Input, Popconfirm, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { ROLES } from '../../../shared/domain';
import { createUserBody, passwordResetBody, updateUserBody } from '../../../shared/contracts/identity';
import { schemaRule } from '../../lib/form-rules';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { useTeams, type User } from '../../lib/queries/people';
import { useResetPassword, useUpdateUser } from './api';

/** The fields the drawer edits, as the server names them. */
const FIELDS = ['name', 'role', 'teamId', 'phone', 'email', 'active'] as const;

/**
 * An administrator edits a user: name, role, team (from the managed list), phone, e-mail and
 * whether they may sign in, at the version read (If-Match); and resets their password. Grade
 * and employment status change from an effective date on the technician's profile, not here.
 * Mount it per user (`{user && <UserDrawer …/>}`) so its form starts from that user.
 */
export function UserDrawer({ user, onClose }: { user: User; onClose: () => void }) {
  const { t, label, locale } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm();
  const update = useUpdateUser();
  const reset = useResetPassword();
  const teams = useTeams();
  const onProblem = useProblemHandler(form, { known: FIELDS.map((f) => `body.${f}`), onConflict: onClose });
  const [resetForm] = Form.useForm();
  const onResetProblem = useProblemHandler(resetForm);
  const [temporary, setTemporary] = useState<string | null>(null);

  const teamOptions = (teams.data?.items ?? []).filter((team) => team.active || team.id === user.teamId).map((team) => ({ value: team.id, label: team.active ? team.name : `${team.name}（${t('team.inactive')}）` }));
  const roles = ROLES.filter((r) => (r !== 'customer' && r !== 'contractor') || r === user.role);

  const save = (values: { name: string; role: User['role']; teamId?: string | null; phone?: string; email?: string; active: boolean }) => {
    const body = { name: values.name, role: values.role, teamId: values.teamId ?? null, phone: values.phone || null, email: values.email || null, active: values.active };
    const send = () =>
      update.mutate(
        { user, body },
        {
          onSuccess: () => {
            message.success(values.active || !user.active ? t('user.saved') : t('user.deactivated'));
            onClose();
          },
          onError: onProblem,
        },
      );
    // Deactivating ends every session of the user: asked once, as the list's switch asks.
    if (user.active && !values.active) {
      modal.confirm({ title: t('user.deactivateConfirm', { name: user.name }), okText: t('user.deactivate'), okButtonProps: { danger: true }, cancelText: t('common.cancel'), onOk: send });
    } else send();
  };

  const resetPassword = (values: { password?: string }) =>
    reset.mutate(
      { user, body: values.password ? { password: values.password } : {} },
      {
        onSuccess: (result) => {
          message.success(t('user.resetDone'));
          resetForm.resetFields();
          setTemporary(result.temporaryPassword);
        },
        onError: onResetProblem,
      },
    );

  return (
    <Drawer open width={480} title={t('user.editTitle', { name: user.name })} onClose={onClose} destroyOnHidden data-testid="user-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={update.isPending} onClick={() => form.submit()} data-testid="user-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: user.name, role: user.role, teamId: user.teamId ?? undefined, phone: user.phone ?? '', email: user.email ?? '', active: user.active }}
        onFinish={save}
      >
        <Typography.Paragraph type="secondary">
          {t('user.username')}：{user.username}
        </Typography.Paragraph>
        <Form.Item name="name" label={t('user.name')} rules={[schemaRule(createUserBody.shape.name, locale)]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('user.role')}>
          <Select data-testid="user-role" options={roles.map((r) => ({ value: r, label: label('role', r) }))} />
        </Form.Item>
        <Form.Item name="teamId" label={t('user.team')}>
          <Select data-testid="user-team" allowClear showSearch optionFilterProp="label" placeholder={t('user.noTeam')} options={teamOptions} loading={teams.isLoading} />
        </Form.Item>
        <Form.Item name="phone" label={t('customer.phone')} rules={[schemaRule(updateUserBody.shape.phone, locale)]}>
          <Input data-testid="user-phone" />
        </Form.Item>
        <Form.Item name="email" label={t('user.email')} rules={[schemaRule(updateUserBody.shape.email, locale)]}>
          <Input />
        </Form.Item>
        <Form.Item name="active" label={t('user.active')} valuePropName="checked">
          <Switch data-testid="user-active" />
        </Form.Item>
        {user.role === 'technician' && <Typography.Paragraph type="secondary">{t('user.gradeHint')}</Typography.Paragraph>}
      </Form>

      <Divider />
      <Typography.Title level={5}>{t('user.resetPassword')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('user.resetHelp')}</Typography.Paragraph>
      {temporary && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('user.temporaryPassword')}
          description={
            <>
              <Typography.Text code copyable={{ text: temporary, tooltips: [t('user.copy'), t('user.copied')] }} data-testid="temporary-password" style={{ fontSize: 18 }}>
                {temporary}
              </Typography.Text>
              <div>{t('user.temporaryPasswordHint')}</div>
            </>
          }
        />
      )}
      <Form form={resetForm} layout="vertical" onFinish={resetPassword}>
        <Form.Item name="password" label={t('user.resetTyped')} extra={t('password.rule')} rules={[schemaRule(passwordResetBody.shape.password, locale)]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Popconfirm title={t('user.resetHelp')} okText={t('user.resetPassword')} cancelText={t('common.cancel')} onConfirm={() => resetForm.submit()}>
          <Button danger loading={reset.isPending} data-testid="user-reset">
            {t('user.resetPassword')}
          </Button>
        </Popconfirm>
      </Form>
    </Drawer>
  );
}
