import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { ConsumedLine } from '../../../shared/contracts/parts-tickets';
import { useI18n } from '../../lib/i18n';
import type { Van } from '../../lib/queries/van';

export interface ConsumedRow {
  partId?: string;
  quantity?: number;
  serials?: string;
  removedSerials?: string;
}

const list = (text: string | undefined) => (text ?? '').split(/[,，\s]+/).filter(Boolean);

/** The form's rows as the work report's `consumed` lines. */
export function toConsumed(rows: ConsumedRow[] | undefined): ConsumedLine[] | undefined {
  const lines = (rows ?? [])
    .filter((r) => r.partId && r.quantity)
    .map((r) => {
      const serials = list(r.serials);
      const removed = list(r.removedSerials);
      return { partId: r.partId!, quantity: r.quantity!, ...(serials.length ? { serials } : {}), ...(removed.length ? { removedSerials: removed } : {}) };
    });
  return lines.length ? lines : undefined;
}

/** The work report's parts step: what was used from the van, picked from its stock (serials where tracked). */
export function ConsumedParts({ van }: { van: Van | undefined }) {
  const { t } = useI18n();
  const stock = van?.stock ?? [];
  return (
    <Card size="small" title={t('consume.title')} style={{ marginBottom: 16 }} data-testid="consume-step">
      <Typography.Paragraph type="secondary">{t('consume.hint')}</Typography.Paragraph>
      <Form.List name="consumed">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Form.Item noStyle key={field.key} shouldUpdate>
                {({ getFieldValue }) => {
                  const partId = getFieldValue(['consumed', field.name, 'partId']) as string | undefined;
                  const item = stock.find((s) => s.partId === partId);
                  return (
                    <Card size="small" style={{ marginBottom: 8 }}>
                      <Form.Item name={[field.name, 'partId']} label={t('ticketParts.part')} rules={[{ required: true, message: t('validation.required') }]}>
                        <Select options={stock.map((s) => ({ value: s.partId, label: `${s.partNumber} ${s.partName}（${s.onHand}${s.unit}）` }))} data-testid="consume-part" />
                      </Form.Item>
                      <Space align="start" wrap>
                        <Form.Item name={[field.name, 'quantity']} label={t('ticketParts.quantity')} rules={[{ required: true, message: t('validation.required') }]}>
                          <InputNumber min={0.001} max={item?.onHand} style={{ width: 100 }} data-testid="consume-quantity" />
                        </Form.Item>
                        {fields.length > 0 && <MinusCircleOutlined onClick={() => remove(field.name)} style={{ marginTop: 36 }} />}
                      </Space>
                      {item && item.serials.length > 0 && (
                        <>
                          <Form.Item name={[field.name, 'serials']} label={t('consume.serials')} extra={item.serials.join(', ')}>
                            <Input data-testid="consume-serials" />
                          </Form.Item>
                          <Form.Item name={[field.name, 'removedSerials']} label={t('consume.removed')}>
                            <Input data-testid="consume-removed" />
                          </Form.Item>
                        </>
                      )}
                    </Card>
                  );
                }}
              </Form.Item>
            ))}
            <Button block icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} disabled={stock.length === 0} data-testid="consume-add">
              {t('consume.add')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}
