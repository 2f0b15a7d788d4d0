import { Grid, List, Space, Table, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { isMessageKey, type MessageParams } from '../../../shared/i18n';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import type { PayLine, PayRun } from './api';

/** A basis-point rate as a percent: 1500 → 15%, 1250 → 12.5%. */
export function percentOf(bp: number, locale: string): string {
  return `${(bp / 100).toLocaleString(locale, { maximumFractionDigits: 2 })}%`;
}

/** Detail fields that are values of a closed list, shown by their label. */
const ENUM_PARAMS: Record<string, string> = { grade: 'grade', status: 'employmentStatus', transport: 'transport', cause: 'penaltyCause', reason: 'waitReason', waitReason: 'waitReason' };

/**
 * A line's explanation: its i18n key filled from its `detail`; amounts (`…Fen`) as yuan, rates
 * (`…Bp`) as percents, closed-list values by their label.
 */
export function useExplain() {
  const { t, label, locale } = useI18n();
  const fmt = useFormat();
  return useCallback(
    (line: Pick<PayLine, 'explanation' | 'detail'>) => {
      const params: MessageParams = {};
      for (const [key, value] of Object.entries(line.detail ?? {})) {
        if (typeof value === 'number' && key.endsWith('Fen')) params[key] = fmt.yuan(value);
        else if (typeof value === 'number' && key.endsWith('Bp')) params[key] = percentOf(value, locale);
        else if (typeof value === 'string' && isMessageKey(value)) params[key] = t(value);
        else if (typeof value === 'string' && ENUM_PARAMS[key]) params[key] = label(ENUM_PARAMS[key], value);
        else if (typeof value === 'string' || typeof value === 'number') params[key] = value;
        else if (typeof value === 'boolean') params[key] = t(value ? 'common.yes' : 'common.no');
        else if (value === null || value === undefined) params[key] = '—';
        else params[key] = JSON.stringify(value);
      }
      // A paid wait (M4) says what was waited for rather than a transport it did not use.
      if (typeof line.detail?.waitReason === 'string') params.transport = label('waitReason', line.detail.waitReason);
      return isMessageKey(line.explanation) ? t(line.explanation, params) : line.explanation;
    },
    [fmt, label, locale, t],
  );
}

/** Where a line came from: a ticket's number linking to the ticket, or the kind of record. */
export function LineSource({ line }: { line: PayLine }) {
  const { label } = useI18n();
  const { source } = line;
  if (source.ticketId)
    return (
      <Link to={`/tickets/${source.ticketId}`} data-testid={`pay-line-ticket-${line.kind}`}>
        {source.ticketNumber ?? label('paySource', 'ticket')}
      </Link>
    );
  return <Typography.Text type="secondary">{label('paySource', source.type)}</Typography.Text>;
}

const amountStyle = (fen: number) => ({ color: fen < 0 ? '#cf1322' : undefined, whiteSpace: 'nowrap' as const });

/** One person's lines: what each yuan is, the rule it applied, why, and what earned it. */
export function PayLinesTable({ lines }: { lines: PayLine[] }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const explain = useExplain();
  return (
    <Table<PayLine>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={lines}
      data-testid="pay-lines"
      locale={{ emptyText: t('pay.line.none') }}
      rowClassName={(l) => `pay-line pay-line-${l.kind}`}
      columns={[
        {
          title: t('pay.line.kind'),
          dataIndex: 'kind',
          render: (v: string, l) => (
            <Space size={4} style={{ whiteSpace: 'nowrap' }}>
              {label('payLineKind', v)}
              {l.correctsLineId && <Tag color="orange">{t('pay.line.corrects')}</Tag>}
            </Space>
          ),
        },
        { title: t('pay.line.rule'), dataIndex: 'rule', render: (v: string) => <Tag>{v}</Tag> },
        { title: t('pay.line.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => <span style={amountStyle(v)}>{fmt.yuan(v)}</span> },
        { title: t('pay.line.explanation'), key: 'explanation', render: (_: unknown, l) => explain(l) },
        { title: t('pay.line.source'), key: 'source', render: (_: unknown, l) => <span style={{ whiteSpace: 'nowrap' }}><LineSource line={l} /></span> },
        { title: t('pay.line.on'), key: 'on', render: (_: unknown, l) => <span style={{ whiteSpace: 'nowrap' }}>{l.source.on ?? '—'}</span> },
      ]}
    />
  );
}

/** The same lines as a list, for a phone: no wide table. */
export function PayLinesList({ lines }: { lines: PayLine[] }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const explain = useExplain();
  return (
    <List
      dataSource={lines}
      locale={{ emptyText: t('pay.line.none') }}
      data-testid="pay-lines"
      renderItem={(l) => (
        <List.Item className={`pay-line pay-line-${l.kind}`} extra={<strong style={amountStyle(l.amountFen)}>{fmt.yuan(l.amountFen)}</strong>}>
          <List.Item.Meta
            title={
              <Space size={4} wrap>
                {label('payLineKind', l.kind)}
                {l.source.ticketNumber && <Typography.Text type="secondary">{t('myPay.ticket', { number: l.source.ticketNumber })}</Typography.Text>}
              </Space>
            }
            description={
              <>
                {explain(l)}
                {l.source.on && <div>{l.source.on}</div>}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** A run's status as a tag. */
export function RunStatusTag({ status }: { status: PayRun['status'] }) {
  const { label } = useI18n();
  return (
    <Tag color={status === 'locked' ? 'green' : 'blue'} data-testid="pay-run-status">
      {label('payRunStatus', status)}
    </Tag>
  );
}

/** Lines as a table on a desk, as a list on a phone. */
export function PayLinesView({ lines }: { lines: PayLine[] }) {
  const screens = Grid.useBreakpoint();
  return screens.md ? <PayLinesTable lines={lines} /> : <PayLinesList lines={lines} />;
}
