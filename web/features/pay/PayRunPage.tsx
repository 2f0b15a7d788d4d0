import { ArrowLeftOutlined, DownloadOutlined, FilePdfOutlined, LockOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Result, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isMessageKey, type MessageParams } from '../../../shared/i18n';
import { ApiError } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { payRunPaths, useLockPayRun, usePayLines, usePayRun, useRecomputePayRun, type PayPersonLines } from './api';
import { PayLinesTable, RunStatusTag } from './PayLines';

/** The lock's refusals the clerk acts on (month not over, unapproved hours, a locked run): said on the page, not in a passing toast. */
const LOCK_PROBLEMS = ['PAY_MONTH_OPEN', 'TIME_ENTRIES_UNAPPROVED', 'PAY_MONTH_LOCKED', 'PAY_RUN_LOCKED'];

/**
 * One month's pay run: its state, what to check before locking, and each person with their
 * lines; a commission line clicks through to its ticket. The open person is in the address
 * (`?person=`), so coming back from a ticket finds them open.
 */
export function PayRunPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message, modal } = App.useApp();
  const [search, setSearch] = useSearchParams();
  const run = usePayRun(id);
  const people = usePayLines(id);
  const recompute = useRecomputePayRun(id);
  const lock = useLockPayRun(id);
  const onProblem = useProblemHandler();
  const [lockProblem, setLockProblem] = useState<{ title: string; detail?: string | undefined } | null>(null);
  const open = search.get('person');

  if (run.isLoading) return <Spin />;
  if (!run.data) return <Result status="404" title={t('errors.NOT_FOUND')} extra={<Link to="/pay-runs">{t('pay.run.back')}</Link>} />;
  const r = run.data;

  const warningText = (w: { code: string; params: Record<string, string | number> }) => {
    const key = `pay.warning.${w.code}`;
    const params: MessageParams = Object.fromEntries(Object.entries(w.params).map(([k, v]) => [k, typeof v === 'number' && k.endsWith('Fen') ? fmt.yuan(v) : v]));
    return isMessageKey(key) ? t(key, params) : isMessageKey(w.code) ? t(w.code, params) : [w.code, ...Object.values(w.params)].join(' ');
  };

  const onLockError = (error: unknown) => {
    if (error instanceof ApiError && LOCK_PROBLEMS.includes(error.code)) setLockProblem({ title: error.problem.title, detail: error.problem.detail });
    else onProblem(error);
  };

  const askLock = () =>
    modal.confirm({
      title: t('pay.run.lockConfirm', { month: r.month }),
      content: t('pay.run.lockHint'),
      okText: t('pay.run.lock'),
      okButtonProps: { 'data-testid': 'pay-run-lock-ok' },
      onOk: () =>
        new Promise<void>((resolve) => {
          setLockProblem(null);
          lock.mutate(undefined, {
            onSuccess: () => message.success(t('pay.run.locked')),
            onError: onLockError,
            onSettled: () => resolve(),
          });
        }),
    });

  const toggle = (userId: string) => {
    const next = new URLSearchParams(search);
    if (open === userId) next.delete('person');
    else next.set('person', userId);
    setSearch(next, { replace: true });
  };

  const draft = r.status === 'draft';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <div className="page-head">
          <Space align="center" wrap>
            <Link to="/pay-runs" title={t('pay.run.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="pay-run-title">
              {t('pay.run.title', { month: r.month })}
            </Typography.Title>
            <RunStatusTag status={r.status} />
          </Space>
          <Space wrap>
            {draft && (
              <Button
                icon={<ReloadOutlined />}
                loading={recompute.isPending}
                onClick={() => recompute.mutate(undefined, { onSuccess: () => message.success(t('pay.run.recomputed')), onError: onProblem })}
                data-testid="pay-run-recompute"
              >
                {t('pay.run.recompute')}
              </Button>
            )}
            {draft && (
              <Button type="primary" icon={<LockOutlined />} loading={lock.isPending} onClick={askLock} data-testid="pay-run-lock">
                {t('pay.run.lock')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} href={payRunPaths.exportXlsx(r.id)} download data-testid="pay-run-export">
              {t('pay.run.export')}
            </Button>
          </Space>
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('pay.runs.total')}>
            <strong data-testid="pay-run-total">{fmt.yuan(r.totalFen)}</strong>
          </Descriptions.Item>
          <Descriptions.Item label={t('pay.runs.people')}>{r.people}</Descriptions.Item>
          <Descriptions.Item label={t('pay.runs.computedAt')}>{fmt.dateTime(r.computedAt)}</Descriptions.Item>
          {r.lockedAt && <Descriptions.Item label={t('pay.runs.lockedAt')}>{t('pay.run.lockedBy', { name: r.lockedBy?.name ?? '—', at: fmt.dateTime(r.lockedAt) })}</Descriptions.Item>}
        </Descriptions>
        {r.monthOpen && draft && <Alert type="info" showIcon message={t('pay.run.monthOpen')} style={{ marginTop: 8 }} />}
        {lockProblem && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setLockProblem(null)}
            style={{ marginTop: 8 }}
            message={`${t('pay.run.lockRefused')}：${lockProblem.title}`}
            description={lockProblem.detail}
            data-testid="pay-run-lock-problem"
          />
        )}
        {r.warnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            message={t('pay.run.warnings')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {r.warnings.map((w, i) => (
                  <li key={i}>{warningText(w)}</li>
                ))}
              </ul>
            }
            data-testid="pay-run-warnings"
          />
        )}
      </Card>
      <Card title={t('pay.run.people')}>
        <Table<PayPersonLines>
          rowKey="userId"
          size="small"
          loading={people.isLoading}
          dataSource={people.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="pay-people"
          expandable={{
            expandedRowKeys: open ? [open] : [],
            onExpand: (_, p) => toggle(p.userId),
            expandedRowRender: (p) => <PayLinesTable lines={p.components} />,
          }}
          onRow={(p) => ({ 'data-testid': `pay-person-${p.userId}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('pay.person.name'),
              dataIndex: 'name',
              render: (v: string, p) => (
                <Button type="link" style={{ padding: 0 }} onClick={() => toggle(p.userId)} data-testid="pay-person-open">
                  {v}
                </Button>
              ),
            },
            { title: t('pay.person.role'), dataIndex: 'role', render: (v: string) => label('role', v) },
            { title: t('pay.person.grade'), dataIndex: 'grade', render: (v: string | null) => (v ? label('grade', v) : '—') },
            { title: t('pay.person.status'), dataIndex: 'employmentStatus', render: (v: string | null) => (v ? label('employmentStatus', v) : '—') },
            { title: t('pay.person.total'), dataIndex: 'totalFen', align: 'right', render: (v: number) => <strong>{fmt.yuan(v)}</strong> },
            {
              title: t('pay.person.slip'),
              key: 'slip',
              render: (_: unknown, p) => (
                <a href={payRunPaths.slipPdf(r.id, p.userId)} target="_blank" rel="noreferrer" data-testid="pay-person-slip">
                  <FilePdfOutlined /> PDF
                </a>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
