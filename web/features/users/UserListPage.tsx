import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { EMPLOYMENT_STATUSES, ROLES, TECHNICIAN_GRADES, type Role } from '../../../shared/domain';
import { createUserBody } from '../../../shared/contracts/identity';
import { schemaRule } from '../../lib/form-rules';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { useCreateUser, useUpdateUser } from './api';
import { useUsers, type User } from '../../lib/queries/people';
import { LoginLocksCard } from './LoginLocksCard';

export function UserListPage() {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const [role, setRole] = useState<Role | undefined>();
  const users = useUsers(role ? { role } : {});
  const create = useCreateUser();
  const update = useUpdateUser();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const chosenRole = Form.useWatch('role', form) as Role | undefined;

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.users')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t('user.new')}
        </Button>
      </div>
      <Select allowClear placeholder={t('user.role')} style={{ width: 180, marginBottom: 16 }} value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: label('role', r) }))} />
      <Table<User>
        rowKey="id"
        loading={users.isFetching}
        dataSource={users.data?.items ?? []}
        scroll={{ x: 700 }}
        columns={[
          { title: t('user.name'), dataIndex: 'name' },
          { title: t('user.username'), dataIndex: 'username' },
          { title: t('user.role'), dataIndex: 'role', render: (r: string) => label('role', r) },
          { title: t('user.grade'), dataIndex: 'grade', render: (g: string | null) => label('grade', g) },
          { title: t('user.employmentStatus'), dataIndex: 'employmentStatus', render: (s: string | null) => label('employmentStatus', s) },
          { title: t('customer.phone'), dataIndex: 'phone', responsive: ['md'] },
          {
            title: t('user.active'),
            dataIndex: 'active',
            render: (active: boolean, u) => (
              <Switch
                checked={active}
                size="small"
                onChange={(checked) => update.mutate({ user: u, body: { active: checked } }, { onError: showProblem })}
              />
            ),
          },
        ]}
        pagination={false}
      />
      <LoginLocksCard />
      <Modal open={open} title={t('user.new')} okText={t('common.save')} cancelText={t('common.cancel')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ role: 'technician', grade: 'junior', employmentStatus: 'regular' }}
          onFinish={(v) =>
            create.mutate(
              { ...v, phone: v.phone || null, grade: v.role === 'technician' ? v.grade : null, employmentStatus: v.role === 'technician' ? v.employmentStatus : null },
              {
                onSuccess: () => {
                  message.success(t('user.created'));
                  setOpen(false);
                },
                onError: onProblem,
              },
            )
          }
        >
          <Form.Item name="name" label={t('user.name')} rules={[schemaRule(createUserBody.shape.name, locale)]}>
            <Input />
          </Form.Item>
          <Form.Item name="username" label={t('user.username')} extra={t('user.usernameRule')} rules={[schemaRule(createUserBody.shape.username, locale)]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} extra={t('password.rule')} rules={[schemaRule(createUserBody.shape.password, locale)]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={t('user.role')}>
            <Select options={ROLES.filter((r) => r !== 'customer' && r !== 'contractor').map((r) => ({ value: r, label: label('role', r) }))} />
          </Form.Item>
          {chosenRole === 'technician' && (
            <>
              <Form.Item name="grade" label={t('user.grade')}>
                <Select options={TECHNICIAN_GRADES.map((g) => ({ value: g, label: label('grade', g) }))} />
              </Form.Item>
              <Form.Item name="employmentStatus" label={t('user.employmentStatus')}>
                <Select options={EMPLOYMENT_STATUSES.map((g) => ({ value: g, label: label('employmentStatus', g) }))} />
              </Form.Item>
            </>
          )}
          <Form.Item name="phone" label={t('customer.phone')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
