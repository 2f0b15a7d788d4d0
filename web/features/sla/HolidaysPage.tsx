import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useHealth } from '../../lib/queries/health';
import { useHolidayYears, useImportHolidays, useSaveHolidayYear, type HolidayYear } from './api';

/** `2027-10-01,2027-10-07,国庆节` per line ⇄ ranges; `2027-09-26,国庆节` per line ⇄ make-up days. */
const rangesText = (y?: HolidayYear) => (y?.holidays ?? []).map((h) => `${h.from},${h.to},${h.name}`).join('\n');
const workdaysText = (y?: HolidayYear) => (y?.workdays ?? []).map((w) => `${w.on},${w.name}`).join('\n');

function YearEditor({ year, onClose }: { year: HolidayYear | 'new' | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = useSaveHolidayYear();
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const existing = year && year !== 'new' ? year : undefined;
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.split(/[,，\t]/).map((c) => c.trim()))
      .filter((c) => c.some(Boolean));
  return (
    <Modal open={year !== null} width={640} title={existing ? t('holidays.editYear', { year: existing.year }) : t('holidays.addYear')} okText={t('common.save')} cancelText={t('common.cancel')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ year: existing?.year ?? new Date().getFullYear() + 1, source: existing?.source ?? '', holidays: rangesText(existing), workdays: workdaysText(existing) }}
        onFinish={(v: { year: number; source: string; holidays: string; workdays: string }) =>
          save.mutate(
            {
              year: v.year,
              source: v.source,
              holidays: lines(v.holidays ?? '').map(([from, to, name]) => ({ from: from ?? '', to: to || from || '', name: name ?? '' })),
              workdays: lines(v.workdays ?? '').map(([on, name]) => ({ on: on ?? '', name: name ?? '' })),
            },
            {
              onSuccess: () => {
                message.success(t('holidays.saved'));
                onClose();
              },
              onError: onProblem,
            },
          )
        }
      >
        <Space>
          <Form.Item name="year" label={t('holidays.year')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={2000} max={2100} disabled={!!existing} />
          </Form.Item>
          <Form.Item name="source" label={t('holidays.source')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]} style={{ width: 420 }}>
            <Input placeholder={t('holidays.sourcePlaceholder')} />
          </Form.Item>
        </Space>
        <Form.Item name="holidays" label={t('holidays.ranges')} extra={t('holidays.rangesHint')}>
          <Input.TextArea rows={7} placeholder="2027-10-01,2027-10-07,国庆节" />
        </Form.Item>
        <Form.Item name="workdays" label={t('holidays.workdays')} extra={t('holidays.workdaysHint')}>
          <Input.TextArea rows={4} placeholder="2027-09-26,国庆节" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function HolidaysPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const me = useMe();
  const years = useHolidayYears();
  const health = useHealth();
  const importFile = useImportHolidays();
  const [editing, setEditing] = useState<HolidayYear | 'new' | null>(null);
  const canEdit = hasPermission(me.data, 'sla.manage');
  const missing = health.data?.holidayDataMissing ?? [];
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.holidays')}</Typography.Title>
        {canEdit && (
          <Space wrap>
            <Upload
              accept=".ics,.csv,.xlsx"
              showUploadList={false}
              customRequest={({ file }) =>
                importFile.mutate(
                  { file: file as File },
                  {
                    onSuccess: (r) => message.success(t('holidays.imported', { years: r.years.join('、') })),
                    onError: showProblem,
                  },
                )
              }
            >
              <Button icon={<UploadOutlined />} loading={importFile.isPending}>
                {t('holidays.import')}
              </Button>
            </Upload>
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('holidays.addYear')}
            </Button>
          </Space>
        )}
      </div>
      {missing.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t('holidays.missing', { years: missing.join('、') })} description={t('holidays.missingHint')} data-testid="holiday-missing" />}
      <Typography.Paragraph type="secondary">{t('holidays.importHint')}</Typography.Paragraph>
      <Table<HolidayYear>
        rowKey="year"
        loading={years.isFetching}
        dataSource={[...(years.data?.items ?? [])].reverse()}
        pagination={false}
        expandable={{
          expandedRowRender: (y) => (
            <Space direction="vertical">
              {y.holidays.map((h) => (
                <span key={h.from}>
                  <Tag color="red">{t('calendar.off')}</Tag>
                  {h.from === h.to ? h.from : `${h.from} – ${h.to}`} {h.name}
                </span>
              ))}
              {y.workdays.map((w) => (
                <span key={w.on}>
                  <Tag color="blue">{t('calendar.makeup')}</Tag>
                  {w.on} {w.name}
                </span>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: t('holidays.year'), dataIndex: 'year' },
          { title: t('holidays.source'), dataIndex: 'source', ellipsis: true },
          { title: t('holidays.ranges'), dataIndex: 'holidays', render: (h: unknown[]) => h.length },
          { title: t('holidays.workdays'), dataIndex: 'workdays', render: (w: unknown[]) => w.length },
          { title: '', dataIndex: 'custom', render: (c: boolean) => (c ? <Tag color="purple">{t('holidays.custom')}</Tag> : <Tag>{t('holidays.shipped')}</Tag>) },
          { title: '', key: 'edit', render: (_, y) => canEdit && <Button size="small" onClick={() => setEditing(y)}>{t('holidays.edit')}</Button> },
        ]}
      />
      <YearEditor year={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
