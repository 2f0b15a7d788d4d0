import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Calendar as MonthGrid, Card, Col, DatePicker, Form, Input, List, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useCalendarException, useCalendarMonth, useSaveCalendar } from './api';
import { useCalendars, type Calendar } from '../../lib/queries/calendars';
import { formatWindows, parseWindows } from './time-windows';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

function CalendarEditor({ calendar, onSaved }: { calendar?: Calendar; onSaved: (c: Calendar) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = useSaveCalendar();
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const allDay = Form.useWatch('allDay', form) as boolean | undefined;
  const initial = {
    name: calendar?.name,
    timeZone: calendar?.timeZone ?? 'Asia/Shanghai',
    statutoryHolidays: calendar?.statutoryHolidays ?? true,
    isDefault: calendar?.isDefault ?? false,
    team: calendar?.team ?? undefined,
    allDay: calendar?.weekly === '24x7',
    ...Object.fromEntries(WEEKDAYS.map((d) => [`d${d}`, calendar && calendar.weekly !== '24x7' ? formatWindows(calendar.weekly[d]) : d <= '5' ? '09:00-12:00, 13:00-18:00' : ''])),
  };
  const submit = (v: Record<string, string | boolean | undefined>) => {
    let weekly: Calendar['weekly'] = '24x7';
    if (!v.allDay) {
      const days: Record<string, { start: number; end: number }[]> = {};
      for (const d of WEEKDAYS) {
        const parsed = parseWindows(String(v[`d${d}`] ?? ''));
        if (!parsed) {
          form.setFields([{ name: `d${d}`, errors: [t('calendar.windowsFormat')] }]);
          return;
        }
        if (parsed.length) days[d] = parsed;
      }
      weekly = days;
    }
    save.mutate(
      { calendar, body: { name: String(v.name), timeZone: String(v.timeZone), weekly, statutoryHolidays: !!v.statutoryHolidays, isDefault: !!v.isDefault, team: (v.team as string) || null } },
      {
        onSuccess: (c) => {
          message.success(t('calendar.saved'));
          onSaved(c);
        },
        onError: onProblem,
      },
    );
  };
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('calendar.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="timeZone" label={t('settings.timeZone')}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="team" label={t('calendar.team')}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Space size="large" wrap>
        <Form.Item name="allDay" label={t('calendar.allDay')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="statutoryHolidays" label={t('calendar.statutoryHolidays')} valuePropName="checked" tooltip={t('calendar.statutoryHolidaysHint')}>
          <Switch />
        </Form.Item>
        <Form.Item name="isDefault" label={t('calendar.isDefault')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      {!allDay && (
        <Row gutter={12}>
          {WEEKDAYS.map((d) => (
            <Col xs={24} md={12} key={d}>
              <Form.Item name={`d${d}`} label={t(`calendar.weekday.${d}` as never)} extra={d === '1' ? t('calendar.windowsFormat') : undefined}>
                <Input placeholder={t('calendar.closedDay')} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

function MonthView({ calendar }: { calendar: Calendar }) {
  const { t } = useI18n();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const data = useCalendarMonth(calendar.id, month.format('YYYY-MM'));
  const byDay = useMemo(() => new Map((data.data?.days ?? []).map((d) => [d.day, d])), [data.data]);
  return (
    <>
      {data.data && !data.data.known && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('calendar.unknownYear', { year: month.year() })} />}
      <MonthGrid
        value={month}
        onPanelChange={(v) => setMonth(v)}
        onSelect={(v, info) => info.source !== 'date' && setMonth(v)}
        fullscreen={false}
        cellRender={(value, info) => {
          if (info.type !== 'date' || value.month() !== month.month()) return null;
          const d = byDay.get(value.format('YYYY-MM-DD'));
          if (!d) return null;
          const mark =
            d.kind === 'holiday' ? ['red', t('calendar.off')] : d.kind === 'makeup' ? ['blue', t('calendar.makeup')] : d.kind === 'exception' ? ['purple', d.windows.length ? t('calendar.open') : t('calendar.off')] : null;
          return mark ? (
            <div title={d.name ?? undefined} style={{ fontSize: 11, lineHeight: '14px', color: mark[0] === 'red' ? '#cf1322' : mark[0] === 'blue' ? '#0958d9' : '#722ed1' }} data-kind={d.kind}>
              {mark[1]}
            </div>
          ) : null;
        }}
      />
      <Space size="middle" style={{ marginTop: 8 }}>
        <Badge color="red" text={t('calendar.legend.holiday')} />
        <Badge color="blue" text={t('calendar.legend.makeup')} />
        <Badge color="purple" text={t('calendar.legend.exception')} />
      </Space>
    </>
  );
}

function Exceptions({ calendar }: { calendar: Calendar }) {
  const { t } = useI18n();
  const showProblem = useProblemHandler();
  const change = useCalendarException(calendar.id);
  const [form] = Form.useForm();
  return (
    <>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        initialValues={{ kind: 'closed' }}
        onFinish={(v: { on: Dayjs; kind: 'closed' | 'open'; hours?: string; name?: string }) => {
          const windows = v.kind === 'open' ? parseWindows(v.hours ?? '') : [];
          if (!windows) {
            form.setFields([{ name: 'hours', errors: [t('calendar.windowsFormat')] }]);
            return;
          }
          change.mutate({ add: { on: v.on.format('YYYY-MM-DD'), kind: v.kind, windows, ...(v.name ? { name: v.name } : {}) } }, { onSuccess: () => form.resetFields(), onError: showProblem });
        }}
      >
        <Form.Item name="on" rules={[{ required: true, message: t('validation.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="kind">
          <Select style={{ width: 110 }} options={[{ value: 'closed', label: t('calendar.off') }, { value: 'open', label: t('calendar.open') }]} />
        </Form.Item>
        <Form.Item name="hours">
          <Input placeholder="09:00-12:00" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="name">
          <Input placeholder={t('calendar.exceptionName')} style={{ width: 140 }} />
        </Form.Item>
        <Button htmlType="submit" icon={<PlusOutlined />} loading={change.isPending}>
          {t('calendar.addException')}
        </Button>
      </Form>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={calendar.exceptions}
        columns={[
          { title: t('calendar.date'), dataIndex: 'on' },
          { title: t('calendar.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'closed' ? 'red' : 'purple'}>{k === 'closed' ? t('calendar.off') : t('calendar.open')}</Tag> },
          { title: t('calendar.hours'), dataIndex: 'windows', render: (w) => formatWindows(w) || '—' },
          { title: t('calendar.exceptionName'), dataIndex: 'name' },
          { title: '', key: 'x', render: (_, e) => <Button type="text" danger icon={<DeleteOutlined />} onClick={() => change.mutate({ remove: e.id })} /> },
        ]}
      />
    </>
  );
}

export function CalendarsPage() {
  const { t } = useI18n();
  const me = useMe();
  const calendars = useCalendars();
  const [selected, setSelected] = useState<string | 'new' | null>(null);
  const items = calendars.data?.items ?? [];
  const current = selected === 'new' ? undefined : (items.find((c) => c.id === selected) ?? items[0]);
  const canEdit = hasPermission(me.data, 'sla.manage');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={7}>
        <Card
          title={t('nav.calendars')}
          extra={
            canEdit && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setSelected('new')}>
                {t('calendar.new')}
              </Button>
            )
          }
        >
          <List
            dataSource={items}
            renderItem={(c) => (
              <List.Item onClick={() => setSelected(c.id)} style={{ cursor: 'pointer', background: current?.id === c.id && selected !== 'new' ? '#e6f4ff' : undefined, paddingLeft: 8 }}>
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{c.name}</Typography.Text>
                  <Space size={4}>
                    {c.isDefault && <Tag color="blue">{t('calendar.isDefault')}</Tag>}
                    {c.weekly === '24x7' && <Tag>24×7</Tag>}
                    {c.statutoryHolidays && <Tag color="red">{t('calendar.statutoryHolidays')}</Tag>}
                    {c.team && <Tag>{c.team}</Tag>}
                  </Space>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={17}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {(canEdit || selected === 'new') && (
            <Card title={current ? current.name : t('calendar.new')}>
              <CalendarEditor key={current?.id ?? 'new'} calendar={current} onSaved={(c) => setSelected(c.id)} />
            </Card>
          )}
          {current && (
            <Card title={t('calendar.monthView')}>
              <MonthView calendar={current} />
            </Card>
          )}
          {current && canEdit && (
            <Card title={t('calendar.exceptions')}>
              <Exceptions calendar={current} />
            </Card>
          )}
        </Space>
      </Col>
    </Row>
  );
}
