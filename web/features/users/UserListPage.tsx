import { EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EMPLOYMENT_STATUSES, ROLES, TECHNICIAN_GRADES, type Role } from '../../../shared/domain';
import { createUserBody } from '../../../shared/contracts/identity';
import { schemaRule } from '../../lib/form-rules';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { useCreateUser, useUpdateUser } from './api';
import { useTeams, useUsers, type User } from '../../lib/queries/people';
import { LoginLocksCard } from './LoginLocksCard';
import { TeamsModal } from './TeamsModal';
import { UserDrawer } from './UserDrawer';

export function UserListPage() {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const { modal } = App.useApp();
  const [role, setRole] = useState<Role | undefined>();
  const [teamId, setTeamId] = useState<string | undefined>();
  const [active, setActive] = useState<'true' | 'false' | undefined>();
  // A link may name the person to show (the global search's `/users?q=<username>`): the box starts
  // from the address's `q`, and follows it when a later link changes it.
  const [params] = useSearchParams();
  const linked = params.get('q') ?? '';
  const [search, setSearch] = useState(linked);
  const [followed, setFollowed] = useState(linked);
  if (linked !== followed) {
    setFollowed(linked);
    setSearch(linked);
  }
  const q = useDeferredValue(search.trim());
  const users = useUsers({ ...(role ? { role } : {}), ...(teamId ? { teamId } : {}), ...(active ? { active } : {}), ...(q ? { q } : {}) });
  const teams = useTeams();
  const [editing, setEditing] = useState<string | null>(null);
  const editingUser = users.data?.items.find((u) => u.id === editing);
  const [teamsOpen, setTeamsOpen] = useState(false);
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
        <Space>
          <Button icon={<TeamOutlined />} onClick={() => setTeamsOpen(true)} data-testid="manage-teams">
            {t('team.manage')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('user.new')}
          </Button>
        </Space>
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('user.search')} style={{ width: 260 }} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="user-search" />
        <Select allowClear placeholder={t('user.role')} style={{ width: 160 }} value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: label('role', r) }))} data-testid="filter-role" />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('user.team')}
          style={{ width: 160 }}
          value={teamId}
          onChange={setTeamId}
          options={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))}
          data-testid="filter-team"
        />
        <Select
          allowClear
          placeholder={t('user.filterActive')}
          style={{ width: 120 }}
          value={active}
          onChange={setActive}
          options={[
            { value: 'true', label: t('user.activeOnly') },
            { value: 'false', label: t('user.inactiveOnly') },
          ]}
          data-testid="filter-active"
        />
        {users.data && <Typography.Text type="secondary">{t('user.total', { total: users.data.total })}</Typography.Text>}
      </Space>
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
          { title: t('user.team'), dataIndex: 'team', render: (team: string | null) => team ?? '—' },
          { title: t('customer.phone'), dataIndex: 'phone', responsive: ['md'] },
          {
            title: t('user.active'),
            dataIndex: 'active',
            render: (isActive: boolean, u) => (
              <Switch
                checked={isActive}
                size="small"
                aria-label={isActive ? t('user.deactivate') : t('user.activate')}
                onChange={(checked) => {
                  const send = () => update.mutate({ user: u, body: { active: checked } }, { onSuccess: () => message.success(checked ? t('user.activated') : t('user.deactivated')), onError: showProblem });
                  // Deactivating ends every session of the user at once: asked first.
                  if (checked) send();
                  else modal.confirm({ title: t('user.deactivateConfirm', { name: u.name }), okText: t('user.deactivate'), okButtonProps: { danger: true }, cancelText: t('common.cancel'), onOk: send });
                }}
              />
            ),
          },
          {
            key: 'edit',
            render: (_, u) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(u.id)} data-testid={`edit-${u.username}`}>
                {t('user.edit')}
              </Button>
            ),
          },
        ]}
        pagination={false}
      />
      <LoginLocksCard />
      {editingUser && <UserDrawer key={`${editingUser.id}:${editingUser.version}`} user={editingUser} onClose={() => setEditing(null)} />}
      <TeamsModal open={teamsOpen} onClose={() => setTeamsOpen(false)} />
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
          <Form.Item name="teamId" label={t('user.team')}>
            <Select allowClear placeholder={t('user.noTeam')} options={(teams.data?.items ?? []).filter((team) => team.active).map((team) => ({ value: team.id, label: team.name }))} />
          </Form.Item>
          <Form.Item name="phone" label={t('customer.phone')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
