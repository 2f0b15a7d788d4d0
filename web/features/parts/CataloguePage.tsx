import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Card, Checkbox, Descriptions, Drawer, Empty, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ASSET_KINDS } from '../../../shared/domain';
import { createPartBody } from '../../../shared/contracts/parts';
import { formatYuan, yuanToFen } from '../../../shared/money';
import { schemaRule } from '../../lib/form-rules';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import {
  useCategories,
  useParts,
  usePartDetail,
  usePartStock,
  useProducts,
  useCustomerSearch,
  useReplaceContractPrices,
  useReplaceFits,
  useReplaceSubstitutes,
  useSavePart,
  type Part,
  type PartDetailData,
} from './api-catalogue';
import { CatalogueImportDialog } from './CatalogueImportDialog';

const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : formatYuan(fen));
const toYuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : fen / 100);

/** Create or edit a part: prices are typed in yuan and stored in fen. */
function PartFormModal({ part, open, onClose }: { part: Part | null; open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const save = useSavePart();
  const categories = useCategories();
  const onProblem = useProblemHandler(form, {
    known: ['body.number', 'body.name', 'body.category', 'body.unit', 'body.costPriceFen', 'body.retailPriceFen', 'body.contractPriceFen', 'body.serialTracked', 'body.divisible'],
  });
  const priceField = (name: string, label: string, required: boolean) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, message: t('validation.required') }] : []}>
      <InputNumber min={0} precision={2} step={1} addonAfter="¥" style={{ width: '100%' }} />
    </Form.Item>
  );
  return (
    <Modal
      open={open}
      title={part ? t('parts.catalogue.edit') : t('parts.catalogue.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          part
            ? { ...part, costPriceFen: toYuan(part.costPriceFen), retailPriceFen: toYuan(part.retailPriceFen), contractPriceFen: toYuan(part.contractPriceFen) }
            : { unit: '个', serialTracked: false, discontinued: false }
        }
        onFinish={(v: Record<string, unknown>) => {
          const body = {
            number: String(v.number ?? '').trim(),
            name: String(v.name ?? '').trim(),
            category: String(v.category ?? '').trim(),
            unit: String(v.unit ?? '').trim(),
            costPriceFen: yuanToFen(Number(v.costPriceFen ?? 0)),
            retailPriceFen: yuanToFen(Number(v.retailPriceFen ?? 0)),
            contractPriceFen: v.contractPriceFen === null || v.contractPriceFen === undefined ? null : yuanToFen(Number(v.contractPriceFen)),
            serialTracked: Boolean(v.serialTracked),
            discontinued: Boolean(v.discontinued),
            note: (v.note as string | undefined) || null,
          };
          save.mutate(part ? { id: part.id, version: part.version, body } : { body }, {
            onSuccess: () => {
              message.success(t(part ? 'parts.catalogue.saved' : 'parts.catalogue.created'));
              onClose();
            },
            onError: onProblem,
          });
        }}
      >
        <Space.Compact block>
          <Form.Item name="number" label={t('parts.catalogue.number')} rules={[schemaRule(createPartBody.shape.number, locale)]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="name" label={t('parts.catalogue.name')} rules={[schemaRule(createPartBody.shape.name, locale)]}>
          <Input />
        </Form.Item>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="category" label={t('parts.catalogue.category')} extra={t('parts.catalogue.newCategory')} rules={[schemaRule(createPartBody.shape.category, locale)]} style={{ minWidth: 220 }}>
            <AutoComplete options={(categories.data?.items ?? []).map((c) => ({ value: c.name }))} filterOption />
          </Form.Item>
          <Form.Item name="unit" label={t('parts.catalogue.unit')} rules={[schemaRule(createPartBody.shape.unit, locale)]} style={{ width: 100 }}>
            <AutoComplete options={['个', '套', '只', '米', '升', '千克'].map((u) => ({ value: u }))} />
          </Form.Item>
        </Space>
        <Space style={{ display: 'flex' }} align="start">
          {priceField('costPriceFen', t('parts.catalogue.costPrice'), true)}
          {priceField('retailPriceFen', t('parts.catalogue.retailPrice'), true)}
          {priceField('contractPriceFen', t('parts.catalogue.contractPrice'), false)}
        </Space>
        <Space size="large">
          <Form.Item name="serialTracked" label={t('parts.catalogue.serialTracked')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="discontinued" label={t('parts.catalogue.discontinued')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('parts.catalogue.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** E5: the parts that replace this one, best first. */
function SubstitutesEditor({ detail, canManage }: { detail: PartDetailData; canManage: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const candidates = useParts({ q: q || undefined, page: 1, pageSize: 20 });
  const replace = useReplaceSubstitutes(detail.id);
  const onProblem = useProblemHandler();
  const ids = detail.substitutes.map((s) => s.id);
  const save = (next: string[]) => replace.mutate(next, { onSuccess: () => message.success(t('parts.catalogue.saved')), onError: onProblem });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('parts.catalogue.substitutesHint')}</Typography.Text>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={detail.substitutes}
        locale={{ emptyText: t('parts.catalogue.none') }}
        columns={[
          { title: '#', dataIndex: 'rank', width: 40, render: (r: number) => r + 1 },
          { title: t('parts.catalogue.number'), dataIndex: 'number' },
          { title: t('parts.catalogue.name'), dataIndex: 'name' },
          { title: t('parts.catalogue.available'), dataIndex: 'available', render: (a: number, s) => `${a} ${s.unit}` },
          ...(canManage ? [{ key: 'remove', width: 60, render: (_: unknown, s: { id: string }) => <Button size="small" type="link" danger onClick={() => save(ids.filter((id) => id !== s.id))}>×</Button> }] : []),
        ]}
      />
      {canManage && (
        <Select
          showSearch
          style={{ width: '100%' }}
          placeholder={t('parts.catalogue.search')}
          filterOption={false}
          onSearch={setQ}
          value={null}
          data-testid="substitute-picker"
          options={(candidates.data?.items ?? []).filter((p) => p.id !== detail.id && !ids.includes(p.id)).map((p) => ({ value: p.id, label: `${p.number} ${p.name}` }))}
          onChange={(id: string) => save([...ids, id])}
        />
      )}
    </Space>
  );
}

/** A2: which products and asset kinds the part fits. */
function FitsEditor({ detail, canManage }: { detail: PartDetailData; canManage: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const products = useProducts(canManage);
  const replace = useReplaceFits(detail.id);
  const onProblem = useProblemHandler();
  const save = (productIds: string[], kinds: string[]) =>
    replace.mutate({ productIds, kinds: kinds as PartDetailData['fits']['kinds'] }, { onSuccess: () => message.success(t('parts.catalogue.saved')), onError: onProblem });
  const productIds = detail.fits.products.map((p) => p.id);
  if (!canManage) {
    return (
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('parts.catalogue.fitsProducts')}>{detail.fits.products.map((p) => p.name).join('、') || t('parts.catalogue.none')}</Descriptions.Item>
        <Descriptions.Item label={t('parts.catalogue.fitsKinds')}>{detail.fits.kinds.map((k) => label('assetKind', k)).join('、') || t('parts.catalogue.none')}</Descriptions.Item>
      </Descriptions>
    );
  }
  return (
    <Form layout="vertical">
      <Form.Item label={t('parts.catalogue.fitsProducts')}>
        <Select
          mode="multiple"
          value={productIds}
          optionFilterProp="label"
          options={(products.data?.items ?? detail.fits.products).map((p) => ({ value: p.id, label: p.name }))}
          onChange={(next: string[]) => save(next, detail.fits.kinds)}
        />
      </Form.Item>
      <Form.Item label={t('parts.catalogue.fitsKinds')}>
        <Checkbox.Group value={detail.fits.kinds} options={ASSET_KINDS.map((k) => ({ value: k, label: label('assetKind', k) }))} onChange={(next) => save(productIds, next as string[])} />
      </Form.Item>
    </Form>
  );
}

/** E5: prices agreed with single customers, over the part's contract price. */
function ContractPricesEditor({ detail, canManage }: { detail: PartDetailData; canManage: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [price, setPrice] = useState<number | null>(null);
  const customers = useCustomerSearch(q);
  const replace = useReplaceContractPrices(detail.id);
  const onProblem = useProblemHandler();
  const current = detail.contractPrices.map((p) => ({ customerId: p.customerId, priceFen: p.priceFen }));
  const save = (prices: typeof current) =>
    replace.mutate(
      { prices },
      {
        onSuccess: () => {
          message.success(t('parts.catalogue.saved'));
          setCustomerId(null);
          setPrice(null);
        },
        onError: onProblem,
      },
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey="customerId"
        pagination={false}
        dataSource={detail.contractPrices}
        locale={{ emptyText: t('parts.catalogue.none') }}
        columns={[
          { title: t('parts.catalogue.customer'), dataIndex: 'customerName' },
          { title: t('parts.catalogue.contractPrice'), dataIndex: 'priceFen', align: 'right', render: yuan },
          ...(canManage
            ? [{ key: 'remove', width: 60, render: (_: unknown, p: { customerId: string }) => <Button size="small" type="link" danger onClick={() => save(current.filter((c) => c.customerId !== p.customerId))}>×</Button> }]
            : []),
        ]}
      />
      {canManage && (
        <Space.Compact block>
          <Select
            showSearch
            style={{ flex: 1 }}
            placeholder={t('parts.catalogue.customer')}
            filterOption={false}
            onSearch={setQ}
            value={customerId}
            onChange={setCustomerId}
            options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
          <InputNumber min={0} precision={2} addonAfter="¥" value={price} onChange={(v) => setPrice(v)} style={{ width: 160 }} />
          <Button
            disabled={!customerId || price === null}
            loading={replace.isPending}
            onClick={() => customerId && price !== null && save([...current.filter((c) => c.customerId !== customerId), { customerId, priceFen: yuanToFen(price) }])}
          >
            {t('parts.catalogue.addPrice')}
          </Button>
        </Space.Compact>
      )}
    </Space>
  );
}

function PartDrawer({ id, onClose, onEdit }: { id: string | null; onClose: () => void; onEdit: (p: Part) => void }) {
  const { t, label } = useI18n();
  const me = useMe();
  const detail = usePartDetail(id);
  const stock = usePartStock(id);
  const canManage = hasPermission(me.data, 'parts.manage');
  const d = detail.data;
  return (
    <Drawer open={!!id} onClose={onClose} width={720} title={d ? `${d.number} ${d.name}` : ''} extra={d && canManage ? <Button onClick={() => onEdit(d)}>{t('parts.catalogue.edit')}</Button> : null} destroyOnHidden>
      {d && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
            <Descriptions.Item label={t('parts.catalogue.category')}>{d.category}</Descriptions.Item>
            <Descriptions.Item label={t('parts.catalogue.unit')}>{d.unit}</Descriptions.Item>
            <Descriptions.Item label={t('parts.catalogue.retailPrice')}>{yuan(d.retailPriceFen)}</Descriptions.Item>
            <Descriptions.Item label={t('parts.catalogue.contractPrice')}>{yuan(d.contractPriceFen)}</Descriptions.Item>
            {canManage && <Descriptions.Item label={t('parts.catalogue.costPrice')}>{yuan(d.costPriceFen)}</Descriptions.Item>}
            <Descriptions.Item label={t('parts.catalogue.serialTracked')}>{d.serialTracked ? t('common.yes') : t('common.no')}</Descriptions.Item>
            <Descriptions.Item label={t('parts.catalogue.discontinued')}>{d.discontinued ? <Tag color="red">{t('parts.catalogue.discontinued')}</Tag> : t('common.no')}</Descriptions.Item>
            <Descriptions.Item label={t('parts.catalogue.available')}>
              <span data-testid="part-available">
                {d.available} / {d.onHand} {d.unit}
              </span>
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('parts.catalogue.stockByLocation')}>
            <Table
              size="small"
              rowKey="locationId"
              pagination={false}
              dataSource={stock.data?.items ?? []}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('parts.catalogue.noStock')} /> }}
              columns={[
                { title: t('parts.catalogue.location'), dataIndex: 'locationName', render: (n: string, s) => `${n}（${label('locationKind', s.locationKind)}）` },
                { title: t('parts.catalogue.onHand'), dataIndex: 'onHand' },
                { title: t('parts.catalogue.available'), dataIndex: 'available' },
              ]}
            />
          </Card>
          {(d.discontinued || d.substitutes.length > 0) && (
            <Card size="small" title={t('parts.catalogue.substitutes')}>
              <SubstitutesEditor detail={d} canManage={canManage} />
            </Card>
          )}
          {d.substituteFor.length > 0 && (
            <Card size="small" title={t('parts.catalogue.substituteFor')}>
              {d.substituteFor.map((p) => (
                <Tag key={p.id}>
                  {p.number} {p.name}
                </Tag>
              ))}
            </Card>
          )}
          <Card size="small" title={t('parts.catalogue.fits')}>
            <FitsEditor detail={d} canManage={canManage} />
          </Card>
          <Card size="small" title={t('parts.catalogue.contractPrices')}>
            <ContractPricesEditor detail={d} canManage={canManage} />
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

/** The parts catalogue (C4, E5, A2): search, filter by category and discontinued, edit, import and export. */
export function CataloguePage() {
  const { t } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<Part | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const filter = {
    q: params.get('q') ?? undefined,
    categoryId: params.get('categoryId') ?? undefined,
    discontinued: (params.get('discontinued') as 'true' | 'false' | null) ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
  };
  const parts = useParts(filter);
  const categories = useCategories();
  const open = params.get('part');
  const set = (patch: Record<string, string | number | undefined | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, String(v));
    setParams(next);
  };
  const canManage = hasPermission(me.data, 'parts.manage');
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('parts.catalogue.title')}</Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={`/api/v1/parts/export.xlsx${filter.categoryId ? `?categoryId=${filter.categoryId}` : ''}`} download>
            {t('parts.catalogue.export')}
          </Button>
          {canManage && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('parts.catalogue.import')}
            </Button>
          )}
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('parts.catalogue.add')}
            </Button>
          )}
        </Space>
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('parts.catalogue.search')} defaultValue={filter.q} onSearch={(q) => set({ q, page: undefined })} style={{ width: 280 }} />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('parts.catalogue.allCategories')}
          value={filter.categoryId}
          onChange={(categoryId?: string) => set({ categoryId, page: undefined })}
          options={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.partCount}）` }))}
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('parts.catalogue.discontinuedFilter')}
          value={filter.discontinued}
          onChange={(discontinued?: string) => set({ discontinued, page: undefined })}
          options={[
            { value: 'false', label: t('parts.catalogue.onlyCurrent') },
            { value: 'true', label: t('parts.catalogue.onlyDiscontinued') },
          ]}
        />
      </Space>
      <Table<Part>
        rowKey="id"
        loading={parts.isFetching}
        dataSource={parts.data?.items ?? []}
        scroll={{ x: 800 }}
        onRow={(p) => ({ onClick: () => set({ part: p.id }), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('parts.catalogue.number'), dataIndex: 'number', width: 140, render: (n: string) => <Typography.Link>{n}</Typography.Link> },
          {
            title: t('parts.catalogue.name'),
            dataIndex: 'name',
            render: (n: string, p) => (
              <>
                {n} {p.discontinued && <Tag color="red">{t('parts.catalogue.discontinued')}</Tag>}
              </>
            ),
          },
          { title: t('parts.catalogue.category'), dataIndex: 'category', width: 120 },
          { title: t('parts.catalogue.unit'), dataIndex: 'unit', width: 60 },
          { title: t('parts.catalogue.retailPrice'), dataIndex: 'retailPriceFen', width: 110, align: 'right', render: yuan },
          { title: t('parts.catalogue.contractPrice'), dataIndex: 'contractPriceFen', width: 110, align: 'right', responsive: ['md'], render: yuan },
          { title: t('parts.catalogue.available'), dataIndex: 'available', width: 90, align: 'right' },
          { title: t('parts.catalogue.onHand'), dataIndex: 'onHand', width: 90, align: 'right', responsive: ['lg'] },
        ]}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: parts.data?.total ?? 0,
          showTotal: (n) => t('list.total', { total: n }),
          onChange: (page, pageSize) => set({ page, pageSize }),
        }}
      />
      <PartDrawer id={open} onClose={() => set({ part: undefined })} onEdit={(p) => setEditing(p)} />
      <PartFormModal part={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
      <CatalogueImportDialog open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}
