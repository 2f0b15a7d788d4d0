import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { ASSET_KINDS, WATCH_MOVEMENTS, WATER_RESISTANCE_GRADES, WARRANTY_BASES, type AssetKind } from '../../shared/domain';
import type { CreateAssetBody } from '../../shared/contracts/assets';
import { useProblemHandler } from '../lib/problems';
import { useI18n } from '../lib/i18n';
import { useCreateAsset, type Asset } from '../lib/queries/customers';

interface Values {
  kind: AssetKind;
  productName?: string;
  brand?: string;
  model?: string;
  serialNumber: string;
  purchasedOn?: Dayjs;
  installedOn?: Dayjs;
  acceptedOn?: Dayjs;
  warrantyBasis?: CreateAssetBody['warrantyBasis'];
  warrantyMonths?: number;
  attributes?: Record<string, unknown> & { parameters?: { key: string; value: string }[] };
}

const day = (d?: Dayjs) => (d ? d.format('YYYY-MM-DD') : undefined);

/** Industry fields per kind (W1 watch, vehicle for A2, E9 equipment ledger, R property). */
function KindFields({ kind }: { kind: AssetKind }) {
  const { t, label } = useI18n();
  switch (kind) {
    case 'watch':
      return (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={['attributes', 'movement']} label={t('asset.movement')}>
              <Select allowClear options={WATCH_MOVEMENTS.map((m) => ({ value: m, label: label('movement', m) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['attributes', 'waterResistance']} label={t('asset.waterResistance')}>
              <Select allowClear options={WATER_RESISTANCE_GRADES.map((m) => ({ value: m, label: label('waterResistance', m) }))} />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'vehicle':
      return (
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name={['attributes', 'plate']} label={t('asset.plate')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input placeholder="沪A·12345" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name={['attributes', 'vin']} label={t('asset.vin')}>
              <Input maxLength={17} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['attributes', 'mileageKm']} label={t('asset.mileageKm')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'equipment':
      return (
        <>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name={['attributes', 'manufacturer']} label={t('asset.manufacturer')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['attributes', 'location']} label={t('asset.location')}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name={['attributes', 'parameters']}>
            {(fields, { add, remove }) => (
              <Form.Item label={t('asset.commissioningParameters')}>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item name={[field.name, 'key']} rules={[{ required: true, message: t('validation.required') }]}>
                      <Input placeholder={t('asset.parameterName')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'value']} rules={[{ required: true, message: t('validation.required') }]}>
                      <Input placeholder={t('asset.parameterValue')} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                  {t('asset.addParameter')}
                </Button>
              </Form.Item>
            )}
          </Form.List>
        </>
      );
    case 'machinery':
      return (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={['attributes', 'manufacturer']} label={t('asset.manufacturer')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['attributes', 'engineHours']} label={t('asset.engineHours')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'property':
      return (
        <Row gutter={12}>
          {(['estate', 'building', 'unit', 'room'] as const).map((f) => (
            <Col span={6} key={f}>
              <Form.Item name={['attributes', f]} label={t(`address.${f}`)}>
                <Input />
              </Form.Item>
            </Col>
          ))}
        </Row>
      );
    default:
      return null;
  }
}

export function AssetFormModal({ customerId, open, onClose, onCreated }: { customerId: string; open: boolean; onClose: () => void; onCreated?: (asset: Asset) => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const onProblem = useProblemHandler(form);
  const create = useCreateAsset();
  const kind = (Form.useWatch('kind', form) ?? 'generic') as AssetKind;

  const submit = (v: Values) => {
    const { parameters, ...attributes } = v.attributes ?? {};
    const cleaned = Object.fromEntries(Object.entries(attributes).filter(([, x]) => x !== undefined && x !== null && x !== ''));
    if (parameters?.length) cleaned.commissioningParameters = Object.fromEntries(parameters.map((p) => [p.key, p.value]));
    const body: CreateAssetBody = {
      customerId,
      kind: v.kind,
      serialNumber: v.serialNumber,
      productName: v.productName,
      brand: v.brand,
      model: v.model,
      purchasedOn: day(v.purchasedOn),
      installedOn: day(v.installedOn),
      acceptedOn: day(v.acceptedOn),
      warrantyBasis: v.warrantyBasis,
      warrantyMonths: v.warrantyMonths,
      attributes: cleaned,
    };
    create.mutate(body, {
      onSuccess: (asset) => {
        message.success(t('asset.created'));
        form.resetFields();
        onCreated?.(asset as Asset);
        onClose();
      },
      onError: onProblem,
    });
  };

  return (
    <Modal open={open} title={t('asset.new')} width={720} okText={t('common.save')} cancelText={t('common.cancel')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'generic' }} onFinish={submit} preserve={false}>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="kind" label={t('asset.kind')}>
              <Select options={ASSET_KINDS.map((k) => ({ value: k, label: label('assetKind', k) }))} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="productName" label={t('asset.productName')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="brand" label={t('asset.brand')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="model" label={t('asset.model')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="serialNumber" label={t('asset.serialNumber')} tooltip={t('asset.serialOptional')}>
              <Input data-testid="asset-serial" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="purchasedOn" label={t('asset.purchasedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="installedOn" label={t('asset.installedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="acceptedOn" label={t('asset.acceptedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="warrantyBasis" label={t('asset.warrantyBasis')} tooltip={t('asset.warrantyBasisHint')}>
              <Select allowClear options={WARRANTY_BASES.map((b) => ({ value: b, label: label('warrantyBasis', b) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="warrantyMonths" label={t('asset.warrantyMonths')} tooltip={t('asset.warrantyMonthsHint')}>
              <InputNumber min={0} max={1200} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <KindFields kind={kind} />
      </Form>
    </Modal>
  );
}
