import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Popconfirm, Result, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router';
import { certificateBody, examBody, profileBody } from '../../../shared/contracts/dispatch';
import { clockLabel, localInstant, SKILL_LEVELS } from '../../../shared/dispatch';
import { ASSET_KINDS } from '../../../shared/domain';
import { localDate } from '../../../shared/time';
import { ApiError } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { schemaRule } from '../../lib/form-rules';
import { useI18n } from '../../lib/i18n';
import { applyProblem } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { useCalendars } from '../../lib/queries/calendars';
import { useAddCertificate, useAddLeave, useRecordExam, useRemoveCertificate, useRemoveLeave, useSaveProfile, useTechnician, useUpdateLeave, type Profile } from './api';
import { TechnicianTags } from './components';

const HALF_HOURS = Array.from({ length: 49 }, (_, i) => i * 30);

function useErrorHandler() {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (form?: Parameters<typeof applyProblem>[0]) => (error: unknown) => {
    if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
      message.warning(t('dispatch.profileConflict'));
      return;
    }
    const shown = applyProblem(form, error, t('errors.INTERNAL'));
    if (shown) message.error(shown);
  };
}

function ProfileForm({ profile, canManage }: { profile: Profile; canManage: boolean }) {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const save = useSaveProfile();
  const calendars = useCalendars();
  const onError = useErrorHandler();
  const shape = profileBody.shape;
  return (
    <Card title={t('dispatch.profile')} size="small">
      <Form
        form={form}
        layout="vertical"
        disabled={!canManage}
        initialValues={{ regions: profile.regions, vehiclePlate: profile.vehiclePlate, vehicleType: profile.vehicleType, calendarId: profile.calendarId, skills: profile.skills }}
        onFinish={(v) =>
          save.mutate(
            { profile, vars: { regions: v.regions ?? [], vehiclePlate: v.vehiclePlate || null, vehicleType: v.vehicleType || null, calendarId: v.calendarId ?? null, skills: v.skills ?? [] } },
            { onSuccess: () => message.success(t('dispatch.saved')), onError: onError(form) },
          )
        }
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="regions" label={t('dispatch.regions')} tooltip={t('dispatch.regionsHint')}>
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} data-testid="profile-regions" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="calendarId" label={t('dispatch.calendar')} tooltip={t('dispatch.calendarHint')}>
              <Select allowClear placeholder={t('dispatch.defaultCalendar')} options={(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="vehiclePlate" label={t('dispatch.vehiclePlate')} rules={[schemaRule(shape.vehiclePlate, locale)]}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="vehicleType" label={t('dispatch.vehicleType')}>
              <Input maxLength={40} placeholder={t('dispatch.vehicleTypePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('dispatch.skills')}</Typography.Text>
        <Form.List name="skills">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  {/* An asset kind is picked by its name (家电) and stored as its code, which tickets match;
                      any other product category is typed as it is written on the products. */}
                  <Form.Item
                    name={[field.name, 'productLine']}
                    rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
                    getValueProps={(v: string | undefined) => ({ value: v ? [v] : [] })}
                    normalize={(v: string[]) => v.at(-1) ?? ''}
                  >
                    <Select
                      mode="tags"
                      placeholder={t('dispatch.productLinePlaceholder')}
                      style={{ width: 200 }}
                      options={ASSET_KINDS.filter((k) => k !== 'generic').map((k) => ({ value: k, label: label('assetKind', k) }))}
                      optionFilterProp="label"
                      data-testid="skill-line"
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'level']} initialValue={2} rules={[{ required: true, message: t('validation.required') }]}>
                    <Select style={{ width: 110 }} options={SKILL_LEVELS.map((l) => ({ value: l, label: t(`enum.skillLevel.${l}` as never) }))} />
                  </Form.Item>
                  {canManage && <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />}
                </Space>
              ))}
              {canManage && (
                <Form.Item>
                  <Button type="dashed" onClick={() => add({ level: 2 })} icon={<PlusOutlined />}>
                    {t('dispatch.addSkill')}
                  </Button>
                </Form.Item>
              )}
            </>
          )}
        </Form.List>
        {canManage && (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="profile-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

function Certificates({ profile, canManage }: { profile: Profile; canManage: boolean }) {
  const { t, locale } = useI18n();
  const fmt = useFormat();
  const [form] = Form.useForm();
  const add = useAddCertificate();
  const remove = useRemoveCertificate();
  const onError = useErrorHandler();
  const today = localDate(new Date(), fmt.timeZone);
  const shape = certificateBody.shape;
  return (
    <Card title={t('dispatch.certificates')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={profile.certificates}
        columns={[
          { title: t('dispatch.certificateName'), dataIndex: 'name' },
          { title: t('dispatch.certificateNumber'), dataIndex: 'number', render: (v: string | null) => v ?? '—' },
          { title: t('dispatch.issuedOn'), dataIndex: 'issuedOn', render: (v: string | null) => v ?? '—' },
          {
            title: t('dispatch.expiresOn'),
            dataIndex: 'expiresOn',
            render: (v: string | null) => (v ? <Space>{v}{v < today && <Tag color="red">{t('dispatch.expired')}</Tag>}</Space> : '—'),
          },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 48,
                  render: (_: unknown, r: Profile['certificates'][number]) => (
                    <Popconfirm title={t('dispatch.confirmDelete')} onConfirm={() => remove.mutate({ profile, vars: r.id }, { onError: onError() })}>
                      <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          onFinish={(v: { name: string; number?: string; issuedOn?: Dayjs; expiresOn?: Dayjs }) =>
            add.mutate(
              { profile, vars: { name: v.name, number: v.number || null, issuedOn: v.issuedOn?.format('YYYY-MM-DD') ?? null, expiresOn: v.expiresOn?.format('YYYY-MM-DD') ?? null } },
              { onSuccess: () => form.resetFields(), onError: onError(form) },
            )
          }
        >
          <Form.Item name="name" rules={[{ required: true, message: t('validation.required') }, schemaRule(shape.name, locale)]}>
            <Input placeholder={t('dispatch.certificateName')} maxLength={100} />
          </Form.Item>
          <Form.Item name="number">
            <Input placeholder={t('dispatch.certificateNumber')} maxLength={60} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="issuedOn">
            <DatePicker placeholder={t('dispatch.issuedOn')} />
          </Form.Item>
          <Form.Item name="expiresOn">
            <DatePicker placeholder={t('dispatch.expiresOn')} />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending} icon={<PlusOutlined />}>
            {t('dispatch.addCertificate')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function Exams({ profile, canManage }: { profile: Profile; canManage: boolean }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm();
  const record = useRecordExam();
  const onError = useErrorHandler();
  const shape = examBody.shape;
  return (
    <Card title={t('dispatch.exams')} size="small" extra={<Typography.Text type="secondary">{t('dispatch.examsHint')}</Typography.Text>}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={profile.exams}
        data-testid="exams"
        columns={[
          { title: t('dispatch.takenOn'), dataIndex: 'takenOn' },
          { title: t('dispatch.productLine'), dataIndex: 'productLine' },
          { title: t('dispatch.score'), dataIndex: 'score' },
          { title: t('dispatch.attempt'), dataIndex: 'attempt', render: (v: number) => t('dispatch.attemptN', { n: v }) },
          {
            title: t('dispatch.result'),
            render: (_: unknown, r: Profile['exams'][number]) => (
              <Space size={2}>
                <Tag color={r.passed ? 'green' : 'red'}>{r.passed ? t('dispatch.passed') : t('dispatch.failed')}</Tag>
                {r.firstAttemptPass && <Tag color="gold">{t('dispatch.firstAttemptPass')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      {canManage && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ passed: false }}
          onFinish={(v: { productLine: string; score: number; passed: boolean; takenOn: Dayjs }) =>
            record.mutate({ profile, vars: { productLine: v.productLine, score: v.score, passed: !!v.passed, takenOn: v.takenOn.format('YYYY-MM-DD') } }, { onSuccess: () => form.resetFields(), onError: onError(form) })
          }
        >
          <Form.Item name="productLine" rules={[{ required: true, message: t('validation.required') }, schemaRule(shape.productLine, locale)]}>
            <Input placeholder={t('dispatch.productLine')} maxLength={60} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="score" rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber placeholder={t('dispatch.score')} min={0} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="takenOn" rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker placeholder={t('dispatch.takenOn')} />
          </Form.Item>
          <Form.Item name="passed" valuePropName="checked">
            <Checkbox>{t('dispatch.passed')}</Checkbox>
          </Form.Item>
          <Button htmlType="submit" loading={record.isPending} icon={<PlusOutlined />} data-testid="exam-add">
            {t('dispatch.recordExam')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function Leaves({ profile, canManage }: { profile: Profile; canManage: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [form] = Form.useForm();
  const add = useAddLeave();
  const update = useUpdateLeave();
  const remove = useRemoveLeave();
  const onError = useErrorHandler();
  const at = (day: Dayjs, minutes: number) => new Date(localInstant(day.format('YYYY-MM-DD'), minutes, fmt.timeZone)).toISOString();
  const timeOptions = HALF_HOURS.map((m) => ({ value: m, label: clockLabel(m) }));
  return (
    <Card title={t('dispatch.leaves')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={profile.leaves}
        columns={[
          { title: t('dispatch.leaveFrom'), dataIndex: 'startsAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('dispatch.leaveTo'), dataIndex: 'endsAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('dispatch.leaveReason'), dataIndex: 'reason' },
          { title: t('dispatch.leaveState'), dataIndex: 'approved', render: (v: boolean) => <Tag color={v ? 'green' : 'gold'}>{v ? t('dispatch.leaveApproved') : t('dispatch.leavePending')}</Tag> },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, r: Profile['leaves'][number]) => (
                    <Space size={4}>
                      {!r.approved && (
                        <Button size="small" onClick={() => update.mutate({ profile, vars: { id: r.id, version: r.version, body: { approved: true } } }, { onError: onError() })}>
                          {t('dispatch.approve')}
                        </Button>
                      )}
                      <Popconfirm title={t('dispatch.confirmDelete')} onConfirm={() => remove.mutate({ profile, vars: r.id }, { onError: onError() })}>
                        <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ fromTime: 0, toTime: 1440, approved: false }}
          onFinish={(v: { fromDay: Dayjs; fromTime: number; toDay: Dayjs; toTime: number; reason: string; approved: boolean }) =>
            add.mutate(
              { profile, vars: { startsAt: at(v.fromDay, v.fromTime), endsAt: at(v.toDay, v.toTime), reason: v.reason, approved: !!v.approved } },
              { onSuccess: () => form.resetFields(), onError: onError(form) },
            )
          }
        >
          <Form.Item name="fromDay" rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker placeholder={t('dispatch.leaveFrom')} />
          </Form.Item>
          <Form.Item name="fromTime">
            <Select options={timeOptions} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="toDay" rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker placeholder={t('dispatch.leaveTo')} />
          </Form.Item>
          <Form.Item name="toTime">
            <Select options={timeOptions} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="reason" rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input placeholder={t('dispatch.leaveReason')} maxLength={200} />
          </Form.Item>
          <Form.Item name="approved" valuePropName="checked">
            <Checkbox>{t('dispatch.leaveApproved')}</Checkbox>
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending} icon={<PlusOutlined />}>
            {t('dispatch.addLeave')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** A technician's profile: grade and status (M1), skills, certificates, exams (T1), leave. */
export function TechnicianProfilePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const profile = useTechnician(id);
  const canManage = hasPermission(me.data, 'dispatch.manage');
  if (profile.isLoading) return <Skeleton active />;
  if (!profile.data) {
    return <Result status="404" title={profile.error instanceof ApiError ? profile.error.problem.title : t('errors.NOT_FOUND')} extra={<Link to="/dispatch/technicians">{t('nav.technicians')}</Link>} />;
  }
  const p = profile.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <div className="page-head">
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="technician-name">
              {p.name}
            </Typography.Title>
            <TechnicianTags grade={p.grade} employmentStatus={p.employmentStatus} />
            {!p.active && <Tag>{t('dispatch.inactive')}</Tag>}
          </Space>
          <Space>
            <Link to="/dispatch/technicians">{t('nav.technicians')}</Link>
            <Link to="/dispatch/board">{t('nav.dispatchBoard')}</Link>
          </Space>
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
          <Descriptions.Item label={t('dispatch.team')}>{p.team ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('customer.phones')}>{p.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.mayLead')}>{p.mayLead ? t('dispatch.mayLeadYes') : t('dispatch.crewOnlyHint')}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.gradeSource')}>{t('dispatch.gradeSourceHint')}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ProfileForm key={p.version} profile={p} canManage={canManage} />
        </Col>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Exams profile={p} canManage={canManage} />
            <Certificates profile={p} canManage={canManage} />
          </Space>
        </Col>
        <Col xs={24}>
          <Leaves profile={p} canManage={canManage} />
        </Col>
      </Row>
    </Space>
  );
}
