import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { localInstant, minutesToClock } from '../../../../shared/time';
import { useFormat } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { useProblemHandler } from '../../../lib/problems';
import { useAddLeave, useRemoveLeave, useUpdateLeave, type Profile } from '../api';
import { PROFILE_PROBLEMS } from './problems';

const HALF_HOURS = Array.from({ length: 49 }, (_, i) => i * 30);

/** Leave: dispatch keeps a technician off the board while away; pending leave shows as such. */
export function Leaves({ profile, canManage }: { profile: Profile; canManage: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [form] = Form.useForm();
  const add = useAddLeave();
  const update = useUpdateLeave();
  const remove = useRemoveLeave();
  const onProblem = useProblemHandler(form, PROFILE_PROBLEMS);
  const showProblem = useProblemHandler(undefined, PROFILE_PROBLEMS);
  const at = (day: Dayjs, minutes: number) => new Date(localInstant(day.format('YYYY-MM-DD'), minutes, fmt.timeZone)).toISOString();
  const timeOptions = HALF_HOURS.map((m) => ({ value: m, label: minutesToClock(m) }));
  return (
    <Card title={t('dispatch.leaves')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={profile.leaves}
        columns={[
          { title: t('dispatch.leaveFrom'), dataIndex: 'startsAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('dispatch.leaveTo'), dataIndex: 'endsAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('dispatch.leaveReason'), dataIndex: 'reason' },
          { title: t('dispatch.leaveState'), dataIndex: 'approved', render: (v: boolean) => <Tag color={v ? 'green' : 'gold'}>{v ? t('dispatch.leaveApproved') : t('dispatch.leavePending')}</Tag> },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, r: Profile['leaves'][number]) => (
                    <Space size={4}>
                      {!r.approved && (
                        <Button size="small" onClick={() => update.mutate({ profile, vars: { id: r.id, version: r.version, body: { approved: true } } }, { onError: showProblem })}>
                          {t('dispatch.approve')}
                        </Button>
                      )}
                      <Popconfirm title={t('dispatch.confirmDelete')} onConfirm={() => remove.mutate({ profile, vars: r.id }, { onError: showProblem })}>
                        <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ fromTime: 0, toTime: 1440, approved: false }}
          onFinish={(v: { fromDay: Dayjs; fromTime: number; toDay: Dayjs; toTime: number; reason: string; approved: boolean }) =>
            add.mutate(
              { profile, vars: { startsAt: at(v.fromDay, v.fromTime), endsAt: at(v.toDay, v.toTime), reason: v.reason, approved: !!v.approved } },
              { onSuccess: () => form.resetFields(), onError: onProblem },
            )
          }
        >
          <Form.Item name="fromDay" rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker placeholder={t('dispatch.leaveFrom')} />
          </Form.Item>
          <Form.Item name="fromTime">
            <Select options={timeOptions} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="toDay" rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker placeholder={t('dispatch.leaveTo')} />
          </Form.Item>
          <Form.Item name="toTime">
            <Select options={timeOptions} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="reason" rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input placeholder={t('dispatch.leaveReason')} maxLength={200} />
          </Form.Item>
          <Form.Item name="approved" valuePropName="checked">
            <Checkbox>{t('dispatch.leaveApproved')}</Checkbox>
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending} icon={<PlusOutlined />}>
            {t('dispatch.addLeave')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
