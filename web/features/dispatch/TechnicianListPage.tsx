import { Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useTechnicians, type TechnicianSummary } from './api';
import { TechnicianTags, useProductLine } from './components';

/** Technicians with their grade, status, team, regions and skills (M1). */
export function TechnicianListPage() {
  const { t } = useI18n();
  const productLine = useProductLine();
  const me = useMe();
  const [team, setTeam] = useState<string | undefined>();
  const all = useTechnicians();
  const list = useTechnicians(team ? { team } : {});
  const teams = useMemo(() => [...new Set((all.data?.items ?? []).map((x) => x.team).filter((x): x is string => !!x))].sort(), [all.data]);
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.technicians')}
        </Typography.Title>
        <Space>
          <Select allowClear placeholder={t('dispatch.team')} style={{ width: 160 }} value={team} onChange={setTeam} options={teams.map((x) => ({ value: x, label: x }))} />
          <Link to="/dispatch/board">{t('nav.dispatchBoard')}</Link>
        </Space>
      </div>
      <Table<TechnicianSummary>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        locale={{
          emptyText: list.isLoading ? ' ' : (
            <Empty description={t('empty.technicians')} data-testid="technicians-empty">
              {hasPermission(me.data, 'users.manage') && (
                <Link to="/users">
                  <Button type="primary">{t('empty.addUsers')}</Button>
                </Link>
              )}
            </Empty>
          ),
        }}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        columns={[
          { title: t('user.name'), dataIndex: 'name', render: (name: string, r) => <Link to={`/dispatch/technicians/${r.id}`}>{name}</Link> },
          { title: t('dispatch.gradeAndStatus'), render: (_: unknown, r) => <TechnicianTags grade={r.grade} employmentStatus={r.employmentStatus} /> },
          { title: t('dispatch.team'), dataIndex: 'team', render: (v: string | null) => v ?? '—' },
          { title: t('dispatch.regions'), dataIndex: 'regions', render: (v: string[]) => (v.length ? v.join(t('common.listSeparator')) : '—') },
          {
            title: t('dispatch.skills'),
            dataIndex: 'skills',
            render: (skills: TechnicianSummary['skills']) => (
              <Space size={2} wrap>
                {skills.map((s) => (
                  <Tag key={s.productLine} color="blue">
                    {productLine(s.productLine)} · {t(`enum.skillLevel.${s.level}` as never)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('dispatch.vehicle'), render: (_: unknown, r) => [r.vehiclePlate, r.vehicleType].filter(Boolean).join(' ') || '—' },
        ]}
      />
    </Card>
  );
}
