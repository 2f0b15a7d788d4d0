import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../lib/i18n';

/** The query string of an export under the same filters as the list: empty values left out. */
export const queryString = (filter: object) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

/**
 * 导出 Excel: downloads `path` under the list's current filters. A plain link, so the browser
 * saves the streamed file itself, however many rows it has, with the session cookie.
 */
export function ExportButton({ path, filter, testId }: { path: string; filter: object; testId?: string }) {
  const { t } = useI18n();
  return (
    <Button icon={<DownloadOutlined />} href={`${path}${queryString(filter)}`} download data-testid={testId}>
      {t('export.excel')}
    </Button>
  );
}
