import { Card, Col, Descriptions, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useTechnician } from './api';
import { TechnicianTags } from './components';
import { Certificates } from './technician-profile/Certificates';
import { Exams } from './technician-profile/Exams';
import { Grades } from './technician-profile/Grades';
import { Leaves } from './technician-profile/Leaves';
import { ProfileForm } from './technician-profile/ProfileForm';

/** A technician's profile: grade and status (M1), skills, certificates, exams (T1), leave. */
export function TechnicianProfilePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const profile = useTechnician(id);
  const canManage = hasPermission(me.data, 'dispatch.manage');
  const canManageUsers = hasPermission(me.data, 'users.manage');
  if (profile.isLoading) return <Skeleton active />;
  if (!profile.data) {
    return <Result status="404" title={profile.error instanceof ApiError ? profile.error.problem.title : t('errors.NOT_FOUND')} extra={<Link to="/dispatch/technicians">{t('nav.technicians')}</Link>} />;
  }
  const p = profile.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <div className="page-head">
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="technician-name">
              {p.name}
            </Typography.Title>
            <TechnicianTags grade={p.grade} employmentStatus={p.employmentStatus} />
            {!p.active && <Tag>{t('dispatch.inactive')}</Tag>}
          </Space>
          <Space>
            <Link to="/dispatch/technicians">{t('nav.technicians')}</Link>
            <Link to="/dispatch/board">{t('nav.dispatchBoard')}</Link>
          </Space>
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
          <Descriptions.Item label={t('dispatch.team')}>{p.team ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('customer.phones')}>{p.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.mayLead')}>{p.mayLead ? t('dispatch.mayLeadYes') : t('dispatch.crewOnlyHint')}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ProfileForm key={p.version} profile={p} canManage={canManage} />
        </Col>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Exams profile={p} canManage={canManage} />
            <Certificates profile={p} canManage={canManage} />
          </Space>
        </Col>
        <Col xs={24}>
          <Grades userId={p.id} canManage={canManageUsers} />
        </Col>
        <Col xs={24}>
          <Leaves profile={p} canManage={canManage} />
        </Col>
      </Row>
    </Space>
  );
}
