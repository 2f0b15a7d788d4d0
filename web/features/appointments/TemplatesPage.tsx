import { DeleteOutlined, EditOutlined, LinkOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, DatePicker, Empty, Form, Input, InputNumber, Modal, Popconfirm, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { clockTime, MAX_GENERATE_DAYS, slotTemplateBody, type SlotTemplateBody } from '../../../shared/contracts/appointments';
import type { MessageKey } from '../../../shared/i18n';
import { schemaRule } from '../../lib/form-rules';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useBookingLink, useGenerateSlots, useRotateBookingLink, useSaveTemplate, useTemplates, type SlotTemplate } from './api';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface TemplateValues {
  name: string;
  serviceType?: string;
  team?: string;
  weekdays: number[];
  windows: { start: string; end: string; capacity: number }[];
  active: boolean;
}

/** Weekdays 09:00–11:00, 11:00–13:00, 14:00–16:00, 16:00–18:00, 4 places each: a common start. */
const STARTER: TemplateValues = {
  name: '',
  weekdays: [1, 2, 3, 4, 5],
  windows: [
    { start: '09:00', end: '11:00', capacity: 4 },
    { start: '11:00', end: '13:00', capacity: 4 },
    { start: '14:00', end: '16:00', capacity: 4 },
    { start: '16:00', end: '18:00', capacity: 4 },
  ],
  active: true,
};

function TemplateModal({ template, open, onClose }: { template?: SlotTemplate; open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateValues>();
  const onProblem = useProblemHandler(form);
  const save = useSaveTemplate();
  const initial: TemplateValues = template
    ? { name: template.name, serviceType: template.serviceType ?? undefined, team: template.team ?? undefined, weekdays: template.weekdays, windows: template.windows, active: template.active }
    : STARTER;
  const submit = (v: TemplateValues) => {
    const body: SlotTemplateBody = { ...v, serviceType: v.serviceType || null, team: v.team || null };
    const parsed = slotTemplateBody.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = (issue as { params?: { message?: string } }).params?.message;
      form.setFields([{ name: issue.path as never, errors: [key ? t(key as MessageKey) : t('validation.invalid')] }]);
      return;
    }
    save.mutate(
      { template, body: parsed.data },
      {
        onSuccess: (saved) => {
          message.success(saved.slotsCreated ? t('appointment.slotsGenerated', { count: saved.slotsCreated }) : t('appointment.templateSaved'));
          onClose();
        },
        onError: onProblem,
      },
    );
  };
  return (
    <Modal
      open={open}
      width={640}
      title={template ? t('appointment.editTemplate') : t('appointment.newTemplate')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} preserve={false}>
        <Row gutter={12}>
          <Col xs={24} md={10}>
            <Form.Item name="name" label={t('appointment.templateName')} rules={[schemaRule(slotTemplateBody.shape.name, locale)]}>
              <Input placeholder={t('appointment.templateNamePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={7}>
            <Form.Item name="serviceType" label={t('appointment.serviceType')} tooltip={t('appointment.serviceTypeHint')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={7}>
            <Form.Item name="team" label={t('appointment.team')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="weekdays" label={t('appointment.weekdays')} rules={[{ required: true, message: t('validation.required') }]}>
          <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`calendar.weekday.${d}` as MessageKey) }))} />
        </Form.Item>
        <Form.List name="windows">
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={t('appointment.windows')} required>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'start']} rules={[schemaRule(clockTime, locale)]}>
                    <Input placeholder="09:00" style={{ width: 90 }} data-testid="window-start" />
                  </Form.Item>
                  <span>–</span>
                  <Form.Item name={[field.name, 'end']} rules={[schemaRule(clockTime, locale)]}>
                    <Input placeholder="11:00" style={{ width: 90 }} data-testid="window-end" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'capacity']} rules={[{ required: true, message: t('validation.required') }]}>
                    <InputNumber min={1} max={500} addonAfter={t('appointment.places')} style={{ width: 140 }} />
                  </Form.Item>
                  {fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />}
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ start: '', end: '', capacity: 4 })}>
                {t('appointment.addWindow')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="active" label={t('appointment.templateActive')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GenerateModal({ template, onClose }: { template: SlotTemplate | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const generate = useGenerateSlots();
  // A range the server refuses names its field (`to`): say the field's own words.
  const showProblem = useProblemHandler(undefined, { known: [] });
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().add(1, 'day'), dayjs().add(28, 'day')]);
  return (
    <Modal
      open={!!template}
      title={t('appointment.generateTitle', { name: template?.name ?? '' })}
      okText={t('appointment.generate')}
      cancelText={t('common.cancel')}
      confirmLoading={generate.isPending}
      onCancel={onClose}
      onOk={() =>
        template &&
        generate.mutate(
          { templateId: template.id, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') },
          {
            onSuccess: (r) => {
              message.success(t('appointment.generated', { created: r.created, skipped: r.skipped }));
              onClose();
            },
            onError: showProblem,
          },
        )
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('appointment.generateHint', { days: MAX_GENERATE_DAYS })}</Typography.Paragraph>
      <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
    </Modal>
  );
}

/** W3: the link customers book themselves with; an administrator replaces it when it spread too far. */
function BookingLinkCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const link = useBookingLink(hasPermission(me.data, 'appointments.manage'));
  const rotate = useRotateBookingLink();
  const url = link.data ? `${window.location.origin}${link.data.path}` : '';
  return (
    <Card title={<Space><LinkOutlined />{t('appointment.bookingLink')}</Space>}>
      <Typography.Paragraph type="secondary">{t('appointment.bookingLinkHint')}</Typography.Paragraph>
      {link.data && (
        <Typography.Paragraph copyable={{ text: url }} data-testid="booking-link">
          <a href={link.data.path} target="_blank" rel="noreferrer">
            {url}
          </a>
        </Typography.Paragraph>
      )}
      {hasPermission(me.data, 'settings.manage') && (
        <Popconfirm
          title={t('appointment.rotateConfirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => rotate.mutate(undefined, { onSuccess: () => message.success(t('appointment.rotated')) })}
        >
          <Button danger loading={rotate.isPending}>
            {t('appointment.rotate')}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}

/** Weekly slot templates: the pattern of times and places from which the board's slots are made. */
export function AppointmentTemplatesPage() {
  const { t } = useI18n();
  const me = useMe();
  const templates = useTemplates();
  const canManage = hasPermission(me.data, 'appointments.manage');
  const [editing, setEditing] = useState<{ template?: SlotTemplate } | null>(null);
  const [generating, setGenerating] = useState<SlotTemplate | null>(null);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <div className="page-head">
          <Typography.Title level={4}>{t('nav.appointmentTemplates')}</Typography.Title>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="template-new">
              {t('appointment.newTemplate')}
            </Button>
          )}
        </div>
        <Table<SlotTemplate>
          rowKey="id"
          loading={templates.isLoading}
          locale={{
            emptyText: templates.isLoading ? ' ' : (
              <Empty description={t('empty.templates')} data-testid="templates-empty">
                {canManage && (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
                    {t('appointment.newTemplate')}
                  </Button>
                )}
              </Empty>
            ),
          }}
          dataSource={templates.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('appointment.templateName'), dataIndex: 'name', render: (name: string, r) => <Space>{name}{!r.active && <Tag>{t('appointment.inactive')}</Tag>}</Space> },
            { title: t('appointment.serviceType'), render: (_, r) => [r.serviceType, r.team].filter(Boolean).join(' · ') || '—' },
            { title: t('appointment.weekdays'), render: (_, r) => r.weekdays.map((d) => t(`calendar.weekday.${d}` as MessageKey)).join(t('common.listSeparator')) },
            {
              title: t('appointment.windows'),
              render: (_, r) => (
                <Space wrap size={4}>
                  {r.windows.map((w) => (
                    <Tag key={w.start}>{t('appointment.windowText', { start: w.start, end: w.end, capacity: w.capacity })}</Tag>
                  ))}
                </Space>
              ),
            },
            ...(canManage
              ? [
                  {
                    title: '',
                    key: 'actions',
                    render: (_: unknown, r: SlotTemplate) => (
                      <Space>
                        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ template: r })}>
                          {t('appointment.editTemplate')}
                        </Button>
                        <Button size="small" type="primary" ghost icon={<ThunderboltOutlined />} onClick={() => setGenerating(r)} data-testid="template-generate">
                          {t('appointment.generate')}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {canManage && <BookingLinkCard />}
      <TemplateModal open={!!editing} template={editing?.template} onClose={() => setEditing(null)} />
      <GenerateModal template={generating} onClose={() => setGenerating(null)} />
    </Space>
  );
}
