import { Button, Card, DatePicker, Form, Input, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { EMPLOYMENT_STATUSES, TECHNICIAN_GRADES, type EmploymentStatus, type TechnicianGrade } from '../../../../shared/domain';
import { useFormat } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { useProblemHandler } from '../../../lib/problems';
import { useGradeHistory, useRecordGradeChange, type GradeChange } from '../api';

/**
 * M1: grade and employment status, each from the day it takes effect. Pay reads the pair in
 * force in the month it pays, so a change is dated, not overwritten: a promotion from the 1st
 * of next month leaves this month as it was.
 */
export function Grades({ userId, canManage }: { userId: string; canManage: boolean }) {
  const { t, label } = useI18n();
  const format = useFormat();
  const [form] = Form.useForm();
  const history = useGradeHistory(userId);
  const record = useRecordGradeChange(userId);
  const onProblem = useProblemHandler(form);
  return (
    <Card title={t('dispatch.gradeSource')} size="small" extra={<Typography.Text type="secondary">{t('grades.hint')}</Typography.Text>}>
      <Table<GradeChange>
        rowKey="id"
        size="small"
        pagination={false}
        loading={history.isLoading}
        dataSource={history.data?.items ?? []}
        data-testid="grade-history"
        columns={[
          { title: t('grades.effectiveOn'), dataIndex: 'effectiveOn' },
          { title: t('user.grade'), dataIndex: 'grade', render: (g: TechnicianGrade | null) => label('grade', g) },
          { title: t('user.employmentStatus'), dataIndex: 'employmentStatus', render: (s: EmploymentStatus | null) => label('employmentStatus', s) },
          { title: t('grades.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
          { title: t('grades.recordedBy'), render: (_: unknown, c: GradeChange) => `${c.recordedBy?.name ?? ''} ${format.dateTime(c.recordedAt)}` },
        ]}
      />
      {canManage && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ effectiveOn: dayjs().add(1, 'month').startOf('month') }}
          onFinish={(v: { effectiveOn: Dayjs; grade?: TechnicianGrade; employmentStatus?: EmploymentStatus; note?: string }) =>
            record.mutate(
              {
                effectiveOn: v.effectiveOn.format('YYYY-MM-DD'),
                ...(v.grade ? { grade: v.grade } : {}),
                ...(v.employmentStatus ? { employmentStatus: v.employmentStatus } : {}),
                ...(v.note ? { note: v.note } : {}),
              },
              { onSuccess: () => form.resetFields(), onError: onProblem },
            )
          }
        >
          <Form.Item name="effectiveOn" rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker placeholder={t('grades.effectiveOn')} data-testid="grade-effective-on" />
          </Form.Item>
          <Form.Item name="grade">
            <Select allowClear placeholder={t('user.grade')} style={{ width: 120 }} options={TECHNICIAN_GRADES.map((g) => ({ value: g, label: label('grade', g) }))} data-testid="grade-grade" />
          </Form.Item>
          <Form.Item name="employmentStatus">
            <Select allowClear placeholder={t('user.employmentStatus')} style={{ width: 120 }} options={EMPLOYMENT_STATUSES.map((s) => ({ value: s, label: label('employmentStatus', s) }))} data-testid="grade-status" />
          </Form.Item>
          <Form.Item name="note">
            <Input placeholder={t('grades.note')} maxLength={200} style={{ width: 180 }} />
          </Form.Item>
          <Button htmlType="submit" loading={record.isPending} data-testid="grade-record">
            {t('grades.record')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
