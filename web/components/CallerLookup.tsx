import { PhoneOutlined, PlusOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Form, Input, Radio, Row, Space, Spin, Tag, Typography, type FormInstance, type InputRef } from 'antd';
import { useMemo, useState, type KeyboardEvent, type Ref } from 'react';
import { createCustomerBody, type CreateCustomerBody } from '../../shared/contracts/customers';
import { isPhone } from '../../shared/phone';
import { schemaRule } from '../lib/form-rules';
import { useI18n } from '../lib/i18n';
import { useProblemHandler } from '../lib/problems';
import { useCreateCustomer, useLookup, type Asset, type Customer, type LookupItem } from '../lib/queries/customers';
import { useDebounced } from '../lib/use-debounced';
import { WarrantyTag } from './tags';

/** The address parts a property or a precise visit needs; the one-line address stays enough. */
const ADDRESS_PARTS = ['province', 'city', 'district', 'estate', 'building', 'unit', 'room'] as const;
type AddressPart = (typeof ADDRESS_PARTS)[number];

export interface NewCustomerValues {
  name: string;
  phone: string;
  /** One line, as the caller says it; with parts, it is their street line. */
  address?: string;
  parts?: Partial<Record<AddressPart, string>>;
}

/** The one-line address, or the structured one when any part was filled in. */
function addressOf(v: NewCustomerValues): CreateCustomerBody['address'] {
  const line = v.address?.trim() ?? '';
  const parts = Object.fromEntries(Object.entries(v.parts ?? {}).filter(([, x]) => typeof x === 'string' && x.trim() !== '')) as Partial<Record<AddressPart, string>>;
  if (Object.keys(parts).length === 0) return line || undefined;
  return { ...parts, line: line || [parts.estate, parts.building, parts.unit, parts.room].filter(Boolean).join(' ') };
}

export interface CallerLookupState {
  query: string;
  /** The query as sent, once the typing pauses. */
  q: string;
  type(query: string): void;
  searching: boolean;
  results: LookupItem[];
  /** The result the arrow keys point at (its index), before Enter picks it. */
  active: number;
  /** Moves the pointer down (1) or up (-1) the results, wrapping round. */
  move(delta: number): void;
  /** The caller: the one picked, or the only match. */
  selected: LookupItem | null;
  /** True when a customer was picked by hand (not just the only match). */
  picked: boolean;
  pick(customer: LookupItem): void;
  /** Forgets the pick; the results show again. */
  unpick(): void;
  creating: boolean;
  startNewCustomer(): void;
  cancelNewCustomer(): void;
  customerForm: FormInstance;
  saveCustomer(values: NewCustomerValues, onCreated?: (c: Customer) => void): void;
  savingCustomer: boolean;
  /** The asset the call is about: the one chosen, else the caller's only one, else none. */
  assetId: string | null;
  chooseAsset(id: string | null): void;
  /** An asset just made for the caller joins their list and is chosen. */
  addAsset(asset: Asset): void;
  reset(): void;
}

/**
 * A2: the caller lookup while the caller is on the line: their number (or name, plate, serial)
 * finds them with their assets; one match is the caller without a click; no match offers a new
 * customer, prefilled from what was typed; a customer's only asset is taken unless another is
 * chosen. Phone intake and the booking drawer use the same one.
 */
export function useCallerLookup(): CallerLookupState {
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const lookup = useLookup(q);
  const [customer, setCustomer] = useState<LookupItem | null>(null);
  // undefined: nobody has chosen, so a customer's only asset is taken.
  const [assetChoice, setAssetChoice] = useState<string | null | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [customerForm] = Form.useForm();
  const createCustomer = useCreateCustomer();
  const onProblem = useProblemHandler(customerForm);

  const [active, setActive] = useState(0);
  // Under two characters nothing is looked up: the last query's results must not stay as if they matched.
  const results = useMemo(() => (q.length >= 2 ? (lookup.data?.items ?? []) : []), [lookup.data, q]);
  const selected = useMemo(
    () => (customer ? (results.find((c) => c.id === customer.id) ?? customer) : !creating && results.length === 1 ? results[0]! : null),
    [customer, results, creating],
  );
  const assetId = assetChoice !== undefined ? assetChoice : selected?.assets.length === 1 ? selected.assets[0]!.id : null;

  return {
    query,
    q,
    type: (next) => {
      setQuery(next);
      setActive(0);
      setCustomer(null);
      setAssetChoice(undefined);
    },
    searching: lookup.isFetching,
    results,
    active: Math.min(active, Math.max(results.length - 1, 0)),
    move: (delta) => setActive((i) => (results.length ? (Math.min(i, results.length - 1) + delta + results.length) % results.length : 0)),
    selected,
    picked: !!customer,
    pick: (c) => {
      setCustomer(c);
      setCreating(false);
      setAssetChoice(undefined);
    },
    unpick: () => setCustomer(null),
    creating,
    startNewCustomer: () => {
      setCustomer(null);
      setCreating(true);
      customerForm.setFieldsValue({ phone: isPhone(query) ? query.trim() : undefined, name: isPhone(query) ? undefined : query.trim() || undefined });
    },
    cancelNewCustomer: () => setCreating(false),
    customerForm,
    saveCustomer: (values, onCreated) =>
      createCustomer.mutate(
        { name: values.name, phone: values.phone, ...(addressOf(values) ? { address: addressOf(values) } : {}) },
        {
          onSuccess: (c) => {
            setCreating(false);
            setCustomer({ ...c, assets: [] });
            setQuery(values.phone);
            onCreated?.(c);
          },
          onError: onProblem,
        },
      ),
    savingCustomer: createCustomer.isPending,
    assetId,
    chooseAsset: setAssetChoice,
    addAsset: (asset) => {
      if (selected) setCustomer({ ...selected, assets: [...selected.assets, asset] });
      setAssetChoice(asset.id);
    },
    reset: () => {
      setQuery('');
      setActive(0);
      setCustomer(null);
      setAssetChoice(undefined);
      setCreating(false);
    },
  };
}

const assetName = (a: Asset) => [a.productName, a.plate ?? a.serialNumber].filter(Boolean).join(' · ');

export interface CallerLookupProps {
  caller: CallerLookupState;
  /** Test ids of the search box and of each result card. */
  testIds: { input: string; result: string };
  /** A drawer shows short result cards, hides them once the caller is picked, and asks a new customer's name and phone only. */
  compact?: boolean;
  onCustomerCreated?: (customer: Customer) => void;
  /** Enter took a caller (the one the arrows point at, or the only match): the form can take the focus. */
  onPicked?: (customer: LookupItem) => void;
  inputRef?: Ref<InputRef>;
}

/** The search box, the customers it finds, and the new-customer form when none is the caller. */
export function CallerLookup({ caller, testIds, compact = false, onCustomerCreated, onPicked, inputRef }: CallerLookupProps) {
  const { t, locale } = useI18n();
  const { results, selected } = caller;
  const take = (c: LookupItem) => {
    caller.pick(c);
    onPicked?.(c);
  };
  // The keyboard path: ↑↓ point at a result, Enter takes it (or the only match); with no match Enter starts a new customer.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!results.length) return;
      e.preventDefault();
      caller.move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      if (e.nativeEvent.isComposing) return;
      e.preventDefault();
      // Results still on their way belong to the query being typed: wait for them.
      if (caller.query.trim() !== caller.q || caller.searching) return;
      const target = results.length > 1 ? results[caller.active] : (results[0] ?? (caller.picked ? selected : null));
      if (target) take(target);
      else if (caller.q.length >= 2 && !caller.searching && !caller.creating) caller.startNewCustomer();
    }
  };
  const phones = (c: LookupItem) => c.phones.map((p) => p.phone).join(t('common.listSeparator'));
  const newCustomerButton = (
    <Button type={compact ? 'default' : 'primary'} icon={<UserAddOutlined />} onClick={caller.startNewCustomer} data-testid={compact ? undefined : 'intake-new-customer'}>
      {t('intake.newCustomer')}
    </Button>
  );
  return (
    <>
      <Input
        size="large"
        autoFocus
        allowClear
        prefix={<PhoneOutlined />}
        suffix={caller.searching ? <Spin size="small" /> : <SearchOutlined className="muted" />}
        placeholder={t('intake.lookupPlaceholder')}
        value={caller.query}
        ref={inputRef}
        onKeyDown={onKeyDown}
        onChange={(e) => caller.type(e.target.value)}
        data-testid={testIds.input}
      />
      <div style={{ marginTop: 12 }}>
        {caller.q.length >= 2 && !caller.searching && results.length === 0 && !caller.creating && (
          <Empty description={t('intake.noMatch')} image={compact ? Empty.PRESENTED_IMAGE_SIMPLE : undefined}>
            {newCustomerButton}
          </Empty>
        )}
        <Space direction="vertical" style={{ width: '100%' }}>
          {!(compact && caller.picked) &&
            results.map((c, i) => (
              <Card
                key={c.id}
                size="small"
                className={`lookup-card ${selected?.id === c.id ? 'selected' : ''} ${results.length > 1 && caller.active === i ? 'active' : ''}`}
                onClick={() => take(c)}
                tabIndex={0}
                role="option"
                aria-selected={selected?.id === c.id}
                data-active={results.length > 1 && caller.active === i ? 'true' : undefined}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    take(c);
                  }
                }}
                data-testid={testIds.result}
              >
                {compact ? (
                  <Space wrap>
                    <Typography.Text strong>{c.name}</Typography.Text>
                    <Typography.Text type="secondary">{phones(c)}</Typography.Text>
                    {c.assets.map((a) => (
                      <Tag key={a.id}>{assetName(a)}</Tag>
                    ))}
                  </Space>
                ) : (
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space>
                      <Typography.Text strong>{c.name}</Typography.Text>
                      {c.companyName && <Typography.Text type="secondary">{c.companyName}</Typography.Text>}
                      <Typography.Text type="secondary">{phones(c)}</Typography.Text>
                    </Space>
                    {c.addresses[0] && <Typography.Text type="secondary">{c.addresses[0].full}</Typography.Text>}
                    {c.assets.length > 0 && (
                      <Space wrap size={4}>
                        {c.assets.map((a) => (
                          <Tag key={a.id}>{assetName(a)}</Tag>
                        ))}
                      </Space>
                    )}
                  </Space>
                )}
              </Card>
            ))}
        </Space>
        {!compact && results.length > 0 && !caller.creating && (
          <Button type="link" icon={<UserAddOutlined />} onClick={caller.startNewCustomer} style={{ paddingLeft: 0 }}>
            {t('intake.newCustomer')}
          </Button>
        )}
      </div>
      {caller.creating && (
        <Card size="small" title={t('intake.newCustomer')} style={{ marginTop: 12 }}>
          <Form form={caller.customerForm} layout="vertical" onFinish={(v: NewCustomerValues) => caller.saveCustomer(v, onCustomerCreated)}>
            <Form.Item name="name" label={t('customer.name')} rules={[schemaRule(createCustomerBody.shape.name, locale)]}>
              <Input data-testid="new-customer-name" autoFocus />
            </Form.Item>
            <Form.Item name="phone" label={t('customer.phone')} rules={[schemaRule(createCustomerBody.shape.phone, locale)]}>
              <Input data-testid="new-customer-phone" />
            </Form.Item>
            {!compact && (
              <Form.Item name="address" label={t('customer.address')} style={{ marginBottom: 4 }}>
                <Input data-testid="new-customer-address" />
              </Form.Item>
            )}
            {!compact && <AddressParts />}
            <Space>
              <Button type="primary" htmlType="submit" loading={caller.savingCustomer} data-testid="new-customer-save">
                {t('common.save')}
              </Button>
              <Button onClick={caller.cancelNewCustomer}>{t('common.cancel')}</Button>
            </Space>
          </Form>
        </Card>
      )}
    </>
  );
}

/**
 * The caller's assets to pick the one the call is about. With `allowNone`, "no asset" is a
 * choice too; with `onNewAsset`, an asset can be added on the spot.
 */
export function CallerAssets({ caller, allowNone = false, onNewAsset, testId }: { caller: CallerLookupState; allowNone?: boolean; onNewAsset?: () => void; testId?: string }) {
  const { t } = useI18n();
  const selected = caller.selected;
  if (!selected || (!allowNone && !onNewAsset && selected.assets.length === 0)) return null;
  return (
    <>
      <Radio.Group value={caller.assetId} onChange={(e) => caller.chooseAsset(e.target.value)} style={{ display: 'flex', flexDirection: 'column', gap: allowNone ? 6 : 4, marginTop: allowNone ? 8 : 0 }}>
        {selected.assets.map((a) => (
          <Radio key={a.id} value={a.id} data-testid={testId}>
            {allowNone ? (
              <Space wrap>
                {[a.productName, a.brand, a.model].filter(Boolean).join(' ')}
                <span className="muted">{a.plate ?? a.serialNumber}</span>
                <WarrantyTag warranty={a.warranty.state} />
              </Space>
            ) : (
              <>
                {[a.productName, a.brand, a.model].filter(Boolean).join(' ')} <span className="muted">{a.plate ?? a.serialNumber}</span>
              </>
            )}
          </Radio>
        ))}
        {allowNone && <Radio value={null}>{t('intake.noAsset')}</Radio>}
      </Radio.Group>
      {onNewAsset && (
        <Button type="link" icon={<PlusOutlined />} onClick={onNewAsset} style={{ paddingLeft: 0 }}>
          {t('asset.new')}
        </Button>
      )}
    </>
  );
}

/** The address in parts, folded away: the one line is enough on most calls. */
function AddressParts() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const labels: Record<AddressPart, string> = {
    province: t('address.province'),
    city: t('address.city'),
    district: t('address.district'),
    estate: t('address.estate'),
    building: t('address.building'),
    unit: t('address.unit'),
    room: t('address.room'),
  };
  return (
    <>
      <Button type="link" size="small" style={{ paddingLeft: 0, marginBottom: 8 }} onClick={() => setOpen((o) => !o)} data-testid="new-customer-address-parts">
        {t('address.more')}
      </Button>
      {open && (
        <Row gutter={8}>
          {ADDRESS_PARTS.map((part, i) => (
            <Col span={i < 3 ? 8 : 6} key={part}>
              <Form.Item name={['parts', part]} label={labels[part]}>
                <Input data-testid={`new-customer-${part}`} autoFocus={i === 0} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}
