import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CUSTOMER_KINDS } from '../../../shared/domain';
import { createCustomerBody } from '../../../shared/contracts/customers';
import { schemaRule } from '../../lib/form-rules';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { useFormat } from '../../lib/format';
import { hasPermission, useMe } from '../../lib/session';
import { useCreateCustomer, type Customer } from '../../lib/queries/customers';
import { useCustomers } from './api';
import { ExportButton } from '../../components/ExportButton';

export function NewCustomerModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, label, locale } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const create = useCreateCustomer();
  return (
    <Modal open={open} title={t('customer.new')} okText={t('common.save')} cancelText={t('common.cancel')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'person' }}
        preserve={false}
        onFinish={(v) =>
          create.mutate(
            { name: v.name, phone: v.phone, kind: v.kind, companyName: v.companyName || null, email: v.email || null, ...(v.address ? { address: v.address } : {}) },
            {
              onSuccess: (c) => {
                onClose();
                navigate(`/customers/${c.id}`);
              },
              onError: onProblem,
            },
          )
        }
      >
        <Form.Item name="kind" label={t('customer.kind')}>
          <Select options={CUSTOMER_KINDS.map((k) => ({ value: k, label: label('customerKind', k) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('customer.name')} rules={[schemaRule(createCustomerBody.shape.name, locale)]}>
          <Input />
        </Form.Item>
        <Form.Item name="companyName" label={t('customer.companyName')}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('customer.phone')} rules={[schemaRule(createCustomerBody.shape.phone, locale)]}>
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t('customer.address')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('customer.email')} rules={[schemaRule(createCustomerBody.shape.email, locale)]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CustomerListPage() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const filter = { q: params.get('q') ?? undefined, page: Number(params.get('page') ?? 1), pageSize: Number(params.get('pageSize') ?? 20) };
  const customers = useCustomers(filter);
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v === undefined || v === '') next.delete(k);
    else next.set(k, String(v));
    setParams(next);
  };
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.customers')}</Typography.Title>
        <Space>
          <ExportButton path="/api/v1/customers/export.xlsx" filter={{ q: filter.q }} testId="customers-export" />
          {hasPermission(me.data, 'customers.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('customer.new')}
            </Button>
          )}
        </Space>
      </div>
      <Input.Search allowClear placeholder={t('customers.searchPlaceholder')} defaultValue={filter.q} onSearch={(q) => set({ q, page: undefined })} style={{ width: 320, marginBottom: 16 }} />
      <Table<Customer>
        rowKey="id"
        loading={customers.isFetching}
        locale={{
          emptyText: customers.isFetching ? ' ' : filter.q ? undefined : (
            <Empty description={t('empty.customers')} data-testid="customers-empty">
              {hasPermission(me.data, 'customers.write') && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('customer.new')}
                </Button>
              )}
            </Empty>
          ),
        }}
        dataSource={customers.data?.items ?? []}
        scroll={{ x: 700 }}
        columns={[
          { title: t('customer.name'), dataIndex: 'name', render: (n: string, c) => <Link to={`/customers/${c.id}`}>{n}</Link> },
          { title: t('customer.kind'), dataIndex: 'kind', width: 80, render: (k: string) => label('customerKind', k) },
          { title: t('customer.companyName'), dataIndex: 'companyName', responsive: ['md'] },
          { title: t('customer.phones'), dataIndex: 'phones', render: (p: Customer['phones']) => p.map((x) => x.phone).join(t('common.listSeparator')) },
          { title: t('customer.address'), dataIndex: 'addresses', ellipsis: true, responsive: ['lg'], render: (a: Customer['addresses']) => a[0]?.full ?? '' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 120, responsive: ['lg'], render: (v: string) => fmt.date(v) },
        ]}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: customers.data?.total ?? 0,
          showTotal: (n) => t('list.total', { total: n }),
          onChange: (page, pageSize) => set({ page, pageSize }),
        }}
      />
      <NewCustomerModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
