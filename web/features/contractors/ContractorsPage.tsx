import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { TRADES } from '../../../shared/contracts/contractors';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { AgreementsCard } from './AgreementsCard';
import { StatementsCard } from './StatementsCard';
import { useAddResponsibility, useContractor, useContractors, useCreateContractor, useCreatePortalUser, useLedger, useRecordDeposit } from './api';

/** R3: the contractors, each with its repair phone, responsible person, deposit balance and open tickets. */
export function ContractorsPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const navigate = useNavigate();
  const me = useMe();
  const canManage = hasPermission(me.data, 'contractors.manage');
  const [q, setQ] = useState('');
  const list = useContractors(q);
  const create = useCreateContractor();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('contractors.title')}</Typography.Title>
        <Space wrap>
          <Input.Search allowClear onSearch={setQ} style={{ width: 240 }} />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="contractor-new">
              {t('contractors.new')}
            </Button>
          )}
        </Space>
      </div>
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('contractors.name'), dataIndex: 'name', render: (name: string, row) => <Link to={`/contractors/${row.id}`}>{name}</Link> },
          { title: t('contractors.repairPhone'), dataIndex: 'repairPhone' },
          { title: t('contractors.responsiblePerson'), dataIndex: 'responsiblePerson' },
          { title: t('contractors.balance'), dataIndex: 'balanceFen', align: 'right', render: (v: number) => <span style={{ color: v < 0 ? 'red' : undefined }}>{fmt.yuan(v)}</span> },
          { title: t('contractors.openTickets'), dataIndex: 'openTickets', align: 'right' },
        ]}
      />
      <Modal
        open={adding}
        title={t('contractors.new')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values: { name: string; creditCode?: string; repairPhone: string; responsiblePerson: string }) =>
            create.mutate(
              { ...values, creditCode: values.creditCode || null },
              {
                onSuccess: ({ id }) => {
                  setAdding(false);
                  form.resetFields();
                  void navigate(`/contractors/${id}`);
                },
                onError: onProblem,
              },
            )
          }
        >
          <Form.Item name="name" label={t('contractors.name')} rules={[{ required: true }]}>
            <Input data-testid="contractor-name" />
          </Form.Item>
          <Form.Item name="creditCode" label={t('contractors.creditCode')}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="repairPhone" label={t('contractors.repairPhone')} rules={[{ required: true }]}>
            <Input data-testid="contractor-phone" />
          </Form.Item>
          <Form.Item name="responsiblePerson" label={t('contractors.responsiblePerson')} rules={[{ required: true }]}>
            <Input data-testid="contractor-person" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** One contractor: its details, contracts (R1, R10), its lines of the responsibility map (R3) and its deposit ledger (R5-R7). */
export function ContractorPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const canManage = hasPermission(me.data, 'contractors.manage');
  const canDeposit = hasPermission(me.data, 'deductions.manage');
  const contractor = useContractor(id);
  const ledger = useLedger(id);
  const addLine = useAddResponsibility(id);
  const deposit = useRecordDeposit(id);
  const [mapForm] = Form.useForm();
  const [depositForm] = Form.useForm();
  const onMapProblem = useProblemHandler(mapForm);
  const onDepositProblem = useProblemHandler(depositForm);
  const c = contractor.data;
  if (!c) return <Card loading />;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={c.name}>
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('contractors.creditCode')}>{c.creditCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contractors.repairPhone')}>{c.repairPhone}</Descriptions.Item>
          <Descriptions.Item label={t('contractors.responsiblePerson')}>{c.responsiblePerson}</Descriptions.Item>
          <Descriptions.Item label={t('contractors.balance')}>
            <span data-testid="contractor-balance">{fmt.yuan(c.balanceFen)}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('contractors.contracts')} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.contracts}
          columns={[
            { title: t('contractors.estate'), dataIndex: 'estate' },
            { title: t('contractors.scope'), dataIndex: 'scope' },
            { title: t('contractors.trade'), dataIndex: 'warrantyTerms', render: (terms: typeof c.contracts[number]['warrantyTerms']) => terms.map((w) => `${label('trade', w.trade)} ${w.months}`).join('、') },
            { title: t('contractors.deposit'), dataIndex: 'depositFen', align: 'right', render: (v: number) => fmt.yuan(v) },
            { title: t('contractors.depositDueOn'), dataIndex: 'depositDueOn', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card title={t('contractors.responsibilities')} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.responsibilities}
          data-testid="contractor-map"
          columns={[
            { title: t('contractors.estate'), dataIndex: 'estate' },
            { title: t('contractors.building'), dataIndex: 'building' },
            { title: t('contractors.trade'), dataIndex: 'trade', render: (v: string) => label('trade', v) },
            { title: t('contractors.startsOn'), dataIndex: 'startsOn', render: (v: string | null) => v ?? '—' },
            { title: t('contractors.warrantyEndsOn'), dataIndex: 'warrantyEndsOn' },
          ]}
        />
        {canManage && (
          <Form
            form={mapForm}
            layout="inline"
            style={{ marginTop: 12 }}
            onFinish={(values: { estate: string; building: string; trade: (typeof TRADES)[number]; warrantyEndsOn: string }) =>
              addLine.mutate(values, {
                onSuccess: () => {
                  mapForm.resetFields();
                  message.success(t('contractors.saved'));
                },
                onError: onMapProblem,
              })
            }
          >
            <Form.Item name="estate" rules={[{ required: true }]}>
              <Input placeholder={t('contractors.estate')} data-testid="map-estate" />
            </Form.Item>
            <Form.Item name="building" rules={[{ required: true }]}>
              <Input placeholder={t('contractors.building')} style={{ width: 100 }} data-testid="map-building" />
            </Form.Item>
            <Form.Item name="trade" rules={[{ required: true }]}>
              <Select placeholder={t('contractors.trade')} style={{ width: 140 }} options={TRADES.map((v) => ({ value: v, label: label('trade', v) }))} data-testid="map-trade" />
            </Form.Item>
            <Form.Item name="warrantyEndsOn" rules={[{ required: true }]}>
              <Input placeholder={`${t('contractors.warrantyEndsOn')} YYYY-MM-DD`} style={{ width: 170 }} data-testid="map-ends" />
            </Form.Item>
            <Button htmlType="submit" loading={addLine.isPending} data-testid="map-add">
              {t('contractors.addResponsibility')}
            </Button>
          </Form>
        )}
      </Card>
      <Card
        title={t('contractors.ledger')}
        size="small"
        extra={
          canDeposit && (
            <Form
              form={depositForm}
              layout="inline"
              onFinish={(values: { yuan: number }) =>
                deposit.mutate({ amountFen: Math.round(values.yuan * 100) }, { onSuccess: () => depositForm.resetFields(), onError: onDepositProblem })
              }
            >
              <Form.Item name="yuan" rules={[{ required: true }]}>
                <InputNumber min={0.01} precision={2} prefix="¥" data-testid="deposit-amount" />
              </Form.Item>
              <Button htmlType="submit" loading={deposit.isPending} data-testid="deposit-record">
                {t('contractors.recordDeposit')}
              </Button>
            </Form>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={ledger.isLoading}
          dataSource={ledger.data?.items ?? []}
          data-testid="contractor-ledger"
          columns={[
            { title: t('contractors.rule'), dataIndex: 'rule', render: (v: string) => label('ledgerRule', v) },
            { title: t('contractors.ticket'), dataIndex: 'ticketNumber', render: (v: string | null, row) => (v && row.ticketId ? <Link to={`/tickets/${row.ticketId}`}>{v}</Link> : '—') },
            { title: t('contractors.costBasis'), dataIndex: 'costBasisFen', align: 'right', render: (v: number | null) => fmt.yuan(v) },
            { title: t('contractors.rate'), dataIndex: 'rateBp', align: 'right', render: (v: number | null) => (v === null ? '—' : `${v / 100}%`) },
            { title: t('contractors.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => fmt.yuan(v) },
            {
              title: t('contractors.balanceAfter'),
              dataIndex: 'balanceFen',
              align: 'right',
              render: (v: number, row) => (
                <>
                  {fmt.yuan(v)} {row.exceedsDeposit && <Tag color="red">{t('contractors.exceeds')}</Tag>}
                </>
              ),
            },
            { title: t('contractors.workQuantity'), key: 'workQuantity', render: (_: unknown, row) => row.evidence.workQuantity ?? '' },
            {
              title: t('contractors.countersigned'),
              key: 'countersignature',
              render: (_: unknown, row) =>
                row.countersignature ? (
                  <Tag color="green">{`${row.countersignature.signerName} ${fmt.date(row.countersignature.signedAt)}`}</Tag>
                ) : row.evidence.workQuantity ? (
                  <Tag>{t('contractors.countersign.waiting')}</Tag>
                ) : (
                  ''
                ),
            },
            { title: t('contractors.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
          ]}
        />
        {(ledger.data?.pending.length ?? 0) > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('contractors.countersign.pendingFees')}
            </Typography.Title>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={ledger.data?.pending ?? []}
              data-testid="contractor-pending-fees"
              columns={[
                { title: t('contractors.ticket'), dataIndex: 'ticketNumber', render: (v: string | null, row) => (v ? <Link to={`/tickets/${row.ticketId}`}>{v}</Link> : '—') },
                { title: t('contractors.rule'), dataIndex: 'rule', render: (v: string) => label('ledgerRule', v) },
                { title: t('contractors.workQuantity'), dataIndex: 'workQuantity', render: (v: string | null) => v ?? '—' },
                { title: t('contractors.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => fmt.yuan(v) },
              ]}
            />
          </>
        )}
      </Card>
      <AgreementsCard contractorId={id} canManage={canManage} />
      <StatementsCard contractorId={id} />
      {hasPermission(me.data, 'users.manage') && <PortalUserCard contractorId={id} />}
    </Space>
  );
}

/** R2: a login for the contractor's own people on the portal (its tickets and statements only). */
function PortalUserCard({ contractorId }: { contractorId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const create = useCreatePortalUser(contractorId);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  return (
    <Card title={t('contractors.portalUser')} size="small">
      <Form
        form={form}
        layout="inline"
        onFinish={(values: { username: string; password: string; name: string }) =>
          create.mutate(values, {
            onSuccess: () => {
              form.resetFields();
              message.success(t('contractors.saved'));
            },
            onError: onProblem,
          })
        }
      >
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('contractors.portalUserName')} />
        </Form.Item>
        <Form.Item name="username" rules={[{ required: true }]}>
          <Input placeholder={t('contractors.portalUsername')} autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" rules={[{ required: true }]}>
          <Input.Password placeholder={t('contractors.portalPassword')} autoComplete="new-password" />
        </Form.Item>
        <Button htmlType="submit" loading={create.isPending}>
          {t('contractors.portalUserCreate')}
        </Button>
      </Form>
    </Card>
  );
}
