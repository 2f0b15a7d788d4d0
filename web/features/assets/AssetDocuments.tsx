import { DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Select, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ASSET_DOCUMENT_PURPOSES, type AssetDocumentPurpose } from '../../../shared/contracts/assets';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useAssetDocuments, useUploadAssetDocument } from './api';

const contentUrl = (id: string) => `/api/v1/attachments/${id}/content`;

/** C3, E8, E9: proof of purchase, manuals and certificates kept with the asset, each downloadable. */
export function AssetDocuments({ assetId, canUpload }: { assetId: string; canUpload: boolean }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const showProblem = useProblemHandler();
  const documents = useAssetDocuments(assetId);
  const upload = useUploadAssetDocument(assetId);
  const [purpose, setPurpose] = useState<AssetDocumentPurpose>('proof_of_purchase');
  return (
    <Card
      title={t('asset.documents')}
      data-testid="asset-documents"
      extra={
        canUpload && (
          <Space wrap>
            <Select
              value={purpose}
              onChange={setPurpose}
              style={{ width: 170 }}
              aria-label={t('asset.documentPurpose')}
              options={ASSET_DOCUMENT_PURPOSES.map((p) => ({ value: p, label: label('assetDocument', p) }))}
              data-testid="asset-document-purpose"
            />
            <Upload
              showUploadList={false}
              customRequest={({ file }) =>
                upload.mutate(
                  { file: file as File, purpose },
                  { onError: showProblem },
                )
              }
            >
              <Button icon={<UploadOutlined />} loading={upload.isPending}>
                {t('asset.documentUpload')}
              </Button>
            </Upload>
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('asset.documentsHint')}</Typography.Paragraph>
      <List
        loading={documents.isLoading}
        dataSource={documents.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('asset.documentsNone')} /> }}
        renderItem={(d) => (
          <List.Item
            data-testid="asset-document"
            actions={[
              <a key="download" href={contentUrl(d.id)} download={d.fileName} data-testid="asset-document-download" aria-label={t('common.download')}>
                <DownloadOutlined />
              </a>,
            ]}
          >
            <Space wrap>
              <Tag color="blue">{label('assetDocument', d.purpose)}</Tag>
              <a href={contentUrl(d.id)} target="_blank" rel="noreferrer">
                <PaperClipOutlined /> {d.fileName}
              </a>
              <span className="muted">
                {(d.sizeBytes / 1024).toFixed(0)} KB · {fmt.short(d.createdAt)}
              </span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
