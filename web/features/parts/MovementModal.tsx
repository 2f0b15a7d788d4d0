import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { yuanToFen } from '../../../shared/money';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useIssue, useReceive, useSendTransfer, useStock, useWriteOff, type Part } from './api-stock';
import { LocationSelect, PartPicker } from './stock-widgets';

/** The four ways stock is moved by hand; each is one document of lines, posted all or nothing. */
export type MovementKind = 'receipt' | 'issue' | 'transfer' | 'write_off';

interface LineValues {
  partId?: string;
  quantity?: number;
  unitCostYuan?: number | null;
  serials?: string[];
}

interface Values {
  locationId?: string;
  fromLocationId?: string;
  toLocationId?: string;
  supplier?: string;
  reason?: string;
  note?: string;
  lines: LineValues[];
}

const TITLES = { receipt: 'stock.receipt.title', issue: 'stock.issue.title', transfer: 'stock.transfer.title', write_off: 'stock.writeOff.title' } as const;

/**
 * A receipt from a supplier (unit cost in yuan), an issue into a van, a transfer (in transit
 * until received) or a write-off with a reason. Lines pick a part; a serial-tracked part takes
 * one serial per unit. The server's refusals land on the fields they name.
 */
export function MovementModal({ kind, open, onClose, initialLocationId }: { kind: MovementKind; open: boolean; onClose: () => void; initialLocationId?: string | undefined }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const onProblem = useProblemHandler(form);
  const [parts, setParts] = useState<Record<string, Part>>({});
  const receive = useReceive();
  const issue = useIssue();
  const transfer = useSendTransfer();
  const writeOff = useWriteOff();
  const pending = receive.isPending || issue.isPending || transfer.isPending || writeOff.isPending;
  const fromId = Form.useWatch('fromLocationId', form);
  const locationId = Form.useWatch('locationId', form);

  const submit = (v: Values) => {
    const lines = v.lines.map((l) => ({
      partId: l.partId!,
      quantity: l.quantity!,
      ...(l.serials?.length ? { serials: l.serials } : {}),
    }));
    const done = (number?: string | null) => {
      message.success(number ? t('stock.posted', { number }) : t('stock.postedPlain'));
      onClose();
    };
    const note = v.note || null;
    switch (kind) {
      case 'receipt':
        return receive.mutate(
          {
            locationId: v.locationId!,
            supplier: v.supplier || null,
            note,
            lines: v.lines.map((l, i) => ({ ...lines[i]!, ...(l.unitCostYuan !== null && l.unitCostYuan !== undefined ? { unitCostFen: yuanToFen(l.unitCostYuan) } : {}) })),
          },
          { onSuccess: (m) => done(m.number), onError: onProblem },
        );
      case 'issue':
        return issue.mutate({ fromLocationId: v.fromLocationId!, toLocationId: v.toLocationId!, note, lines }, { onSuccess: () => done(), onError: onProblem });
      case 'transfer':
        return transfer.mutate({ fromLocationId: v.fromLocationId!, toLocationId: v.toLocationId!, note, lines }, { onSuccess: (tr) => done(tr.number), onError: onProblem });
      case 'write_off':
        return writeOff.mutate({ locationId: v.locationId!, reason: v.reason ?? '', lines }, { onSuccess: () => done(), onError: onProblem });
    }
  };

  const required = [{ required: true, message: t('stock.required') }];
  const twoEnds = kind === 'issue' || kind === 'transfer';

  return (
    <Modal
      open={open}
      title={t(TITLES[kind])}
      width={760}
      okText={t('stock.post')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={pending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'movement-submit' } as never}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ lines: [{}], ...(twoEnds ? { fromLocationId: initialLocationId } : { locationId: initialLocationId }) }}
        onFinish={submit}
        data-testid={`movement-form-${kind}`}
      >
        {twoEnds ? (
          <Space wrap style={{ width: '100%' }} size="middle">
            <Form.Item name="fromLocationId" label={t('stock.from')} rules={required} style={{ minWidth: 260 }}>
              <LocationSelect testId="movement-from" />
            </Form.Item>
            <Form.Item name="toLocationId" label={t('stock.to')} rules={required} style={{ minWidth: 260 }}>
              <LocationSelect testId="movement-to" exclude={fromId} />
            </Form.Item>
          </Space>
        ) : (
          <Form.Item name="locationId" label={kind === 'receipt' ? t('stock.receipt.into') : t('stock.location')} rules={required}>
            <LocationSelect testId="movement-location" />
          </Form.Item>
        )}
        {kind === 'receipt' && (
          <Form.Item name="supplier" label={t('stock.receipt.supplier')}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        {kind === 'write_off' && (
          <Form.Item name="reason" label={t('stock.writeOff.reason')} rules={required}>
            <Input maxLength={200} data-testid="movement-reason" />
          </Form.Item>
        )}
        <Typography.Text strong>{t('stock.lines')}</Typography.Text>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const partId = form.getFieldValue(['lines', field.name, 'partId']) as string | undefined;
                const part = partId ? parts[partId] : undefined;
                return (
                  <div key={field.key} className="movement-line" data-testid={`movement-line-${field.name}`}>
                    <Space align="start" wrap>
                      <Form.Item name={[field.name, 'partId']} label={t('stock.part')} rules={required} style={{ width: 260 }}>
                        <PartPicker testId={`line-part-${field.name}`} onPart={(p) => p && setParts((m) => ({ ...m, [p.id]: p }))} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'quantity']} label={part ? `${t('stock.quantity')}（${part.unit}）` : t('stock.quantity')} rules={required} style={{ width: 130 }}>
                        <InputNumber min={0} step={part?.divisible ? 0.1 : 1} style={{ width: '100%' }} data-testid={`line-quantity-${field.name}`} />
                      </Form.Item>
                      {kind === 'receipt' && (
                        <Form.Item name={[field.name, 'unitCostYuan']} label={t('stock.receipt.unitCost')} extra={part ? t('stock.receipt.costDefault', { cost: (part.costPriceFen / 100).toFixed(2) }) : undefined} style={{ width: 150 }}>
                          <InputNumber min={0} step={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid={`line-cost-${field.name}`} />
                        </Form.Item>
                      )}
                      {fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} style={{ marginTop: 30 }} onClick={() => remove(field.name)} />}
                    </Space>
                    {part?.serialTracked && (
                      <Form.Item name={[field.name, 'serials']} label={t('stock.serials')} extra={t('stock.serialsHelp')} rules={required}>
                        <SerialsInput partId={part.id} locationId={kind === 'receipt' ? undefined : (kind === 'write_off' ? locationId : fromId)} testId={`line-serials-${field.name}`} />
                      </Form.Item>
                    )}
                  </div>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
                {t('stock.addLine')}
              </Button>
            </>
          )}
        </Form.List>
        {kind !== 'write_off' && (
          <Form.Item name="note" label={t('stock.note')} style={{ marginTop: 16 }}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/**
 * The serials of a line: typed or scanned for a receipt; for stock leaving a location, picked
 * from the serials that are there (or typed, and then the server says which are not).
 */
function SerialsInput({ partId, locationId, testId, value, onChange }: { partId: string; locationId: string | undefined; testId: string; value?: string[]; onChange?: (v: string[]) => void }) {
  const there = useStock({ partId, locationId }, !!locationId);
  const options = (there.data ?? []).flatMap((s) => s.serials).map((s) => ({ value: s, label: s }));
  return <Select mode="tags" tokenSeparators={[',', ' ', '，']} open={locationId ? undefined : false} options={options} value={value} onChange={onChange} data-testid={testId} />;
}
