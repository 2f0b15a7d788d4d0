import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Table, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useAgreements, useUploadAgreement, type Agreement } from './api';

/** R7: the contractor's written delegation agreements with their periods; a new one is uploaded (PDF or image) with its period. */
export function AgreementsCard({ contractorId, canManage }: { contractorId: string; canManage: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const agreements = useAgreements(contractorId);
  const upload = useUploadAgreement(contractorId);
  const [form] = Form.useForm<{ startsOn: string; endsOn: string }>();
  const onProblem = useProblemHandler(form);
  const [file, setFile] = useState<File | null>(null);
  return (
    <Card title={t('contractors.agreements')} size="small" data-testid="contractor-agreements">
      {canManage && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 12 }}
          onFinish={(values) => {
            if (!file) return;
            upload.mutate(
              { file, ...values },
              {
                onSuccess: () => {
                  form.resetFields();
                  setFile(null);
                  message.success(t('contractors.saved'));
                },
                onError: onProblem,
              },
            );
          }}
        >
          <Form.Item name="startsOn" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
            <Input placeholder={`${t('contractors.agreement.startsOn')} YYYY-MM-DD`} style={{ width: 170 }} data-testid="agreement-starts" />
          </Form.Item>
          <Form.Item name="endsOn" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
            <Input placeholder={`${t('contractors.agreement.endsOn')} YYYY-MM-DD`} style={{ width: 170 }} data-testid="agreement-ends" />
          </Form.Item>
          <Upload
            accept="application/pdf,image/*"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="agreement-file">
              {t('contractors.agreement.file')}
            </Button>
          </Upload>
          <Button htmlType="submit" type="primary" disabled={!file} loading={upload.isPending} style={{ marginLeft: 8 }} data-testid="agreement-upload">
            {t('contractors.agreement.upload')}
          </Button>
        </Form>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={agreements.isLoading}
        dataSource={agreements.data ?? []}
        locale={{ emptyText: t('contractors.agreement.none') }}
        columns={[
          {
            title: t('contractors.agreement.file'),
            dataIndex: 'fileName',
            render: (v: string | null, row: Agreement) => (
              <a href={`/api/v1/attachments/${row.attachmentId}/content`} target="_blank" rel="noreferrer">
                {v ?? row.attachmentId.slice(0, 8)}
              </a>
            ),
          },
          { title: t('contractors.agreement.startsOn'), dataIndex: 'startsOn' },
          { title: t('contractors.agreement.endsOn'), dataIndex: 'endsOn' },
          { title: t('contractors.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
        ]}
      />
    </Card>
  );
}
