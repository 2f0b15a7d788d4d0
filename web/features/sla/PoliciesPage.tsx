import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Drawer, Form, Input, InputNumber, Progress, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ASSET_KINDS, CHANNELS, HOLD_REASONS, PRIORITIES, SLA_ACTIONS, SLA_METRICS, TICKET_TYPES, WARRANTY_STATES } from '../../../shared/domain';
import type { PolicyBody } from '../../../shared/contracts/sla';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useCalendars } from '../../lib/queries/calendars';
import { usePolicies, useRecompute, useSavePolicy, type Policy } from './api';
import { useDuration } from '../../components/sla';

function RecomputeProgress() {
  const { t } = useI18n();
  const status = useRecompute();
  const job = status.data?.job;
  if (!job || job.status === 'done') return null;
  const percent = job.total ? Math.round((job.done * 100) / job.total) : 0;
  return (
    <Alert
      type={job.status === 'failed' ? 'error' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      message={t('sla.recomputing', { done: job.done, total: job.total ?? '…' })}
      description={<Progress percent={percent} size="small" data-testid="recompute-progress" />}
    />
  );
}

function PolicyDrawer({ policy, open, onClose }: { policy?: Policy; open: boolean; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const calendars = useCalendars();
  const save = useSavePolicy();
  const [form] = Form.useForm<PolicyBody>();
  const onProblem = useProblemHandler(form);
  const opts = (list: string, values: readonly string[]) => values.map((v) => ({ value: v, label: label(list, v) }));
  const initial: Partial<PolicyBody> = policy
    ? { name: policy.name, rank: policy.rank, active: policy.active, conditions: policy.conditions, calendarId: policy.calendarId, targets: policy.targets, actions: policy.actions }
    : { rank: 50, active: true, conditions: {}, targets: [{ metric: 'resolution', minutes: 1440, mode: 'business', pausedBy: ['waiting_parts'], warnAtBp: [5000, 7500] }], actions: [] };
  return (
    <Drawer open={open} onClose={onClose} width={760} title={policy ? policy.name : t('policy.new')} destroyOnHidden extra={<Button type="primary" loading={save.isPending} onClick={() => form.submit()}>{t('common.save')}</Button>}>
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        preserve={false}
        onFinish={(body) =>
          save.mutate(
            { policy, body: { ...body, conditions: Object.fromEntries(Object.entries(body.conditions ?? {}).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && !v.length))) } },
            {
              onSuccess: () => {
                message.success(t('policy.saved'));
                onClose();
              },
              onError: onProblem,
            },
          )
        }
      >
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="name" label={t('policy.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="rank" label={t('policy.rank')} tooltip={t('policy.rankHint')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="active" label={t('policy.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="calendarId" label={t('policy.calendar')}>
          <Select allowClear options={(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Typography.Title level={5}>{t('policy.conditions')}</Typography.Title>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={['conditions', 'priorities']} label={t('ticket.priority')}>
              <Select mode="multiple" allowClear options={opts('priority', PRIORITIES)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['conditions', 'types']} label={t('ticket.type')}>
              <Select mode="multiple" allowClear options={opts('ticketType', TICKET_TYPES)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['conditions', 'channels']} label={t('ticket.channel')}>
              <Select mode="multiple" allowClear options={opts('channel', CHANNELS)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['conditions', 'assetKinds']} label={t('asset.kind')}>
              <Select mode="multiple" allowClear options={opts('assetKind', ASSET_KINDS)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['conditions', 'warranty']} label={t('ticket.warranty')}>
              <Select mode="multiple" allowClear options={opts('warranty', WARRANTY_STATES)} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['conditions', 'emergency']} label={t('ticket.emergency')}>
              <Select allowClear options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['conditions', 'hasContractor']} label={t('policy.hasContractor')}>
              <Select allowClear options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('policy.targets')}</Typography.Title>
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card key={field.key} size="small" style={{ marginBottom: 8 }} extra={<MinusCircleOutlined onClick={() => remove(field.name)} />}>
                  <Row gutter={8}>
                    <Col span={9}>
                      <Form.Item name={[field.name, 'metric']} label={t('sla.metric')} rules={[{ required: true, message: t('validation.required') }]}>
                        <Select options={opts('slaMetric', SLA_METRICS)} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'minutes']} label={t('policy.minutes')} rules={[{ required: true, message: t('validation.required') }]}>
                        <InputNumber min={1} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'mode']} label={t('policy.mode')}>
                        <Select options={[{ value: 'business', label: t('policy.mode.business') }, { value: 'calendar', label: t('policy.mode.calendar') }]} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'extendedMinutes']} label={t('policy.extendedMinutes')} tooltip={t('policy.extendedHint')}>
                        <InputNumber min={1} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name={[field.name, 'pausedBy']} label={t('policy.pausedBy')}>
                        <Select mode="multiple" options={opts('holdReason', HOLD_REASONS)} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name={[field.name, 'warnAtBp']} label={t('policy.warnAt')}>
                        <Select mode="multiple" options={[2500, 5000, 7500, 9000].map((bp) => ({ value: bp, label: `${bp / 100}%` }))} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ mode: 'business', pausedBy: [], warnAtBp: [5000, 7500] })}>
                {t('policy.addTarget')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('policy.actions')}
        </Typography.Title>
        <Form.List name="actions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'metric']} rules={[{ required: true, message: t('validation.required') }]}>
                    <Select style={{ width: 200 }} options={opts('slaMetric', SLA_METRICS)} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'atBp']}>
                    <Select style={{ width: 110 }} options={[5000, 7500, 9000, 10000].map((bp) => ({ value: bp, label: bp === 10000 ? t('policy.atBreach') : `${bp / 100}%` }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'action']} rules={[{ required: true, message: t('validation.required') }]}>
                    <Select style={{ width: 180 }} options={opts('slaAction', SLA_ACTIONS)} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ atBp: 10000, action: 'escalate' })}>
                {t('policy.addAction')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

export function PoliciesPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const policies = usePolicies();
  const duration = useDuration();
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const canEdit = hasPermission(me.data, 'sla.manage');
  return (
    <Card>
      <div className="page-head">
        <Typography.Title level={4}>{t('nav.policies')}</Typography.Title>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('policy.new')}
          </Button>
        )}
      </div>
      <RecomputeProgress />
      <Typography.Paragraph type="secondary">{t('policy.hint')}</Typography.Paragraph>
      <Table<Policy>
        rowKey="id"
        loading={policies.isFetching}
        dataSource={policies.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('policy.rank'), dataIndex: 'rank', width: 70 },
          { title: t('policy.name'), dataIndex: 'name', render: (n: string, p) => (canEdit ? <a onClick={() => setEditing(p)}>{n}</a> : n) },
          { title: t('policy.active'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>) },
          {
            title: t('policy.targets'),
            dataIndex: 'targets',
            render: (targets: Policy['targets']) => (
              <Space direction="vertical" size={0}>
                {targets.map((x) => (
                  <span key={x.metric}>
                    {label('slaMetric', x.metric)}：{duration(x.minutes * 60_000)}
                    {x.mode === 'business' ? `（${t('policy.mode.business')}）` : ''}
                  </span>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <PolicyDrawer policy={editing === 'new' || editing === null ? undefined : editing} open={editing !== null} onClose={() => setEditing(null)} />
    </Card>
  );
}
