import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { LABOUR_UNITS, LINE_KINDS, type CreateQuoteBody, type LabourUnit, type LineKind } from '../../../shared/contracts/billing-quotes';
import { yuanToFen } from '../../../shared/money';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useDebounced } from '../../lib/use-debounced';
import { useCreateQuote, useQuoteDraft, useQuotePreview } from './api-quotes';
import { PricedLines } from './QuoteWidgets';

interface LineValues {
  kind: LineKind;
  description: string;
  quantity: number;
  unitPriceYuan: number;
  partId?: string | null;
  unit?: LabourUnit | null;
  outOfCity?: boolean | null;
}
interface Values {
  lines: LineValues[];
  discountPercent?: number | null;
  requiresApproval: boolean;
  note?: string;
}

const bodyOf = (v: Partial<Values>): CreateQuoteBody | null => {
  const lines = (v.lines ?? []).filter((l) => l && l.kind && l.description && l.quantity > 0 && l.unitPriceYuan !== undefined && l.unitPriceYuan !== null && l.unitPriceYuan >= 0);
  if (lines.length === 0) return null;
  return {
    lines: lines.map((l) => ({
      kind: l.kind,
      description: l.description,
      quantity: l.quantity,
      unitPriceFen: yuanToFen(l.unitPriceYuan),
      ...(l.partId ? { partId: l.partId } : {}),
      ...(l.kind === 'labour' && l.unit ? { unit: l.unit } : {}),
      ...(l.kind === 'travel' ? { outOfCity: !!l.outOfCity } : {}),
    })),
    ...(v.discountPercent ? { discountBp: Math.round(v.discountPercent * 100) } : {}),
    requiresApproval: !!v.requiresApproval,
    ...(v.note ? { note: v.note } : {}),
  };
};

/**
 * A new quote version, prefilled from the rates and the ticket's parts; each line is priced as
 * it is typed, with the rule that priced it (warranty, contract, W3…).
 */
export function QuoteEditor({ ticketId, open, onClose }: { ticketId: string; open: boolean; onClose: () => void }) {
  const { t, label } = useI18n();
  const draft = useQuoteDraft(ticketId, open);
  const create = useCreateQuote(ticketId);
  const [form] = Form.useForm<Values>();
  const onProblem = useProblemHandler(form);
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const body = useMemo(() => bodyOf(watched ?? {}), [watched]);
  const debounced = useDebounced(JSON.stringify(body), 300);
  const preview = useQuotePreview(ticketId, debounced, open);
  const priced = body ? preview.data : undefined;

  useEffect(() => {
    if (!open || !draft.data) return;
    form.setFieldsValue({
      lines: draft.data.lines.map((l) => ({ kind: l.kind, description: l.description, quantity: l.quantity, unitPriceYuan: l.unitPriceFen / 100, partId: l.partId, unit: l.unit, outOfCity: l.outOfCity })),
      requiresApproval: draft.data.requiresApproval,
      discountPercent: null,
    });
  }, [open, draft.data, form]);

  const save = () => {
    if (!body) return;
    create.mutate(body, {
      onSuccess: () => {
        form.resetFields();
        onClose();
      },
      onError: onProblem,
    });
  };

  const d = draft.data;
  return (
    <Modal open={open} title={t('quotes.newQuote')} width={920} onCancel={onClose} okText={t('quotes.save')} onOk={save} okButtonProps={{ disabled: !body, 'data-testid': 'quote-save' } as never} confirmLoading={create.isPending} destroyOnHidden>
      {d ? (
        <Space wrap style={{ marginBottom: 8 }}>
          <Tag>
            {t('quotes.warranty')}: {label('warranty', d.warranty)}
          </Tag>
          {d.humanDamage ? <Tag color="orange">{t('quotes.humanDamage')}</Tag> : null}
          {d.booked ? <Tag color="green">{t('quotes.w3', { percent: d.bookingDiscountBp / 100 })}</Tag> : null}
          {d.customerCaused.customerCaused ? (
            <Tag color="red">
              {t('quotes.customerCaused')}: {d.customerCaused.reason}
            </Tag>
          ) : null}
        </Space>
      ) : null}
      <Form form={form} layout="vertical" initialValues={{ lines: [], requiresApproval: false }}>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => {
                const kind = watched?.lines?.[i]?.kind;
                return (
                  <Space key={field.key} align="start" wrap data-testid="quote-line-editor">
                    <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]} style={{ width: 96 }}>
                      <Select options={LINE_KINDS.map((k) => ({ value: k, label: label('lineKind', k) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'description']} rules={[{ required: true }]} style={{ width: 220 }}>
                      <Input placeholder={t('quotes.description')} data-testid="quote-line-description" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'quantity']} rules={[{ required: true }]} style={{ width: 90 }}>
                      <InputNumber min={0.001} step={1} placeholder={t('quotes.quantity')} style={{ width: '100%' }} data-testid="quote-line-quantity" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'unitPriceYuan']} rules={[{ required: true }]} style={{ width: 120 }}>
                      <InputNumber min={0} precision={2} prefix="¥" placeholder={t('quotes.unitPrice')} style={{ width: '100%' }} data-testid="quote-line-price" />
                    </Form.Item>
                    {kind === 'labour' ? (
                      <Form.Item name={[field.name, 'unit']} style={{ width: 110 }}>
                        <Select allowClear placeholder={t('quotes.unit')} options={LABOUR_UNITS.map((u) => ({ value: u, label: label('labourUnit', u) }))} />
                      </Form.Item>
                    ) : null}
                    {kind === 'travel' ? (
                      <Form.Item name={[field.name, 'outOfCity']} valuePropName="checked">
                        <Checkbox>{t('quotes.outOfCity')}</Checkbox>
                      </Form.Item>
                    ) : null}
                    <Form.Item name={[field.name, 'partId']} hidden>
                      <Input />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('quotes.removeLine')} />
                  </Space>
                );
              })}
              <div>
                <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'other', quantity: 1, unitPriceYuan: 0 })} data-testid="quote-add-line">
                  {t('quotes.addLine')}
                </Button>
              </div>
            </>
          )}
        </Form.List>
        <Space wrap style={{ marginTop: 12 }}>
          <Form.Item name="discountPercent" label={t('quotes.discount')}>
            <InputNumber min={0} max={100} precision={2} />
          </Form.Item>
          <Form.Item name="requiresApproval" valuePropName="checked" label=" ">
            <Checkbox>{t('quotes.requiresApproval')}</Checkbox>
          </Form.Item>
        </Space>
      </Form>
      {priced ? (
        <>
          <Typography.Title level={5}>{t('quotes.rule')}</Typography.Title>
          <PricedLines lines={priced.lines} totalFen={priced.totalFen} testId="quote-preview" />
        </>
      ) : null}
    </Modal>
  );
}
