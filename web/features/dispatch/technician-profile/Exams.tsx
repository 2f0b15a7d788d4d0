import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { examBody } from '../../../../shared/contracts/dispatch';
import { schemaRule } from '../../../lib/form-rules';
import { useI18n } from '../../../lib/i18n';
import { useProblemHandler } from '../../../lib/problems';
import { useRecordExam, type Profile } from '../api';
import { PROFILE_PROBLEMS } from './problems';

/** T1: skill exams, each attempt kept, a first-attempt pass marked. */
export function Exams({ profile, canManage }: { profile: Profile; canManage: boolean }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm();
  const record = useRecordExam();
  const onProblem = useProblemHandler(form, PROFILE_PROBLEMS);
  const shape = examBody.shape;
  return (
    <Card title={t('dispatch.exams')} size="small" extra={<Typography.Text type="secondary">{t('dispatch.examsHint')}</Typography.Text>}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={profile.exams}
        data-testid="exams"
        columns={[
          { title: t('dispatch.takenOn'), dataIndex: 'takenOn' },
          { title: t('dispatch.productLine'), dataIndex: 'productLine' },
          { title: t('dispatch.score'), dataIndex: 'score' },
          { title: t('dispatch.attempt'), dataIndex: 'attempt', render: (v: number) => t('dispatch.attemptN', { n: v }) },
          {
            title: t('dispatch.result'),
            render: (_: unknown, r: Profile['exams'][number]) => (
              <Space size={2}>
                <Tag color={r.passed ? 'green' : 'red'}>{r.passed ? t('dispatch.passed') : t('dispatch.failed')}</Tag>
                {r.firstAttemptPass && <Tag color="gold">{t('dispatch.firstAttemptPass')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      {canManage && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ passed: false }}
          onFinish={(v: { productLine: string; score: number; passed: boolean; takenOn: Dayjs }) =>
            record.mutate({ profile, vars: { productLine: v.productLine, score: v.score, passed: !!v.passed, takenOn: v.takenOn.format('YYYY-MM-DD') } }, { onSuccess: () => form.resetFields(), onError: onProblem })
          }
        >
          <Form.Item name="productLine" rules={[{ required: true, message: t('validation.required') }, schemaRule(shape.productLine, locale)]}>
            <Input placeholder={t('dispatch.productLine')} maxLength={60} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="score" rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber placeholder={t('dispatch.score')} min={0} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="takenOn" rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker placeholder={t('dispatch.takenOn')} />
          </Form.Item>
          <Form.Item name="passed" valuePropName="checked">
            <Checkbox>{t('dispatch.passed')}</Checkbox>
          </Form.Item>
          <Button htmlType="submit" loading={record.isPending} icon={<PlusOutlined />} data-testid="exam-add">
            {t('dispatch.recordExam')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
