import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, List, Popconfirm, Progress, Segmented, Space, Table, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { formatYuan } from '../../../shared/money';
import type { InputRef } from 'antd';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { countSheetUrl, useCancelCount, useCountSheet, useEnterCount, useImportCounts, usePostCount, type CountLine } from './api-counts';
import { CountStatusTag } from './CountsPage';

type Show = 'all' | 'uncounted' | 'differences';

/**
 * One count sheet: counts entered one line at a time (a phone: scan or type the part number,
 * then the quantity), or from the filled-in Excel sheet (checked first, written only when every
 * row is right); the differences reviewed, then posted once.
 */
export function CountSheetPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const f = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const [show, setShow] = useState<Show>('all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const sheet = useCountSheet(id, { q: q || undefined, show, page, pageSize: 50 } as { q?: string; show: Show; page: number; pageSize: number });
  const enter = useEnterCount(id);
  const importFile = useImportCounts(id);
  const post = usePostCount(id);
  const cancel = useCancelCount(id);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  const numberRef = useRef<InputRef>(null);
  const [checked, setChecked] = useState<{ file: File; rows: number; problems: { line: number; message: string; params?: Record<string, string | number> }[] } | null>(null);
  const s = sheet.data;
  const open = s?.status === 'open';
  const canCount = hasPermission(me.data, 'stock.move') && open;
  const canPost = hasPermission(me.data, 'parts.manage') && open;
  const yuan = (fen: number) => formatYuan(fen, locale);

  const record = (v: { partNumber: string; counted: number }) =>
    enter.mutate(
      { partNumber: v.partNumber.trim(), counted: v.counted },
      {
        onSuccess: (line) => {
          message.success(t('counts.saved', { number: line.partNumber, counted: line.counted ?? 0 }));
          form.resetFields();
          numberRef.current?.focus();
        },
        onError: onProblem,
      },
    );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card loading={!s}>
        {s && (
          <>
            <div className="page-head">
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('counts.number')} {s.number} <CountStatusTag status={s.status} />
              </Typography.Title>
              <Space wrap>
                <a href={countSheetUrl(id)} download>
                  <Button icon={<DownloadOutlined />}>{t('counts.downloadSheet')}</Button>
                </a>
                {canPost && (
                  <Popconfirm title={t('counts.cancelConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => cancel.mutate(undefined, { onError: showProblem })}>
                    <Button danger>{t('counts.cancel')}</Button>
                  </Popconfirm>
                )}
                {canPost && (
                  <Popconfirm
                    title={t('counts.post')}
                    description={
                      <div style={{ maxWidth: 320 }}>
                        {t('counts.postConfirm', { differences: s.differences, value: yuan(s.differenceValueFen) })}
                        {s.lines > s.counted && <div>{t('counts.postUncounted', { n: s.lines - s.counted })}</div>}
                      </div>
                    }
                    okText={t('counts.post')}
                    cancelText={t('common.cancel')}
                    onConfirm={() =>
                      post.mutate(undefined, {
                        onSuccess: (r) => message.success(t('counts.posted', { adjusted: r.adjusted, value: yuan(r.differenceValueFen) })),
                        onError: showProblem,
                      })
                    }
                  >
                    <Button type="primary" loading={post.isPending} data-testid="count-post">
                      {t('counts.post')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            </div>
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('counts.location')}>{s.locationName}</Descriptions.Item>
              <Descriptions.Item label={t('counts.differences')}>
                <span data-testid="count-differences">{s.differences}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('counts.differenceValue')}>
                <Typography.Text type={s.differenceValueFen < 0 ? 'danger' : undefined}>{yuan(s.differenceValueFen)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('counts.createdAt')}>
                {f.dateTime(s.createdAt)} {s.createdByName}
              </Descriptions.Item>
              {s.postedAt && (
                <Descriptions.Item label={t('counts.postedAt')}>
                  <span data-testid="count-posted-at">
                    {f.dateTime(s.postedAt)} {s.postedByName}
                  </span>
                </Descriptions.Item>
              )}
            </Descriptions>
            <Progress percent={s.lines ? Math.round((s.counted / s.lines) * 100) : 0} format={() => t('counts.progress', { counted: s.counted, lines: s.lines })} />
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('counts.howCompared')}
            </Typography.Paragraph>
          </>
        )}
      </Card>

      {canCount && (
        <Card title={t('counts.enter')} size="small">
          <Typography.Paragraph type="secondary">{t('counts.enterHint')}</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={record} style={{ maxWidth: 480 }}>
            <Form.Item name="partNumber" label={t('counts.partNumber')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input ref={numberRef} size="large" autoComplete="off" autoFocus data-testid="count-part-number" />
            </Form.Item>
            <Form.Item name="counted" label={t('counts.quantity')} rules={[{ required: true, message: t('validation.required') }]}>
              <InputNumber size="large" min={0} style={{ width: '100%' }} inputMode="decimal" data-testid="count-quantity" />
            </Form.Item>
            <Button type="primary" size="large" block htmlType="submit" loading={enter.isPending} data-testid="count-record">
              {t('counts.save')}
            </Button>
          </Form>
        </Card>
      )}

      {canCount && (
        <Card title={t('counts.import')} size="small">
          <Typography.Paragraph type="secondary">{t('counts.importHint')}</Typography.Paragraph>
          <Space wrap>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              customRequest={({ file }) =>
                importFile.mutate(
                  { file: file as File, dryRun: true },
                  { onSuccess: (r) => setChecked({ file: file as File, rows: r.rows, problems: r.problems }), onError: showProblem },
                )
              }
            >
              <Button icon={<UploadOutlined />} loading={importFile.isPending} data-testid="count-import">
                {t('counts.import')}
              </Button>
            </Upload>
            {checked && checked.problems.length === 0 && (
              <Button
                type="primary"
                data-testid="count-import-confirm"
                loading={importFile.isPending}
                onClick={() =>
                  importFile.mutate(
                    { file: checked.file, dryRun: false },
                    {
                      onSuccess: (r) => {
                        message.success(t('counts.imported', { applied: r.applied }));
                        setChecked(null);
                      },
                      onError: showProblem,
                    },
                  )
                }
              >
                {t('counts.importNow')}
              </Button>
            )}
          </Space>
          {checked && (
            <Alert
              style={{ marginTop: 12 }}
              type={checked.problems.length ? 'error' : 'success'}
              showIcon
              message={checked.problems.length ? t('counts.checked', { rows: checked.rows, problems: checked.problems.length }) : t('counts.checkedOk', { rows: checked.rows })}
              description={
                checked.problems.length > 0 && (
                  <List
                    size="small"
                    data-testid="count-import-problems"
                    dataSource={checked.problems.slice(0, 100)}
                    renderItem={(p) => (
                      <List.Item>
                        {t('counts.problemLine', { line: p.line })}：{t(p.message as never, p.params)}
                      </List.Item>
                    )}
                  />
                )
              }
            />
          )}
        </Card>
      )}

      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented<Show>
            value={show}
            onChange={(v) => {
              setShow(v);
              setPage(1);
            }}
            options={(['all', 'uncounted', 'differences'] as const).map((v) => ({ value: v, label: t(`counts.show.${v}`) }))}
            data-testid="count-show"
          />
          <Input.Search allowClear placeholder={t('counts.search')} onSearch={(v) => { setQ(v); setPage(1); }} style={{ width: 220 }} />
        </Space>
        <Table<CountLine>
          rowKey="partId"
          size="small"
          loading={sheet.isFetching}
          dataSource={s?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ current: page, pageSize: 50, total: s?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          onRow={(l) => ({ onClick: () => canCount && form.setFieldsValue({ partNumber: l.partNumber, counted: l.counted ?? undefined }) })}
          columns={[
            { title: t('counts.partNumber'), dataIndex: 'partNumber' },
            { title: t('parts.counts.column.name'), dataIndex: 'partName' },
            { title: t('counts.expected'), dataIndex: 'expected', align: 'right', render: (v: number, l) => `${v} ${l.unit}` },
            { title: t('counts.counted'), dataIndex: 'counted', align: 'right', render: (v: number | null, l) => (v === null ? '—' : `${v} ${l.unit}`) },
            {
              title: t('counts.difference'),
              dataIndex: 'difference',
              align: 'right',
              render: (v: number | null) => (v === null || v === 0 ? (v ?? '—') : <Typography.Text type={v < 0 ? 'danger' : 'success'}>{v > 0 ? `+${v}` : v}</Typography.Text>),
            },
            { title: t('counts.countedBy'), dataIndex: 'countedByName', render: (v: string | null, l) => (v ? `${v} ${f.short(l.countedAt)}` : '—') },
          ]}
        />
      </Card>
    </Space>
  );
}
