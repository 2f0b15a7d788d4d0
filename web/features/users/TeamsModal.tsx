import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, Modal, Popconfirm, Space, Switch, Table, Typography } from 'antd';
import { teamBody } from '../../../shared/contracts/identity';
import { schemaRule } from '../../lib/form-rules';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { useTeams, type Team } from '../../lib/queries/people';
import { useCreateTeam, useDeleteTeam, useUpdateTeam } from './api';
import { userKeys } from '../../lib/query-keys';

/** A team's name edited in place: saved when the field is left or Enter is pressed. */
function TeamName({ team }: { team: Team }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateTeam();
  const onProblem = useProblemHandler(undefined, { refresh: [userKeys.teams] });
  return (
    <Typography.Text
      editable={{
        onChange: (name) => {
          if (name.trim() && name.trim() !== team.name) update.mutate({ team, body: { name: name.trim() } }, { onSuccess: () => message.success(t('team.saved')), onError: onProblem });
        },
      }}
    >
      {team.name}
    </Typography.Text>
  );
}

/**
 * The organisation's teams (班组) as a list the administrator keeps: add, rename, deactivate,
 * and delete one nobody is in. Users pick their team from it.
 */
export function TeamsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const teams = useTeams(open);
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const remove = useDeleteTeam();
  const [form] = Form.useForm();
  const onCreateProblem = useProblemHandler(form);
  const onProblem = useProblemHandler(undefined, { refresh: [userKeys.teams] });

  return (
    <Modal open={open} title={t('team.title')} footer={null} onCancel={onClose} width={640} destroyOnHidden data-testid="teams-modal">
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v: { name: string }) =>
          create.mutate(v, {
            onSuccess: () => {
              message.success(t('team.created'));
              form.resetFields();
            },
            onError: onCreateProblem,
          })
        }
      >
        <Form.Item name="name" rules={[schemaRule(teamBody.shape.name, locale)]} style={{ flex: 1 }}>
          <Input placeholder={t('team.name')} data-testid="team-name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending} data-testid="team-add">
          {t('team.new')}
        </Button>
      </Form>
      <Table<Team>
        rowKey="id"
        size="small"
        loading={teams.isFetching}
        dataSource={teams.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('team.empty')} /> }}
        columns={[
          { title: t('team.name'), dataIndex: 'name', render: (_: string, team) => <TeamName team={team} /> },
          { title: t('team.members'), dataIndex: 'members', width: 90 },
          {
            title: t('team.active'),
            dataIndex: 'active',
            width: 80,
            render: (active: boolean, team) => <Switch size="small" checked={active} onChange={(checked) => update.mutate({ team, body: { active: checked } }, { onError: onProblem })} />,
          },
          {
            key: 'actions',
            width: 80,
            render: (_, team) => (
              <Space>
                <Popconfirm title={t('team.deleteConfirm', { name: team.name })} okText={t('team.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(team, { onSuccess: () => message.success(t('team.deleted')), onError: onProblem })}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={team.members > 0} aria-label={t('team.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Modal>
  );
}
