import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Popconfirm, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { certificateBody } from '../../../../shared/contracts/dispatch';
import { localDate } from '../../../../shared/time';
import { useFormat } from '../../../lib/format';
import { schemaRule } from '../../../lib/form-rules';
import { useI18n } from '../../../lib/i18n';
import { useProblemHandler } from '../../../lib/problems';
import { useAddCertificate, useRemoveCertificate, type Profile } from '../api';
import { PROFILE_PROBLEMS } from './problems';

/** Certificates with their expiry; an expired one is marked. */
export function Certificates({ profile, canManage }: { profile: Profile; canManage: boolean }) {
  const { t, locale } = useI18n();
  const fmt = useFormat();
  const [form] = Form.useForm();
  const add = useAddCertificate();
  const remove = useRemoveCertificate();
  const onProblem = useProblemHandler(form, PROFILE_PROBLEMS);
  const showProblem = useProblemHandler(undefined, PROFILE_PROBLEMS);
  const today = localDate(new Date(), fmt.timeZone);
  const shape = certificateBody.shape;
  return (
    <Card title={t('dispatch.certificates')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={profile.certificates}
        columns={[
          { title: t('dispatch.certificateName'), dataIndex: 'name' },
          { title: t('dispatch.certificateNumber'), dataIndex: 'number', render: (v: string | null) => v ?? '—' },
          { title: t('dispatch.issuedOn'), dataIndex: 'issuedOn', render: (v: string | null) => v ?? '—' },
          {
            title: t('dispatch.expiresOn'),
            dataIndex: 'expiresOn',
            render: (v: string | null) => (v ? <Space>{v}{v < today && <Tag color="red">{t('dispatch.expired')}</Tag>}</Space> : '—'),
          },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 48,
                  render: (_: unknown, r: Profile['certificates'][number]) => (
                    <Popconfirm title={t('dispatch.confirmDelete')} onConfirm={() => remove.mutate({ profile, vars: r.id }, { onError: showProblem })}>
                      <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                    </Popconfirm>
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
          onFinish={(v: { name: string; number?: string; issuedOn?: Dayjs; expiresOn?: Dayjs }) =>
            add.mutate(
              { profile, vars: { name: v.name, number: v.number || null, issuedOn: v.issuedOn?.format('YYYY-MM-DD') ?? null, expiresOn: v.expiresOn?.format('YYYY-MM-DD') ?? null } },
              { onSuccess: () => form.resetFields(), onError: onProblem },
            )
          }
        >
          <Form.Item name="name" rules={[{ required: true, message: t('validation.required') }, schemaRule(shape.name, locale)]}>
            <Input placeholder={t('dispatch.certificateName')} maxLength={100} />
          </Form.Item>
          <Form.Item name="number">
            <Input placeholder={t('dispatch.certificateNumber')} maxLength={60} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="issuedOn">
            <DatePicker placeholder={t('dispatch.issuedOn')} />
          </Form.Item>
          <Form.Item name="expiresOn">
            <DatePicker placeholder={t('dispatch.expiresOn')} />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending} icon={<PlusOutlined />}>
            {t('dispatch.addCertificate')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
