import { App, Button, Card, Collapse, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { CountersignCard } from './CountersignCard';
import { useConfirmStatement, useDecideDispute, useDisputeLine, useIssueStatement, usePortalStatements, useStatements, type Statement } from './api';

type Line = Statement['lines'][number];

/**
 * R9: quarterly statements. Staff (`contractorId` given) issue them and answer disputes; the
 * contractor (portal) disputes lines with a reason and confirms the rest.
 */
export function StatementsCard({ contractorId }: { contractorId?: string }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const portal = !contractorId;
  const canDecide = hasPermission(me.data, 'deductions.manage');
  const staffList = useStatements(contractorId ?? '', !portal);
  const portalList = usePortalStatements(portal);
  const list = portal ? portalList : staffList;
  const issue = useIssueStatement(contractorId ?? '');
  const decide = useDecideDispute();
  const dispute = useDisputeLine();
  const confirm = useConfirmStatement();
  const [acting, setActing] = useState<{ statement: Statement; line: Line; accept?: boolean } | null>(null);
  const [form] = Form.useForm();
  const [issueForm] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const onIssueProblem = useProblemHandler(issueForm);
  const showProblem = useProblemHandler();

  const columns = (statement: Statement) => [
    { title: t('contractors.rule'), dataIndex: 'rule', render: (v: string) => label('ledgerRule', v) },
    { title: t('contractors.ticket'), dataIndex: 'ticketNumber', render: (v: string | null, l: Line) => (v && l.ticketId && !portal ? <Link to={`/tickets/${l.ticketId}`}>{v}</Link> : (v ?? '—')) },
    { title: t('contractors.costBasis'), dataIndex: 'costBasisFen', align: 'right' as const, render: (v: number | null) => fmt.yuan(v) },
    { title: t('contractors.rate'), dataIndex: 'rateBp', align: 'right' as const, render: (v: number | null) => (v === null ? '—' : `${v / 100}%`) },
    { title: t('contractors.amount'), dataIndex: 'amountFen', align: 'right' as const, render: (v: number) => fmt.yuan(v) },
    {
      title: t('contractors.report.status'),
      dataIndex: 'status',
      render: (v: string, l: Line) => (
        <Space direction="vertical" size={0}>
          <Tag color={v === 'disputed' ? 'orange' : v === 'accepted' ? 'green' : v === 'rejected' ? 'red' : undefined} data-testid={`statement-line-${l.id}`}>
            {label('statementLineStatus', v)}
          </Tag>
          {l.disputeReason && <Typography.Text type="secondary">{l.disputeReason}</Typography.Text>}
          {l.answer && <Typography.Text>{l.answer}</Typography.Text>}
        </Space>
      ),
    },
    {
      key: 'act',
      render: (_: unknown, l: Line) =>
        statement.status === 'open' &&
        (portal ? (
          l.status === 'open' && (
            <Button size="small" onClick={() => setActing({ statement, line: l })} data-testid="statement-dispute">
              {t('contractors.statement.dispute')}
            </Button>
          )
        ) : (
          canDecide &&
          l.status === 'disputed' && (
            <Space>
              <Button size="small" type="primary" onClick={() => setActing({ statement, line: l, accept: true })} data-testid="statement-accept">
                {t('contractors.statement.accept')}
              </Button>
              <Button size="small" danger onClick={() => setActing({ statement, line: l, accept: false })}>
                {t('contractors.statement.reject')}
              </Button>
            </Space>
          )
        )),
    },
  ];

  return (
    <Card
      title={t('contractors.statements')}
      size="small"
      data-testid="statements"
      extra={
        !portal &&
        canDecide && (
          <Form form={issueForm} layout="inline" onFinish={(v: { quarter: string }) => issue.mutate(v.quarter, { onSuccess: () => issueForm.resetFields(), onError: onIssueProblem })}>
            <Form.Item name="quarter" rules={[{ required: true, pattern: /^\d{4}-Q[1-4]$/ }]}>
              <Input placeholder="2026-Q4" style={{ width: 110 }} data-testid="statement-quarter" />
            </Form.Item>
            <Button htmlType="submit" loading={issue.isPending} data-testid="statement-issue">
              {t('contractors.statement.issue')}
            </Button>
          </Form>
        )
      }
    >
      <Collapse
        items={(list.data ?? []).map((s) => ({
          key: s.id,
          label: (
            <Space>
              <b>{s.quarter}</b>
              {portal ? null : s.contractorName}
              <Tag color={s.status === 'closed' ? 'green' : 'orange'} data-testid={`statement-status-${s.quarter}`}>
                {label('statementStatus', s.status)}
              </Tag>
              {t('contractors.statement.total')} {fmt.yuan(s.totalFen)}
              <a href={portal ? `/api/v1/portal/statements/${s.id}/pdf` : `/api/v1/contractor-statements/${s.id}/pdf`} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
                PDF
              </a>
            </Space>
          ),
          children: (
            <>
              <Table rowKey="id" size="small" pagination={false} dataSource={s.lines} columns={columns(s)} />
              {portal && s.status === 'open' && (
                <Button style={{ marginTop: 8 }} onClick={() => confirm.mutate(s.id, { onError: showProblem })} data-testid="statement-confirm">
                  {t('contractors.statement.confirm')}
                </Button>
              )}
            </>
          ),
        }))}
      />
      <Modal
        open={!!acting}
        title={acting && (portal ? t('contractors.statement.dispute') : acting.accept ? t('contractors.statement.accept') : t('contractors.statement.reject'))}
        onCancel={() => setActing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { text: string }) => {
            if (!acting) return;
            const done = {
              onSuccess: () => {
                setActing(null);
                message.success(t('contractors.saved'));
              },
              onError: onProblem,
            };
            if (portal) dispute.mutate({ statementId: acting.statement.id, lineId: acting.line.id, reason: v.text }, done);
            else decide.mutate({ statementId: acting.statement.id, lineId: acting.line.id, accept: !!acting.accept, answer: v.text }, done);
          }}
        >
          <Form.Item name="text" label={portal ? t('contractors.reason') : t('contractors.statement.answer')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="statement-text" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** The contractor's portal page of its statements. */
export function PortalStatementsPage() {
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <CountersignCard />
      <StatementsCard />
    </Space>
  );
}
