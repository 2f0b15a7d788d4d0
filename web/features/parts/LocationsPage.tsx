import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { createLocationBody, LOCATION_KINDS, type LocationKind } from '../../../shared/contracts/parts';
import { schemaRule } from '../../lib/form-rules';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useUsers, type User } from '../../lib/queries/people';
import { hasPermission, useMe } from '../../lib/session';
import { useCreateLocation, useLocations, useUpdateLocation, type Location } from './api-stock';
import { LocationKindTag } from './stock-widgets';

interface Values {
  name: string;
  kind: LocationKind;
  ownerUserId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/**
 * Where stock is kept: the central warehouse, site depots (E5), each technician's van or bag
 * (owned by them) and "with customer". A location with history is retired, never deleted.
 */
export function LocationsPage() {
  const { t } = useI18n();
  const me = useMe();
  const canManage = hasPermission(me.data, 'parts.manage');
  const [showRetired, setShowRetired] = useState(false);
  const locations = useLocations(showRetired);
  const people = useUsers({}, canManage && hasPermission(me.data, 'users.read'));
  const update = useUpdateLocation();
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const showProblem = useProblemHandler();

  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.stockLocations')}</Typography.Title>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="location-new">
            {t('locations.new')}
          </Button>
        )}
      </div>
      <Space style={{ marginBottom: 16 }}>
        <Switch size="small" checked={showRetired} onChange={setShowRetired} />
        <Typography.Text>{t('locations.showRetired')}</Typography.Text>
      </Space>
      <Table<Location>
        rowKey="id"
        loading={locations.isFetching}
        dataSource={locations.data ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        data-testid="locations-table"
        columns={[
          { title: t('locations.name'), dataIndex: 'name' },
          { title: t('locations.kind'), dataIndex: 'kind', render: (k: LocationKind) => <LocationKindTag kind={k} /> },
          { title: t('locations.owner'), dataIndex: 'ownerName', render: (n: string | null) => n ?? '—' },
          {
            title: t('locations.coordinates'),
            responsive: ['md'],
            render: (_: unknown, l) => (l.latitude !== null && l.longitude !== null ? `${l.latitude.toFixed(4)}, ${l.longitude.toFixed(4)}` : '—'),
          },
          { title: t('locations.state'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('locations.active')}</Tag> : <Tag>{t('locations.retired')}</Tag>) },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, l: Location) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(l)}>
                        {t('locations.edit')}
                      </Button>
                      {l.active ? (
                        <Popconfirm title={t('locations.retireConfirm', { name: l.name })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => update.mutate({ id: l.id, body: { active: false } }, { onError: showProblem })}>
                          <Button size="small" danger>
                            {t('locations.retire')}
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button size="small" onClick={() => update.mutate({ id: l.id, body: { active: true } }, { onError: showProblem })}>
                          {t('locations.reinstate')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <LocationDialog editing={editing} people={people.data?.items ?? []} onClose={() => setEditing(null)} />}
    </Card>
  );
}

/** Adding a location, or changing one; its own form, so an edit starts from the location as it is. */
function LocationDialog({ editing, people, onClose }: { editing: Location | 'new'; people: User[]; onClose: () => void }) {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const create = useCreateLocation();
  const update = useUpdateLocation();
  const [form] = Form.useForm<Values>();
  const onProblem = useProblemHandler(form);
  const kind = Form.useWatch('kind', form);

  const save = (v: Values) => {
    const common = { name: v.name, ownerUserId: v.ownerUserId ?? null, latitude: v.latitude ?? null, longitude: v.longitude ?? null };
    const done = () => {
      message.success(t('locations.saved'));
      onClose();
    };
    if (editing === 'new') create.mutate({ ...common, kind: v.kind }, { onSuccess: done, onError: onProblem });
    else update.mutate({ id: editing.id, body: common }, { onSuccess: done, onError: onProblem });
  };

  return (
    <Modal
      open
      title={editing === 'new' ? t('locations.new') : t('locations.edit')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing !== 'new' ? { name: editing.name, kind: editing.kind, ownerUserId: editing.ownerUserId, latitude: editing.latitude, longitude: editing.longitude } : { kind: 'warehouse' }}
        onFinish={save}
      >
        <Form.Item name="name" label={t('locations.name')} rules={[schemaRule(createLocationBody.shape.name, locale)]}>
          <Input data-testid="location-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('locations.kind')} extra={editing !== 'new' ? t('locations.kindFixed') : undefined}>
          <Select disabled={editing !== 'new'} options={LOCATION_KINDS.map((k) => ({ value: k, label: label('locationKind', k) }))} data-testid="location-kind" />
        </Form.Item>
        <Form.Item name="ownerUserId" label={t('locations.owner')} extra={kind === 'van' ? t('locations.ownerVan') : undefined} rules={kind === 'van' ? [{ required: true, message: t('locations.ownerVan') }] : []}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            data-testid="location-owner"
            options={people.filter((u) => u.active && u.role !== 'customer' && u.role !== 'contractor').map((u) => ({ value: u.id, label: `${u.name}（${label('role', u.role)}）` }))}
          />
        </Form.Item>
        <Space>
          <Form.Item name="latitude" label={t('locations.latitude')}>
            <InputNumber min={-90} max={90} step={0.0001} />
          </Form.Item>
          <Form.Item name="longitude" label={t('locations.longitude')}>
            <InputNumber min={-180} max={180} step={0.0001} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
