import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Radio, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { IMPORT_MODES, type ImportColumn, type ImportMode, type ImportReport } from '../../../shared/contracts/parts-catalogue';
import { isMessageKey } from '../../../shared/i18n';
import { ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { catalogueKeys, checkImport, runImport } from './api-catalogue';

type Phase = { kind: 'idle' } | { kind: 'checking' } | { kind: 'checked'; report: ImportReport } | { kind: 'importing'; done: number; total: number } | { kind: 'done'; text: string } | { kind: 'failed'; text: string };

/**
 * C4: the catalogue from Excel. The template to fill in, a dry run listing every bad row with
 * its line and reason (nothing written), then the import with its progress.
 */
export function CatalogueImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('create_only');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const failure = (error: unknown) => (error instanceof ApiError ? (error.problem.errors?.[0]?.message ?? error.problem.detail ?? error.problem.title) : t('parts.import.failed'));

  const check = async (f = file, m = mode) => {
    if (!f) return;
    setPhase({ kind: 'checking' });
    try {
      setPhase({ kind: 'checked', report: await checkImport(f, m) });
    } catch (error) {
      setPhase({ kind: 'failed', text: failure(error) });
    }
  };
  const start = async () => {
    if (!file || phase.kind !== 'checked') return;
    setPhase({ kind: 'importing', done: 0, total: phase.report.creates + phase.report.updates });
    try {
      const last = await runImport(file, mode, locale, (done, total) => setPhase({ kind: 'importing', done, total }));
      if (last.type === 'done') setPhase({ kind: 'done', text: t('parts.import.done', { created: last.created, updated: last.updated, seconds: last.seconds }) });
      else setPhase({ kind: 'failed', text: last.type === 'error' ? (last.problem.detail ?? last.problem.title) : t('parts.import.failed') });
    } catch (error) {
      setPhase({ kind: 'failed', text: failure(error) });
    }
    await client.invalidateQueries({ queryKey: catalogueKeys.all });
  };
  const close = () => {
    if (phase.kind === 'importing') return;
    setFile(null);
    setPhase({ kind: 'idle' });
    onClose();
  };
  const report = phase.kind === 'checked' ? phase.report : null;
  const columnName = (column: string | null) => {
    const key = `parts.import.column.${column as ImportColumn}`;
    return column && isMessageKey(key) ? t(key) : '—';
  };

  return (
    <Modal open={open} width={760} title={t('parts.import.title')} onCancel={close} footer={null} destroyOnHidden maskClosable={phase.kind !== 'importing'}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>{t('parts.import.step.template')}</Typography.Text>
          <Button icon={<DownloadOutlined />} href="/api/v1/parts/import-template.xlsx" download>
            {t('parts.import.template')}
          </Button>
        </Space>
        <Space wrap align="center">
          <Upload
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              setFile(f);
              void check(f, mode);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} disabled={phase.kind === 'importing'} data-testid="import-choose">
              {t('parts.import.choose')}
            </Button>
          </Upload>
          {file && <Typography.Text code>{file.name}</Typography.Text>}
        </Space>
        <Space wrap>
          <Typography.Text>{t('parts.import.mode')}</Typography.Text>
          <Radio.Group
            value={mode}
            disabled={phase.kind === 'importing'}
            onChange={(e) => {
              setMode(e.target.value as ImportMode);
              void check(file, e.target.value as ImportMode);
            }}
            options={IMPORT_MODES.map((m) => ({ value: m, label: t(`parts.import.mode.${m}`) }))}
          />
        </Space>
        {phase.kind === 'checking' && <Progress percent={100} status="active" showInfo={false} />}
        {report && (
          <>
            <Alert
              type={report.errors.length ? 'error' : 'success'}
              showIcon
              data-testid="import-report"
              message={t('parts.import.rows', { rows: report.rows, creates: report.creates, updates: report.updates })}
              description={report.errors.length ? t('parts.import.hasErrors', { count: report.errors.length }) : t('parts.import.ok')}
            />
            {report.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.line}:${e.column}:${e.code}`}
                dataSource={report.errors}
                pagination={report.errors.length > 10 ? { pageSize: 10 } : false}
                data-testid="import-errors"
                columns={[
                  { title: t('parts.import.line'), dataIndex: 'line', width: 70 },
                  { title: t('parts.import.column'), dataIndex: 'column', width: 140, render: columnName },
                  { title: t('parts.import.reason'), dataIndex: 'message' },
                ]}
                footer={report.errorsTruncated ? () => t('parts.import.errorsTruncated') : undefined}
              />
            )}
          </>
        )}
        {phase.kind === 'importing' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('parts.import.progress')}</Typography.Text>
            <Progress percent={phase.total ? Math.floor((phase.done / phase.total) * 100) : 0} status="active" data-testid="import-progress" />
          </Space>
        )}
        {phase.kind === 'done' && <Alert type="success" showIcon message={phase.text} data-testid="import-done" />}
        {phase.kind === 'failed' && <Alert type="error" showIcon message={phase.text} />}
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={close} disabled={phase.kind === 'importing'} data-testid="import-close">
            {t('parts.import.close')}
          </Button>
          {phase.kind !== 'done' && (
            <Button type="primary" disabled={!report || report.errors.length > 0 || report.creates + report.updates === 0} loading={phase.kind === 'importing'} onClick={() => void start()}>
              {t('parts.import.run')}
            </Button>
          )}
        </Space>
      </Space>
    </Modal>
  );
}
