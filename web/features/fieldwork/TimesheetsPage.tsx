import { App, Button, Card, Form, Input, InputNumber, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useUsers } from '../../lib/queries/people';
import { useApproveEntries, useCorrectEntry, useEditEntry, useTimeEntries, type TimeEntry } from './api';
import { ExportButton } from '../../components/ExportButton';

/** M3: hours count "as approved by the service supervisor": drafts are adjusted and approved here. */
export function TimesheetsPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const fmt = useFormat();
  const [status, setStatus] = useState<'draft' | 'approved'>('draft');
  const entries = useTimeEntries({ status });
  const technicians = useUsers({ role: 'technician' });
  const names = useMemo(() => new Map((technicians.data?.items ?? []).map((u) => [u.id, u.name])), [technicians.data]);
  const approve = useApproveEntries();
  const edit = useEditEntry();
  const correct = useCorrectEntry();
  const [selected, setSelected] = useState<string[]>([]);
  const [editing, setEditing] = useState<TimeEntry | null>(null);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const items = entries.data?.items ?? [];

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.timesheets')}</Typography.Title>
        <Space>
          <Segmented value={status} onChange={(v) => { setStatus(v as typeof status); setSelected([]); }} options={[{ value: 'draft', label: t('timesheet.draft') }, { value: 'approved', label: t('timesheet.approved') }]} />
          <ExportButton path="/api/v1/time-entries/export.xlsx" filter={{ status }} testId="timesheets-export" />
          {status === 'draft' && (
            <Button
              type="primary"
              disabled={!selected.length}
              loading={approve.isPending}
              data-testid="approve-entries"
              onClick={() =>
                approve.mutate(
                  items.filter((e) => selected.includes(e.id)).map((e) => ({ id: e.id, version: e.version })),
                  {
                    onSuccess: (r) => {
                      setSelected([]);
                      message.success(t('timesheet.approvedCount', { count: r.approved.length }));
                      if (r.conflicts.length) message.warning(t('timesheet.conflicts', { count: r.conflicts.length }));
                    },
                  },
                )
              }
            >
              {t('timesheet.approve', { count: selected.length })}
            </Button>
          )}
        </Space>
      </div>
      <Table<TimeEntry>
        rowKey="id"
        size="small"
        loading={entries.isFetching}
        dataSource={items}
        scroll={{ x: 800 }}
        rowSelection={status === 'draft' ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('timesheet.technician'), dataIndex: 'userId', render: (u: string) => names.get(u) ?? u.slice(0, 8) },
          { title: t('timesheet.kind'), dataIndex: 'kind', render: (k: string, e) => <Space size={4}>{label('timeEntryKind', k)}{e.correctsId && <Tag color="purple">{t('timesheet.correction')}</Tag>}</Space> },
          { title: t('timesheet.detail'), key: 'detail', render: (_, e) => (e.transport ? label('transport', e.transport) : e.waitReason ? label('waitReason', e.waitReason) : '') },
          { title: t('timesheet.from'), dataIndex: 'startedAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('timesheet.to'), dataIndex: 'endedAt', render: (v: string) => fmt.short(v) },
          { title: t('timesheet.minutes'), dataIndex: 'minutes', render: (m: number, e) => <Space size={4}>{m}{e.edited && !e.correctsId && <Tag>{t('timesheet.edited')}</Tag>}</Space> },
          { title: t('ticket.number'), dataIndex: 'ticketId', render: (id: string) => <Link to={`/tickets/${id}`}>{t('timesheet.open')}</Link> },
          { title: t('timesheet.note'), dataIndex: 'note', ellipsis: true },
          {
            title: '',
            key: 'x',
            render: (_, e) => (
              <Button size="small" onClick={() => { setEditing(e); form.setFieldsValue({ minutes: status === 'draft' ? e.minutes : 0, note: '' }); }}>
                {status === 'draft' ? t('timesheet.adjust') : t('timesheet.correct')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing?.status === 'approved' ? t('timesheet.correct') : t('timesheet.adjust')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {editing?.status === 'approved' && <Typography.Paragraph type="secondary">{t('timesheet.correctHint')}</Typography.Paragraph>}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { minutes: number; note?: string }) => {
            const entry = editing!;
            const done = { onSuccess: () => setEditing(null), onError: onProblem };
            if (entry.status === 'approved') correct.mutate({ entry, minutes: v.minutes, note: v.note ?? '' }, done);
            else edit.mutate({ entry, minutes: v.minutes, ...(v.note ? { note: v.note } : {}) }, done);
          }}
        >
          <Form.Item name="minutes" label={editing?.status === 'approved' ? t('timesheet.difference') : t('timesheet.minutes')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="note" label={t('timesheet.note')} rules={editing?.status === 'approved' ? [{ required: true, whitespace: true, min: 2, message: t('validation.required') }] : []}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
