import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useMyVan } from '../../lib/queries/van';
import { useDebouncedPartSearch, useLocations, useRequestRequisition, useRequisitions, useVanReturn } from './api-tickets';
import type { Van } from '../../lib/queries/van';

function PartPicker({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const found = useDebouncedPartSearch(q);
  return (
    <Select
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      placeholder={t('ticketParts.searchPart')}
      options={(found.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.number} ${p.name}` }))}
      style={{ width: '100%' }}
      data-testid="requisition-part"
    />
  );
}

/** What is left in the van goes back to a warehouse: a part, how many (its serials where tracked), where to. */
function VanReturn({ van }: { van: Van }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const stores = useLocations('warehouse');
  const back = useVanReturn();
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const partId = Form.useWatch('partId', form) as string | undefined;
  const item = van.stock.find((s) => s.partId === partId);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v: { partId: string; quantity: number; serials?: string; toLocationId: string }) => {
        const serials = (v.serials ?? '').split(/[,，\s]+/).filter(Boolean);
        back.mutate(
          { toLocationId: v.toLocationId, lines: [{ partId: v.partId, quantity: v.quantity, ...(serials.length ? { serials } : {}) }] },
          {
            onSuccess: () => {
              message.success(t('van.returned'));
              form.resetFields();
            },
            onError: onProblem,
          },
        );
      }}
    >
      <Form.Item name="partId" label={t('ticketParts.part')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={van.stock.filter((s) => s.onHand - s.reserved > 0).map((s) => ({ value: s.partId, label: `${s.partNumber} ${s.partName}（${s.onHand - s.reserved}${s.unit}）` }))} data-testid="van-return-part" />
      </Form.Item>
      <Space align="start" wrap>
        <Form.Item name="quantity" label={t('ticketParts.quantity')} rules={[{ required: true, message: t('validation.required') }]}>
          <InputNumber min={0.001} max={item ? item.onHand - item.reserved : undefined} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="toLocationId" label={t('van.returnTo')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select style={{ minWidth: 160 }} options={(stores.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))} />
        </Form.Item>
      </Space>
      {item && item.serials.length > 0 && (
        <Form.Item name="serials" label={t('ticketParts.serial')} extra={item.serials.join(', ')}>
          <Input />
        </Form.Item>
      )}
      <Button block htmlType="submit" loading={back.isPending}>
        {t('van.return')}
      </Button>
    </Form>
  );
}

/** H7 on the phone: what the van carries for each job, the day's requisition, and the requisitions sent. */
export function MyVanPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const van = useMyVan();
  const mine = useRequisitions({});
  const request = useRequestRequisition();
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const v = van.data;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small" title={t('van.title')} loading={van.isLoading} data-testid="my-van">
        {v && !v.location ? (
          <Empty description={t('van.none')} />
        ) : (
          <>
            <Typography.Text strong>{v?.location?.name}</Typography.Text>
            <List
              size="small"
              header={t('van.stock')}
              dataSource={v?.stock ?? []}
              renderItem={(s) => (
                <List.Item data-testid="van-stock">
                  <span>
                    {s.partNumber} {s.partName}
                    {s.serials.length > 0 && <Typography.Text type="secondary"> · {s.serials.join(', ')}</Typography.Text>}
                  </span>
                  <b>
                    {s.onHand}
                    {s.unit}
                  </b>
                </List.Item>
              )}
            />
          </>
        )}
      </Card>

      {v?.location && v.stock.length > 0 && (
        <Card size="small" title={t('van.returnTitle')}>
          <VanReturn van={v} />
        </Card>
      )}

      <Card size="small" title={t('van.jobs')}>
        <List
          dataSource={v?.jobs ?? []}
          renderItem={(job) => (
            <List.Item data-testid="van-job">
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text strong>{job.ticketNumber}</Typography.Text>
                {job.parts.length === 0 ? (
                  <Typography.Text type="secondary">{t('van.noParts')}</Typography.Text>
                ) : (
                  job.parts.map((p) => (
                    <Space key={p.id} style={{ justifyContent: 'space-between', width: '100%' }}>
                      <span>
                        {p.partNumber} {p.partName} × {p.quantity}
                        {p.unit}
                      </span>
                      <Tag>{label('ticketPartStatus', p.status)}</Tag>
                    </Space>
                  ))
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>

      <Card size="small" title={t('requisitions.new')}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ lines: [{ quantity: 1 }] }}
          onFinish={(values: { note?: string; lines: { partId: string; quantity: number; ticketId?: string }[] }) =>
            request.mutate(
              { note: values.note || null, lines: values.lines.map((l) => ({ partId: l.partId, quantity: l.quantity, ticketId: l.ticketId || null })) },
              {
                onSuccess: (r) => {
                  message.success(t('requisitions.submitted', { number: r.number }));
                  form.resetFields();
                },
                onError: onProblem,
              },
            )
          }
        >
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Card key={field.key} size="small" style={{ marginBottom: 8 }}>
                    <Form.Item name={[field.name, 'partId']} label={t('ticketParts.part')} rules={[{ required: true, message: t('validation.required') }]}>
                      <PartPicker />
                    </Form.Item>
                    <Space align="start" wrap>
                      <Form.Item name={[field.name, 'quantity']} label={t('ticketParts.quantity')} rules={[{ required: true, message: t('validation.required') }]}>
                        <InputNumber min={0.001} style={{ width: 100 }} data-testid="requisition-quantity" />
                      </Form.Item>
                      <Form.Item name={[field.name, 'ticketId']} label={t('requisitions.ticket')}>
                        <Select
                          allowClear
                          style={{ minWidth: 180 }}
                          placeholder={t('requisitions.noTicket')}
                          options={(v?.jobs ?? []).map((j) => ({ value: j.ticketId, label: j.ticketNumber }))}
                          data-testid="requisition-ticket"
                        />
                      </Form.Item>
                      {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} style={{ marginTop: 36 }} />}
                    </Space>
                  </Card>
                ))}
                <Button block icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })}>
                  {t('requisitions.addLine')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="note" label={t('requisitions.note')} style={{ marginTop: 8 }}>
            <Input />
          </Form.Item>
          <Button block size="large" type="primary" htmlType="submit" loading={request.isPending} data-testid="requisition-submit">
            {t('requisitions.submit')}
          </Button>
        </Form>
      </Card>

      <Card size="small" title={t('requisitions.mine')}>
        <List
          dataSource={mine.data?.items ?? []}
          renderItem={(r) => (
            <List.Item data-testid="my-requisition">
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{r.number}</Typography.Text>
                  <Tag data-testid="my-requisition-status">{label('requisitionStatus', r.status)}</Tag>
                </Space>
                <Typography.Text type="secondary">
                  {r.lines.map((l) => `${l.partName} ${l.issuedQuantity ?? l.quantity}${l.unit}`).join('、')}
                </Typography.Text>
                {r.decisionNote && <Typography.Text type="secondary">{r.decisionNote}</Typography.Text>}
                <a href={`/api/v1/requisitions/${r.id}/print.pdf`} target="_blank" rel="noreferrer">
                  {t('requisitions.print')}
                </a>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
