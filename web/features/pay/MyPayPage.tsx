import { ArrowLeftOutlined, FilePdfOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Space, Spin, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { payRunPaths, useMyHoldbacks, useMyPayRun, useMyPayRuns } from './api';
import { PayLinesList, RunStatusTag } from './PayLines';

/**
 * A technician's own pay, made for a phone: the months, then one month's lines with their
 * explanations, the total and the slip; and the hold-backs still held.
 */
export function MyPayPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const [search, setSearch] = useSearchParams();
  const runId = search.get('run');
  const runs = useMyPayRuns();
  const holdbacks = useMyHoldbacks();
  const held = (holdbacks.data?.balances ?? []).filter((b) => b.heldFen !== 0);
  const heldTotal = held.reduce((sum, b) => sum + b.heldFen, 0);

  if (runId) return <MyPayMonth runId={runId} month={runs.data?.find((r) => r.id === runId)?.month} onBack={() => setSearch({})} />;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('myPay.title')} size="small">
        {runs.isLoading ? (
          <Spin />
        ) : (
          <List
            dataSource={runs.data ?? []}
            locale={{ emptyText: <Empty description={t('myPay.none')} /> }}
            data-testid="my-pay-runs"
            renderItem={(run) => (
              <List.Item onClick={() => setSearch({ run: run.id })} style={{ cursor: 'pointer' }} data-testid={`my-pay-run-${run.month}`} extra={<RightOutlined />}>
                <List.Item.Meta
                  title={
                    <Space>
                      {run.month}
                      <RunStatusTag status={run.status} />
                    </Space>
                  }
                />
                <strong>{fmt.yuan(run.totalFen)}</strong>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card title={t('myPay.held')} size="small" extra={held.length > 0 && t('myPay.heldTotal', { amount: fmt.yuan(heldTotal) })}>
        <List
          dataSource={held}
          locale={{ emptyText: t('pay.holdbacks.none') }}
          data-testid="my-holdbacks"
          renderItem={(b) => (
            <List.Item extra={<strong>{fmt.yuan(b.heldFen)}</strong>}>
              <List.Item.Meta title={t('myPay.ticket', { number: b.ticketNumber })} description={b.warrantyEndsOn ? `${t('pay.holdbacks.warrantyEndsOn')} ${b.warrantyEndsOn}` : undefined} />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

function MyPayMonth({ runId, month, onBack }: { runId: string; month: string | undefined; onBack: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const slip = useMyPayRun(runId);
  const person = slip.data;
  return (
    <Card
      size="small"
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('myPay.back')} />
          {month ? t('pay.run.title', { month }) : t('myPay.title')}
        </Space>
      }
    >
      {slip.isLoading || !person ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <div className="my-pay-total">
            <Typography.Text type="secondary">{t('myPay.total')}</Typography.Text>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="my-pay-total">
              {fmt.yuan(person.totalFen)}
            </Typography.Title>
          </div>
          <PayLinesList lines={person.components} />
          <Button block icon={<FilePdfOutlined />} href={payRunPaths.mySlipPdf(runId)} target="_blank" data-testid="my-pay-slip">
            {t('myPay.slip')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
