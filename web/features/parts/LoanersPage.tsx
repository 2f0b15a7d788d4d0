import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { LOANER_STATUSES, type LoanerStatus } from '../../../shared/contracts/parts';
import { createLoanerBody } from '../../../shared/contracts/parts-loaners';
import { schemaRule } from '../../lib/form-rules';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { useCreateLoaner, useLoanerEquivalents, useLoaners, useProducts, useReturnLoaner, useSetLoanerEquivalents, useUpdateLoaner, type Loaner } from './api-loaners';
import { LocationSelect } from './stock-widgets';

export function LoanerStatusTag({ loaner }: { loaner: Pick<Loaner, 'status' | 'overdue'> }) {
  const { t, label } = useI18n();
  if (loaner.overdue) return <Tag color="red">{t('loaners.overdue')}</Tag>;
  const colour: Record<LoanerStatus, string> = { available: 'green', lent: 'orange', retired: 'default' };
  return <Tag color={colour[loaner.status]}>{label('loanerStatus', loaner.status)}</Tag>;
}

/**
 * E3: the loaner pools. Every unit by product and pool, who has it and until when; the overdue
 * ones on their own; adding units, retiring them, and saying which models stand in for which.
 */
export function LoanersPage() {
  const { t, label, locale } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const canManage = hasPermission(me.data, 'parts.manage');
  const canLend = hasPermission(me.data, 'loaners.lend');
  const [status, setStatus] = useState<LoanerStatus | undefined>();
  const [locationId, setLocationId] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const loaners = useLoaners({ status, locationId, overdue });
  const products = useProducts(canManage);
  const create = useCreateLoaner();
  const update = useUpdateLoaner();
  const giveBack = useReturnLoaner();
  const [adding, setAdding] = useState(false);
  const [equivalentsOpen, setEquivalentsOpen] = useState(false);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  const productOptions = (products.data ?? []).map((p) => ({ value: p.id, label: [p.name, p.model].filter(Boolean).join(' · ') }));

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('loaners.title')}</Typography.Title>
        {canManage && (
          <Space wrap>
            <Button onClick={() => setEquivalentsOpen(true)} data-testid="loaner-equivalents">
              {t('loaners.equivalents')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="loaner-new">
              {t('loaners.add')}
            </Button>
          </Space>
        )}
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear placeholder={t('loaners.allStatuses')} style={{ width: 160 }} value={status} onChange={setStatus} options={LOANER_STATUSES.map((s) => ({ value: s, label: label('loanerStatus', s) }))} />
        <LocationSelect allowClear placeholder={t('loaners.allPools')} style={{ width: 240 }} value={locationId} onChange={setLocationId} />
        <Space>
          <Switch size="small" checked={overdue} onChange={setOverdue} data-testid="loaner-overdue-only" />
          <Typography.Text>{t('loaners.overdueOnly')}</Typography.Text>
        </Space>
      </Space>
      <Table<Loaner>
        rowKey="id"
        loading={loaners.isFetching}
        dataSource={loaners.data ?? []}
        scroll={{ x: 1000 }}
        data-testid="loaners-table"
        locale={{ emptyText: t('loaners.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('loaners.product'), dataIndex: 'productName' },
          { title: t('loaners.serial'), dataIndex: 'serial' },
          { title: t('loaners.pool'), dataIndex: 'homeLocationName' },
          { title: t('loaners.status'), render: (_: unknown, l) => <LoanerStatusTag loaner={l} /> },
          { title: t('loaners.ticket'), dataIndex: 'ticketNumber', render: (n: string | null, l) => (n && l.ticketId ? <Link to={`/tickets/${l.ticketId}`}>{n}</Link> : '—') },
          { title: t('loaners.customer'), dataIndex: 'customerName', render: (n: string | null) => n ?? '—' },
          { title: t('loaners.lentAt'), dataIndex: 'lentAt', responsive: ['md'], render: (at: string | null) => fmt.short(at) },
          { title: t('loaners.dueAt'), dataIndex: 'dueAt', render: (at: string | null, l) => <Typography.Text type={l.overdue ? 'danger' : undefined}>{fmt.date(at)}</Typography.Text> },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, l) => (
              <Space>
                {l.status === 'lent' && canLend && (
                  <Popconfirm
                    title={t('loaners.returnConfirm', { serial: l.serial, pool: l.homeLocationName })}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => giveBack.mutate(l.id, { onSuccess: () => message.success(t('loaners.returned')), onError: showProblem })}
                  >
                    <Button size="small" type="primary" data-testid={`loaner-return-${l.serial}`}>
                      {t('loaners.return')}
                    </Button>
                  </Popconfirm>
                )}
                {l.status !== 'lent' && canManage && (
                  <Button size="small" onClick={() => update.mutate({ loaner: l, body: { retired: l.status !== 'retired' } }, { onError: showProblem })}>
                    {l.status === 'retired' ? t('loaners.reinstate') : t('loaners.retire')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={adding} title={t('loaners.add')} okText={t('common.save')} cancelText={t('common.cancel')} onCancel={() => setAdding(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v: { productId: string; serial: string; homeLocationId: string; note?: string }) =>
            create.mutate(
              { ...v, note: v.note || null },
              {
                onSuccess: () => {
                  message.success(t('loaners.created'));
                  setAdding(false);
                },
                onError: onProblem,
              },
            )
          }
        >
          <Form.Item name="productId" label={t('loaners.product')} rules={[{ required: true, message: t('stock.required') }]}>
            <Select showSearch optionFilterProp="label" options={productOptions} data-testid="loaner-product" />
          </Form.Item>
          <Form.Item name="serial" label={t('loaners.serial')} rules={[schemaRule(createLoanerBody.shape.serial, locale)]}>
            <Input data-testid="loaner-serial" />
          </Form.Item>
          <Form.Item name="homeLocationId" label={t('loaners.pool')} rules={[{ required: true, message: t('stock.required') }]}>
            <LocationSelect testId="loaner-pool" />
          </Form.Item>
          <Form.Item name="note" label={t('loaners.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      {equivalentsOpen && <EquivalentsModal options={productOptions} onClose={() => setEquivalentsOpen(false)} />}
    </Card>
  );
}

/** E3: which models of equal or better specification may be lent in place of a product, best first. */
function EquivalentsModal({ options, onClose }: { options: { value: string; label: string }[]; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [productId, setProductId] = useState<string | undefined>();
  // What the user picked; until they pick, what is saved.
  const [picked, setPicked] = useState<string[] | null>(null);
  const current = useLoanerEquivalents(productId);
  const save = useSetLoanerEquivalents();
  const showProblem = useProblemHandler();
  const chosen = picked ?? current.data?.equivalents.map((e) => e.productId) ?? [];
  return (
    <Modal
      open
      title={t('loaners.equivalents')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      okButtonProps={{ disabled: !productId }}
      confirmLoading={save.isPending}
      onOk={() =>
        save.mutate(
          { productId: productId!, equivalentIds: chosen },
          {
            onSuccess: () => {
              message.success(t('loaners.equivalentsSaved'));
              onClose();
            },
            onError: showProblem,
          },
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select showSearch optionFilterProp="label" placeholder={t('loaners.product')} style={{ width: '100%' }} value={productId} onChange={(id) => { setProductId(id); setPicked(null); }} options={options} />
        <Typography.Text type="secondary">{t('loaners.equivalentsHelp')}</Typography.Text>
        <Select mode="multiple" optionFilterProp="label" style={{ width: '100%' }} disabled={!productId} value={chosen} onChange={setPicked} options={options.filter((o) => o.value !== productId)} />
      </Space>
    </Modal>
  );
}
