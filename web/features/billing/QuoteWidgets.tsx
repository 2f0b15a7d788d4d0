import { Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { DrawnSignature } from '../../../shared/contracts/billing-quotes';
import { formatYuan } from '../../../shared/money';
import { SignaturePad } from '../../components/SignaturePad';
import { useI18n } from '../../lib/i18n';
import { signatureOf, type Priced } from './api-quotes';

/** Where a line's price came from: the rule, the discounts taken off it, and E1's note. */
export function RuleText({ line }: { line: Pick<Priced, 'rule' | 'discounts' | 'humanDamage'> }) {
  const { t, label } = useI18n();
  return (
    <Space size={4} wrap data-testid="quote-line-rule">
      <span>{label('quoteRule', line.rule)}</span>
      {line.discounts.map((d) => (
        <Tag key={d.rule} color={d.rule === 'W3' ? 'green' : 'blue'}>
          {d.rule === 'W3' ? t('quotes.w3', { percent: d.bp / 100 }) : t('quotes.manualDiscount', { percent: d.bp / 100 })} −{formatYuan(d.fen)}
        </Tag>
      ))}
      {line.humanDamage ? <Tag color="orange">{t('quotes.humanDamage')}</Tag> : null}
    </Space>
  );
}

/** Priced lines with their amounts and rules, and the total under them. */
export function PricedLines({ lines, totalFen, testId, numbered = false }: { lines: (Priced & { no?: number })[]; totalFen: number; testId?: string; numbered?: boolean }) {
  const { t, label } = useI18n();
  return (
    <Table<Priced & { no?: number }>
      size="small"
      rowKey={(r) => `${r.no ?? ''}${r.kind}${r.description}${r.amountFen}`}
      pagination={false}
      dataSource={lines}
      data-testid={testId}
      scroll={{ x: true }}
      columns={[
        ...(numbered ? [{ title: '#', dataIndex: 'no', width: 40 }] : []),
        { title: t('quotes.kind'), render: (_: unknown, r: Priced) => label('lineKind', r.kind) },
        { title: t('quotes.description'), dataIndex: 'description' },
        { title: t('quotes.quantity'), render: (_: unknown, r: Priced) => `${r.quantity}${r.unit ? ` (${label('labourUnit', r.unit)})` : ''}` },
        { title: t('quotes.unitPrice'), align: 'right' as const, render: (_: unknown, r: Priced) => formatYuan(r.unitPriceFen) },
        { title: t('quotes.rule'), render: (_: unknown, r: Priced) => <RuleText line={r} /> },
        { title: t('quotes.amount'), align: 'right' as const, render: (_: unknown, r: Priced) => <span data-testid="quote-line-amount">{formatYuan(r.amountFen)}</span> },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={numbered ? 6 : 5} align="right">
            <b>{t('quotes.total')}</b>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <Typography.Text strong data-testid={testId ? `${testId}-total` : undefined}>
              {formatYuan(totalFen)}
            </Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** A dialog where the customer writes their name and signs with a finger. */
export function SignatureModal({
  open,
  title,
  onCancel,
  onSign,
  saving,
  children,
}: {
  open: boolean;
  title: string;
  onCancel: () => void;
  onSign: (signature: DrawnSignature) => void;
  saving: boolean;
  children?: React.ReactNode;
}) {
  const { t } = useI18n();
  const [signer, setSigner] = useState('');
  return (
    <Modal open={open} title={title} onCancel={onCancel} footer={null} destroyOnHidden>
      {children}
      <Input placeholder={t('quotes.signerName')} value={signer} onChange={(e) => setSigner(e.target.value)} data-testid="signer-name" style={{ marginBottom: 8 }} />
      <SignaturePad hint={t('quotes.signHere')} disabled={!signer.trim()} saving={saving} onSave={async (png) => onSign(await signatureOf(signer.trim(), png))} />
    </Modal>
  );
}
