import { PhoneOutlined, PlusOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Spin, Switch, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { CHANNELS, PRIORITIES, TICKET_TYPES, type Channel, type Priority, type TicketType } from '../../../shared/domain';
import { isPhone } from '../../../shared/phone';
import { yuanToFen } from '../../../shared/money';
import { createCustomerBody } from '../../../shared/contracts/customers';
import { createTicketBody } from '../../../shared/contracts/tickets';
import { newIdempotencyKey } from '../../lib/api';
import { schemaRule } from '../../lib/form-rules';
import { applyProblem } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { AssetFormModal } from '../../components/AssetFormModal';
import { useCreateCustomer, useLookup, type LookupItem } from '../../lib/queries/customers';
import { useCreateTicket } from './api';
import { WarrantyTag } from '../../components/tags';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

interface TicketValues {
  description: string;
  channel: Channel;
  type: TicketType;
  priority: Priority;
  emergency: boolean;
  estimatedValueYuan?: number;
  contactName?: string;
  contactPhone?: string;
}

/**
 * Phone intake, built for the length of a call: type the caller's number (or name, plate,
 * serial) and their record and assets appear; pick, describe, save.
 */
export function IntakePage() {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const lookup = useLookup(q);
  const [customer, setCustomer] = useState<LookupItem | null>(null);
  // undefined: the agent has not chosen, so a customer's only asset is taken.
  const [assetChoice, setAssetChoice] = useState<string | null | undefined>(undefined);
  const [creatingCustomer, setCreatingCustomer] = useState(false);
  const [assetModal, setAssetModal] = useState(false);
  const [customerForm] = Form.useForm();
  const [ticketForm] = Form.useForm<TicketValues>();
  const createCustomer = useCreateCustomer();
  const createTicket = useCreateTicket();
  // One key per intake: a double click or a retried save makes one ticket.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  const results = useMemo(() => lookup.data?.items ?? [], [lookup.data]);
  // One match is the caller: it is selected without a click.
  const selected = useMemo(
    () => (customer ? (results.find((c) => c.id === customer.id) ?? customer) : !creatingCustomer && results.length === 1 ? results[0]! : null),
    [customer, results, creatingCustomer],
  );
  const assetId = assetChoice !== undefined ? assetChoice : selected?.assets.length === 1 ? selected.assets[0]!.id : null;
  const setAssetId = (id: string | null) => setAssetChoice(id);

  const pick = (c: LookupItem) => {
    setCustomer(c);
    setCreatingCustomer(false);
    setAssetChoice(undefined);
  };

  const startNewCustomer = () => {
    setCustomer(null);
    setCreatingCustomer(true);
    customerForm.setFieldsValue({ phone: isPhone(query) ? query.trim() : undefined, name: isPhone(query) ? undefined : query.trim() || undefined });
  };

  const saveCustomer = (values: { name: string; phone: string; address?: string }) =>
    createCustomer.mutate(
      { name: values.name, phone: values.phone, ...(values.address ? { address: values.address } : {}) },
      {
        onSuccess: (c) => {
          message.success(t('customer.created'));
          setCreatingCustomer(false);
          setCustomer({ ...(c as LookupItem), assets: [] });
          setQuery(values.phone);
        },
        onError: (e) => {
          const shown = applyProblem(customerForm, e, t('errors.INTERNAL'));
          if (shown) message.error(shown);
        },
      },
    );

  const saveTicket = (v: TicketValues) => {
    if (!selected) {
      message.warning(t('intake.pickCustomerFirst'));
      return;
    }
    createTicket.mutate(
      {
        key: idempotencyKey,
        body: {
          customerId: selected.id,
          assetId,
          // The service address defaults to the customer's current one (a wrong one is skipped, H6).
          addressId: selected.addresses.find((a) => a.isDefault && !a.invalidAt)?.id ?? selected.addresses.find((a) => !a.invalidAt)?.id ?? null,
          description: v.description,
          channel: v.channel,
          type: v.type,
          priority: v.priority,
          emergency: v.emergency,
          estimatedValueFen: v.estimatedValueYuan !== undefined && v.estimatedValueYuan !== null ? yuanToFen(v.estimatedValueYuan) : null,
          contactName: v.contactName || null,
          contactPhone: v.contactPhone || null,
        },
      },
      {
        onSuccess: (ticket) => {
          message.success(t('intake.saved', { number: ticket.number }));
          setIdempotencyKey(newIdempotencyKey());
          navigate(`/tickets/${ticket.id}`);
        },
        onError: (e) => {
          const shown = applyProblem(ticketForm, e, t('errors.INTERNAL'));
          if (shown) message.error(shown);
        },
      },
    );
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={11}>
        <Card title={t('intake.caller')}>
          <Input
            size="large"
            autoFocus
            allowClear
            prefix={<PhoneOutlined />}
            suffix={lookup.isFetching ? <Spin size="small" /> : <SearchOutlined className="muted" />}
            placeholder={t('intake.lookupPlaceholder')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setCustomer(null);
              setAssetChoice(undefined);
            }}
            data-testid="intake-lookup"
          />
          <div style={{ marginTop: 12 }}>
            {q.length >= 2 && !lookup.isFetching && results.length === 0 && !creatingCustomer && (
              <Empty description={t('intake.noMatch')}>
                <Button type="primary" icon={<UserAddOutlined />} onClick={startNewCustomer} data-testid="intake-new-customer">
                  {t('intake.newCustomer')}
                </Button>
              </Empty>
            )}
            <Space direction="vertical" style={{ width: '100%' }}>
              {results.map((c) => (
                <Card key={c.id} size="small" className={`lookup-card ${selected?.id === c.id ? 'selected' : ''}`} onClick={() => pick(c)} data-testid="lookup-result">
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space>
                      <Typography.Text strong>{c.name}</Typography.Text>
                      {c.companyName && <Typography.Text type="secondary">{c.companyName}</Typography.Text>}
                      <Typography.Text type="secondary">{c.phones.map((p) => p.phone).join(t('common.listSeparator'))}</Typography.Text>
                    </Space>
                    {c.addresses[0] && <Typography.Text type="secondary">{c.addresses[0].full}</Typography.Text>}
                    {c.assets.length > 0 && (
                      <Space wrap size={4}>
                        {c.assets.map((a) => (
                          <Tag key={a.id}>{[a.productName, a.plate ?? a.serialNumber].filter(Boolean).join(' · ')}</Tag>
                        ))}
                      </Space>
                    )}
                  </Space>
                </Card>
              ))}
            </Space>
            {results.length > 0 && !creatingCustomer && (
              <Button type="link" icon={<UserAddOutlined />} onClick={startNewCustomer} style={{ paddingLeft: 0 }}>
                {t('intake.newCustomer')}
              </Button>
            )}
          </div>
          {creatingCustomer && (
            <Card size="small" title={t('intake.newCustomer')} style={{ marginTop: 12 }}>
              <Form form={customerForm} layout="vertical" onFinish={saveCustomer}>
                <Form.Item name="name" label={t('customer.name')} rules={[schemaRule(createCustomerBody.shape.name, locale)]}>
                  <Input data-testid="new-customer-name" />
                </Form.Item>
                <Form.Item
                  name="phone"
                  label={t('customer.phone')}
                  rules={[schemaRule(createCustomerBody.shape.phone, locale)]}
                >
                  <Input data-testid="new-customer-phone" />
                </Form.Item>
                <Form.Item name="address" label={t('customer.address')}>
                  <Input data-testid="new-customer-address" />
                </Form.Item>
                <Space>
                  <Button type="primary" htmlType="submit" loading={createCustomer.isPending} data-testid="new-customer-save">
                    {t('common.save')}
                  </Button>
                  <Button onClick={() => setCreatingCustomer(false)}>{t('common.cancel')}</Button>
                </Space>
              </Form>
            </Card>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={13}>
        <Card title={t('intake.request')}>
          {selected ? (
            <Alert
              type="info"
              style={{ marginBottom: 16 }}
              message={
                <Space wrap>
                  <span data-testid="intake-selected-customer">{selected.name}</span>
                  <span className="muted">{selected.phones.map((p) => p.phone).join(t('common.listSeparator'))}</span>
                </Space>
              }
            />
          ) : (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('intake.pickCustomerFirst')} />
          )}
          {selected && (
            <div style={{ marginBottom: 16 }}>
              <Typography.Text strong>{t('ticket.asset')}</Typography.Text>
              <Radio.Group value={assetId} onChange={(e) => setAssetId(e.target.value)} style={{ display: 'flex', flexDirection: 'column', gap: 6, marginTop: 8 }}>
                {selected.assets.map((a) => (
                  <Radio key={a.id} value={a.id} data-testid="intake-asset">
                    <Space wrap>
                      {[a.productName, a.brand, a.model].filter(Boolean).join(' ')}
                      <span className="muted">{a.plate ?? a.serialNumber}</span>
                      <WarrantyTag warranty={a.warranty.state} />
                    </Space>
                  </Radio>
                ))}
                <Radio value={null}>{t('intake.noAsset')}</Radio>
              </Radio.Group>
              <Button type="link" icon={<PlusOutlined />} onClick={() => setAssetModal(true)} style={{ paddingLeft: 0 }}>
                {t('asset.new')}
              </Button>
            </div>
          )}
          <Form<TicketValues>
            form={ticketForm}
            layout="vertical"
            initialValues={{ channel: 'phone', type: 'repair', priority: 'normal', emergency: false }}
            onFinish={saveTicket}
            disabled={!selected}
          >
            <Form.Item name="description" label={t('ticket.description')} rules={[schemaRule(createTicketBody.shape.description, locale)]}>
              <Input.TextArea
                rows={4}
                maxLength={4000}
                showCount
                placeholder={t('intake.descriptionPlaceholder')}
                data-testid="intake-description"
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) ticketForm.submit();
                }}
              />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={12} md={6}>
                <Form.Item name="channel" label={t('ticket.channel')}>
                  <Select options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="type" label={t('ticket.type')}>
                  <Select options={TICKET_TYPES.map((c) => ({ value: c, label: label('ticketType', c) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="priority" label={t('ticket.priority')}>
                  <Select options={PRIORITIES.map((c) => ({ value: c, label: label('priority', c) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="emergency" label={t('ticket.emergency')} valuePropName="checked" tooltip={t('intake.emergencyHint')}>
                  <Switch />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="estimatedValueYuan" label={t('intake.estimatedValue')} tooltip={t('intake.estimatedValueHint')}>
                  <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item name="contactName" label={t('ticket.contactName')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item name="contactPhone" label={t('ticket.contactPhone')} rules={[schemaRule(createTicketBody.shape.contactPhone, locale)]}>
                  <Input />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" size="large" loading={createTicket.isPending} data-testid="intake-save">
              {t('intake.save')}
            </Button>
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              Ctrl + Enter
            </Typography.Text>
          </Form>
        </Card>
      </Col>
      {selected && (
        <AssetFormModal
          customerId={selected.id}
          open={assetModal}
          onClose={() => setAssetModal(false)}
          onCreated={(asset) => {
            setCustomer({ ...selected, assets: [...selected.assets, asset] });
            setAssetId(asset.id);
          }}
        />
      )}
    </Row>
  );
}
