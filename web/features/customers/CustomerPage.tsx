import { PlusOutlined, QrcodeOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Form, Input, List, Modal, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useProblemHandler } from '../../lib/problems';
import { TicketTable } from '../../components/TicketTable';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { AssetFormModal } from '../../components/AssetFormModal';
import { useTickets } from '../../lib/queries/tickets';
import { WarrantyTag } from '../../components/tags';
import { useAddPhone, useCustomer } from './api';
import { WeChatConsentCard } from './WeChatConsentCard';
import { useCorrectAddress, type Asset } from '../../lib/queries/customers';
import { usePrintLabels } from '../../lib/queries/assets';

/** H6: mark an address wrong and give the corrected one, keeping the wrong one on record. */
function CorrectAddressModal({ customerId, addressId, onClose }: { customerId: string; addressId: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const correct = useCorrectAddress();
  return (
    <Modal open={!!addressId} title={t('address.correct')} okText={t('common.save')} cancelText={t('common.cancel')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={correct.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('address.correctHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) =>
          correct.mutate(
            { customerId, addressId: addressId!, invalid: true, correction: { line: v.line, city: v.city || null, district: v.district || null } },
            {
              onSuccess: () => {
                message.success(t('address.corrected'));
                onClose();
              },
              onError: onProblem,
            },
          )
        }
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="city" label={t('address.city')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="district" label={t('address.district')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="line" label={t('address.line')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CustomerPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const showProblem = useProblemHandler();
  const navigate = useNavigate();
  const me = useMe();
  const customer = useCustomer(id);
  const tickets = useTickets({ customerId: id, page: 1, pageSize: 10 });
  const addPhone = useAddPhone();
  const [assetModal, setAssetModal] = useState(false);
  const printLabels = usePrintLabels();
  const [labelled, setLabelled] = useState<string[]>([]);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const canWrite = hasPermission(me.data, 'customers.write');

  if (customer.isLoading) return <Skeleton active />;
  if (!customer.data) return <Result status="404" title={customer.error instanceof ApiError ? customer.error.problem.title : t('errors.NOT_FOUND')} />;
  const c = customer.data;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <div className="page-head">
          <Space>
            <Typography.Title level={4}>{c.name}</Typography.Title>
            <Tag>{label('customerKind', c.kind)}</Tag>
            {c.companyName && <Typography.Text type="secondary">{c.companyName}</Typography.Text>}
          </Space>
          {hasPermission(me.data, 'tickets.create') && (
            <Button type="primary" onClick={() => navigate('/intake')}>
              {t('nav.intake')}
            </Button>
          )}
        </div>
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Descriptions column={1} size="small" title={t('customer.phones')}>
              {c.phones.map((p) => (
                <Descriptions.Item key={p.id} label={p.label ?? (p.isPrimary ? t('customer.primaryPhone') : t('customer.phone'))}>
                  {p.phone}
                </Descriptions.Item>
              ))}
            </Descriptions>
            {canWrite && (
              <Space.Compact style={{ marginTop: 8 }}>
                <Input value={phone} onChange={(e) => setPhone(e.target.value)} placeholder={t('customer.addPhone')} />
                <Button
                  icon={<PlusOutlined />}
                  loading={addPhone.isPending}
                  onClick={() =>
                    addPhone.mutate(
                      { customerId: c.id, phone },
                      { onSuccess: () => setPhone(''), onError: showProblem },
                    )
                  }
                />
              </Space.Compact>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text strong>{t('customer.addresses')}</Typography.Text>
            <List
              size="small"
              dataSource={c.addresses}
              renderItem={(a) => (
                <List.Item
                  actions={
                    canWrite && !a.invalidAt
                      ? [
                          <Button key="fix" size="small" type="link" onClick={() => setCorrecting(a.id)}>
                            {t('address.correct')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <Space>
                    {a.invalidAt ? (
                      <Typography.Text delete type="secondary">
                        {a.full}
                      </Typography.Text>
                    ) : (
                      a.full
                    )}
                    {a.isDefault && <Tag color="blue">{t('address.default')}</Tag>}
                    {a.invalidAt && (
                      <Tag icon={<WarningOutlined />} color="warning">
                        {t('address.invalid')}
                      </Tag>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          </Col>
        </Row>
        {c.notes && <Typography.Paragraph type="secondary">{c.notes}</Typography.Paragraph>}
      </Card>
      <Card
        title={t('customer.assets')}
        extra={
          hasPermission(me.data, 'assets.write') && (
            <Space>
              <Button
                icon={<QrcodeOutlined />}
                disabled={!labelled.length}
                loading={printLabels.isPending}
                onClick={() => printLabels.mutate(labelled, { onError: showProblem })}
                data-testid="print-labels-selected"
              >
                {t('selfservice.printLabelsSelected', { count: labelled.length })}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setAssetModal(true)}>
                {t('asset.new')}
              </Button>
            </Space>
          )
        }
      >
        <Table<Asset>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.assets}
          rowSelection={hasPermission(me.data, 'assets.write') ? { selectedRowKeys: labelled, onChange: (keys) => setLabelled(keys as string[]) } : undefined}
          scroll={{ x: 700 }}
          columns={[
            { title: t('asset.productName'), dataIndex: 'productName', render: (n: string | null, a) => <Link to={`/assets/${a.id}`}>{n || a.serialNumber}</Link> },
            { title: t('asset.kind'), dataIndex: 'kind', render: (k: string) => label('assetKind', k) },
            { title: t('asset.serialNumber'), dataIndex: 'serialNumber' },
            { title: t('asset.plate'), dataIndex: 'plate', responsive: ['md'] },
            { title: t('ticket.warranty'), dataIndex: 'warranty', render: (w: Asset['warranty']) => <WarrantyTag warranty={w.state} /> },
            { title: t('asset.warrantyEndsOn'), dataIndex: ['warranty', 'endsOn'], responsive: ['md'] },
          ]}
        />
      </Card>
      {hasPermission(me.data, 'settings.manage') && <WeChatConsentCard customerId={c.id} />}
      <Card title={t('customer.tickets')}>
        <TicketTable size="small" pagination={false} rows={tickets.data?.items ?? []} columns={['number', 'status', 'description', 'reportedAt']} />
      </Card>
      <AssetFormModal customerId={c.id} open={assetModal} onClose={() => setAssetModal(false)} />
      <CorrectAddressModal customerId={c.id} addressId={correcting} onClose={() => setCorrecting(null)} />
    </Space>
  );
}
