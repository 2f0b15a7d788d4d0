import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Image, Space, Upload } from 'antd';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useUploadWorkshopFile } from './api';

const contentUrl = (id: string) => `/api/v1/attachments/${id}/content`;

/** Photos of the walk-around, uploaded as they are taken; a form field holding their ids. */
export function PhotoField({ ticketId, value = [], onChange, readOnly }: { ticketId: string; value?: string[]; onChange?: (ids: string[]) => void; readOnly?: boolean }) {
  const { t } = useI18n();
  const upload = useUploadWorkshopFile(ticketId, 'photos');
  const onProblem = useProblemHandler();
  return (
    <Space wrap>
      <Image.PreviewGroup>
        {value.map((id) => (
          <div key={id} style={{ position: 'relative' }}>
            <Image src={contentUrl(id)} width={88} height={88} style={{ objectFit: 'cover', borderRadius: 6 }} />
            {!readOnly && (
              <Button
                size="small"
                danger
                shape="circle"
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                style={{ position: 'absolute', top: 2, right: 2 }}
                onClick={() => onChange?.(value.filter((v) => v !== id))}
              />
            )}
          </div>
        ))}
      </Image.PreviewGroup>
      {!readOnly && (
        <Upload
          accept="image/*"
          showUploadList={false}
          customRequest={({ file }) =>
            upload.mutate(file as File, {
              onSuccess: (a) => onChange?.([...value, a.id]),
              onError: onProblem,
            })
          }
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="checkin-photo-upload">
            {t('workshop.checkIn.addPhoto')}
          </Button>
        </Upload>
      )}
    </Space>
  );
}
