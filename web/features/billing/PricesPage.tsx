import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { LABOUR_UNITS, type LabourUnit } from '../../../shared/contracts/billing-quotes';
import { ASSET_KINDS, TECHNICIAN_GRADES, type AssetKind, type TechnicianGrade } from '../../../shared/domain';
import { formatYuan, yuanToFen } from '../../../shared/money';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useLookup } from '../../lib/queries/customers';
import { useDebounced } from '../../lib/use-debounced';
import { useDeleteRate, usePrices, useSaveContract, useSaveRate, type Prices } from './api-quotes';

type Rate = Prices['rates'][number];
type Contract = Prices['contracts'][number];

interface RateValues {
  unit: LabourUnit;
  assetKind?: AssetKind | null;
  productLine?: string | null;
  grade?: TechnicianGrade | null;
  rateYuan: number;
}

interface ContractValues {
  customerId: string;
  number: string;
  dayRateYuan?: number | null;
  hourRateYuan?: number | null;
  validFrom?: dayjs.Dayjs | null;
  validTo?: dayjs.Dayjs | null;
  note?: string | null;
}

/** E7, R1: labour rates, customers' contracts with their agreed rates, and travel (prices.manage). */
export function PricesPage() {
  const { t, label } = useI18n();
  const prices = usePrices();
  const saveRate = useSaveRate();
  const deleteRate = useDeleteRate();
  const saveContract = useSaveContract();
  const [rateForm] = Form.useForm<RateValues>();
  const [contractForm] = Form.useForm<ContractValues>();
  const onRateProblem = useProblemHandler(rateForm);
  const onContractProblem = useProblemHandler(contractForm);
  const showProblem = useProblemHandler();
  const [rate, setRate] = useState<Rate | 'new' | null>(null);
  const [contract, setContract] = useState<Contract | 'new' | null>(null);
  const [q, setQ] = useState('');
  const lookup = useLookup(useDebounced(q, 250));

  const openRate = (r: Rate | 'new') => {
    rateForm.setFieldsValue(r === 'new' ? { unit: 'person_day', rateYuan: 0, assetKind: null, productLine: null, grade: null } : { ...r, rateYuan: r.rateFen / 100 });
    setRate(r);
  };
  const openContract = (c: Contract | 'new') => {
    contractForm.setFieldsValue(
      c === 'new'
        ? { number: '', dayRateYuan: null, hourRateYuan: null, validFrom: null, validTo: null, note: null }
        : {
            customerId: c.customerId,
            number: c.number,
            dayRateYuan: c.dayRateFen === null ? null : c.dayRateFen / 100,
            hourRateYuan: c.hourRateFen === null ? null : c.hourRateFen / 100,
            validFrom: c.validFrom ? dayjs(c.validFrom) : null,
            validTo: c.validTo ? dayjs(c.validTo) : null,
            note: c.note,
          },
    );
    setContract(c);
  };
  const any = t('prices.any');
  const travel = prices.data?.travel;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={3}>{t('prices.title')}</Typography.Title>
      {travel ? <Alert type="info" message={t('prices.travel', { perKm: formatYuan(travel.perKmFen), fixed: formatYuan(travel.fixedFen) })} description={t('prices.partsHint')} /> : null}
      <Card
        title={t('prices.rates')}
        extra={
          <Button type="primary" onClick={() => openRate('new')} data-testid="rate-add">
            {t('prices.addRate')}
          </Button>
        }
      >
        <Table
          size="small"
          rowKey="id"
          loading={prices.isLoading}
          pagination={false}
          dataSource={prices.data?.rates ?? []}
          columns={[
            { title: t('prices.unit'), render: (_, r) => label('labourUnit', r.unit) },
            { title: t('prices.assetKind'), render: (_, r) => (r.assetKind ? label('assetKind', r.assetKind) : any) },
            { title: t('prices.productLine'), render: (_, r) => r.productLine ?? any },
            { title: t('prices.grade'), render: (_, r) => (r.grade ? label('grade', r.grade) : any) },
            { title: t('prices.rate'), align: 'right', render: (_, r) => formatYuan(r.rateFen) },
            {
              title: '',
              render: (_, r) => (
                <Space>
                  <Button size="small" onClick={() => openRate(r)}>
                    {t('prices.edit')}
                  </Button>
                  <Popconfirm title={t('prices.delete')} onConfirm={() => deleteRate.mutate(r.id, { onError: showProblem })}>
                    <Button size="small" danger>
                      {t('prices.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('prices.contracts')}
        extra={
          <Button type="primary" onClick={() => openContract('new')} data-testid="contract-add">
            {t('prices.addContract')}
          </Button>
        }
      >
        <Table
          size="small"
          rowKey="id"
          loading={prices.isLoading}
          pagination={false}
          dataSource={prices.data?.contracts ?? []}
          columns={[
            { title: t('prices.number'), dataIndex: 'number' },
            { title: t('prices.customer'), dataIndex: 'customerName' },
            { title: t('prices.dayRate'), align: 'right', render: (_, c) => (c.dayRateFen === null ? '—' : formatYuan(c.dayRateFen)) },
            { title: t('prices.hourRate'), align: 'right', render: (_, c) => (c.hourRateFen === null ? '—' : formatYuan(c.hourRateFen)) },
            { title: t('prices.validFrom'), render: (_, c) => c.validFrom ?? '—' },
            { title: t('prices.validTo'), render: (_, c) => c.validTo ?? '—' },
            {
              title: '',
              render: (_, c) => (
                <Button size="small" onClick={() => openContract(c)}>
                  {t('prices.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <Modal open={rate !== null} title={t('prices.rates')} onCancel={() => setRate(null)} onOk={() => rateForm.submit()} confirmLoading={saveRate.isPending} forceRender>
        <Form
          form={rateForm}
          layout="vertical"
          onFinish={(v) =>
            saveRate.mutate(
              {
                ...(rate && rate !== 'new' ? { id: rate.id, version: rate.version } : {}),
                body: { unit: v.unit, assetKind: v.assetKind ?? null, productLine: v.productLine || null, grade: v.grade ?? null, rateFen: yuanToFen(v.rateYuan) },
              },
              { onSuccess: () => setRate(null), onError: onRateProblem },
            )
          }
        >
          <Form.Item name="unit" label={t('prices.unit')} rules={[{ required: true }]}>
            <Select options={LABOUR_UNITS.map((u) => ({ value: u, label: label('labourUnit', u) }))} />
          </Form.Item>
          <Form.Item name="assetKind" label={t('prices.assetKind')}>
            <Select allowClear placeholder={any} options={ASSET_KINDS.map((k) => ({ value: k, label: label('assetKind', k) }))} />
          </Form.Item>
          <Form.Item name="productLine" label={t('prices.productLine')}>
            <Input placeholder={any} />
          </Form.Item>
          <Form.Item name="grade" label={t('prices.grade')}>
            <Select allowClear placeholder={any} options={TECHNICIAN_GRADES.map((g) => ({ value: g, label: label('grade', g) }))} />
          </Form.Item>
          <Form.Item name="rateYuan" label={t('prices.rate')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} prefix="¥" data-testid="rate-amount" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={contract !== null} title={t('prices.contracts')} onCancel={() => setContract(null)} onOk={() => contractForm.submit()} confirmLoading={saveContract.isPending} forceRender>
        <Form
          form={contractForm}
          layout="vertical"
          onFinish={(v) =>
            saveContract.mutate(
              {
                ...(contract && contract !== 'new' ? { id: contract.id, version: contract.version } : {}),
                body: {
                  customerId: v.customerId,
                  number: v.number,
                  dayRateFen: v.dayRateYuan === null || v.dayRateYuan === undefined ? null : yuanToFen(v.dayRateYuan),
                  hourRateFen: v.hourRateYuan === null || v.hourRateYuan === undefined ? null : yuanToFen(v.hourRateYuan),
                  validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : null,
                  validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
                  note: v.note || null,
                },
              },
              { onSuccess: () => setContract(null), onError: onContractProblem },
            )
          }
        >
          <Form.Item name="customerId" label={t('prices.customer')} rules={[{ required: true }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setQ}
              options={[
                ...(contract && contract !== 'new' ? [{ value: contract.customerId, label: contract.customerName }] : []),
                ...(lookup.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
              ]}
            />
          </Form.Item>
          <Form.Item name="number" label={t('prices.number')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Space>
            <Form.Item name="dayRateYuan" label={t('prices.dayRate')}>
              <InputNumber min={0} precision={2} prefix="¥" />
            </Form.Item>
            <Form.Item name="hourRateYuan" label={t('prices.hourRate')}>
              <InputNumber min={0} precision={2} prefix="¥" />
            </Form.Item>
          </Space>
          <Space>
            <Form.Item name="validFrom" label={t('prices.validFrom')}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="validTo" label={t('prices.validTo')}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('prices.note')}>
            <Input.TextArea />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
