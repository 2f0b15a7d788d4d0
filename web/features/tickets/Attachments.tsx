import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Empty, List, Upload } from 'antd';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useFormat } from '../../lib/format';
import { hasPermission, useMe } from '../../lib/session';
import { useAttachments, useUploadAttachment } from './api';


/** Files attached to the ticket, uploaded by anyone who may, each opened by its link. */
export function Attachments({ ticketId }: { ticketId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const showProblem = useProblemHandler();
  const me = useMe();
  const files = useAttachments(ticketId);
  const upload = useUploadAttachment(ticketId);
  return (
    <>
      {hasPermission(me.data, 'attachments.write') && (
        <Upload
          showUploadList={false}
          customRequest={({ file }) =>
            upload.mutate(file as File, {
              onError: showProblem,
            })
          }
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending}>
            {t('attachment.upload')}
          </Button>
        </Upload>
      )}
      <List
        style={{ marginTop: 12 }}
        dataSource={files.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('attachment.none')} /> }}
        renderItem={(a) => (
          <List.Item>
            <a href={`/api/v1/attachments/${a.id}/content`} target="_blank" rel="noreferrer">
              <PaperClipOutlined /> {a.fileName}
            </a>
            <span className="muted">
              {(a.sizeBytes / 1024).toFixed(0)} KB · {fmt.short(a.createdAt)}
            </span>
          </List.Item>
        )}
      />
    </>
  );
}
