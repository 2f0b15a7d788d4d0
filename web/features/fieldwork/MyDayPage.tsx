import { EnvironmentOutlined, PhoneOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Empty, List, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { useFormat } from '../../lib/format';
import { SlaBadge } from '../../components/sla';
import { StatusTag } from '../../components/tags';
import { useTickets } from '../../lib/queries/tickets';
import { MY_DAY_JOBS } from './my-day-jobs';
import { useMyVan } from '../../lib/queries/van';
import { hasPermission, useMe } from '../../lib/session';

/** A technician's jobs, for a phone: what is open, most urgent first by the list's own order. */
export function MyDayPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const jobs = useTickets(MY_DAY_JOBS);
  const me = useMe();
  // H7: the parts carried for each job, from the van.
  const van = useMyVan(hasPermission(me.data, 'stock.request'));
  const carried = (ticketId: string) => (van.data?.jobs.find((j) => j.ticketId === ticketId)?.parts ?? []).filter((p) => p.status === 'issued' || p.status === 'reserved');
  return (
    <Card title={t('myDay.title')} styles={{ body: { padding: 8 } }}>
      <List
        loading={jobs.isFetching}
        dataSource={jobs.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('myDay.none')} /> }}
        renderItem={(job) => (
          <List.Item style={{ padding: '12px 8px' }} data-testid="my-job">
            <Link to={`/my-day/${job.id}`} style={{ width: '100%', color: 'inherit' }}>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{job.customerName}</Typography.Text>
                  <Space size={4}>
                    <StatusTag status={job.status} />
                    <RightOutlined className="muted" />
                  </Space>
                </Space>
                <Typography.Text>{job.description}</Typography.Text>
                <Space size="middle" wrap>
                  <Typography.Text type="secondary">{job.number}</Typography.Text>
                  <Typography.Text type="secondary">{fmt.short(job.reportedAt)}</Typography.Text>
                  <SlaBadge badge={job.sla} />
                </Space>
                {carried(job.id).length > 0 && (
                  <Typography.Text type="secondary" data-testid="my-job-parts">
                    {t('van.carried')}: {carried(job.id).map((p) => `${p.partName} ×${p.quantity}${p.unit}`).join('、')}
                  </Typography.Text>
                )}
                {job.assetLabel && (
                  <Typography.Text type="secondary">
                    <EnvironmentOutlined /> {job.assetLabel}
                  </Typography.Text>
                )}
              </Space>
            </Link>
          </List.Item>
        )}
      />
      <Typography.Paragraph type="secondary" style={{ margin: 8 }}>
        <PhoneOutlined /> {t('myDay.hint')}
      </Typography.Paragraph>
    </Card>
  );
}
