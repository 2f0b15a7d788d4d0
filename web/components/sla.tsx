import { ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Popover, Progress, Select, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { FIELD_EVENT_TYPES, type FieldEventType } from '../../shared/contracts/tickets';
import type { SlaMetric } from '../../shared/domain';
import { useFormat } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useNow } from '../lib/now';
import { useProblemHandler } from '../lib/problems';
import { hasPermission, useMe } from '../lib/session';
import { useExtendClock, useFieldEvent, useTicketClocks, type Badge, type Clock } from '../lib/queries/clocks';

/** 2 h 15 min, in the user's language. */
export function useDuration() {
  const { t } = useI18n();
  return (ms: number) => {
    const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    if (d > 0) return h ? t('duration.dh', { d, h }) : t('duration.d', { d });
    if (h > 0) return m ? t('duration.hm', { h, m }) : t('duration.h', { h });
    return t('duration.m', { m });
  };
}

/** Green with time to spare, gold past half, orange past the last warning, red overdue, grey paused. */
export function slaColor(usedBp: number, state: string): string {
  if (state === 'paused') return 'default';
  if (state === 'met') return 'green';
  if (usedBp >= 10_000 || state === 'breached') return 'red';
  if (usedBp >= 7_500) return 'orange';
  if (usedBp >= 5_000) return 'gold';
  return 'green';
}

/** The most urgent clock of a ticket, as a countdown tag for lists. */
export function SlaBadge({ badge }: { badge: Badge | null }) {
  const { t, label } = useI18n();
  const duration = useDuration();
  const fmt = useFormat();
  const now = useNow();
  if (!badge || !badge.dueAt) return <span className="muted">—</span>;
  const left = new Date(badge.dueAt).getTime() - now;
  const text = badge.state === 'paused' ? t('sla.paused') : left >= 0 ? t('sla.left', { time: duration(left) }) : t('sla.overdue', { time: duration(left) });
  return (
    <Tooltip title={`${label('slaMetric', badge.metric)} · ${t('sla.dueAt')} ${fmt.dateTime(badge.dueAt)}`}>
      <Tag color={slaColor(badge.usedBp, badge.state)} icon={badge.state === 'paused' ? <PauseCircleOutlined /> : <ClockCircleOutlined />} data-testid="sla-badge">
        {/* Which clock it is: a list shows one per ticket, the most urgent. */}
        {label('slaMetric', badge.metric)} {text}
      </Tag>
    </Tooltip>
  );
}

function ClockRow({ clock, ticketId }: { clock: Clock; ticketId: string }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const duration = useDuration();
  const usedBp = clock.targetMs ? Math.round(((clock.targetMs - clock.remainingMs) * 10_000) / clock.targetMs) : 0;
  const percent = Math.min(100, Math.max(0, usedBp / 100));
  const trail = (
    <Timeline
      style={{ marginTop: 8, marginBottom: -16 }}
      items={clock.trail.map((e) => ({
        children: (
          <span>
            {fmt.dateTime(e.at)} · {t(`sla.trail.${e.what}` as never)}
            {e.detail ? `（${label('holdReason', e.detail) || e.detail}）` : ''}
          </span>
        ),
      }))}
    />
  );
  return (
    <div style={{ marginBottom: 12 }} data-testid={`clock-${clock.metric}`}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space>
          <Typography.Text strong>{label('slaMetric', clock.metric)}</Typography.Text>
          <Tag color={slaColor(usedBp, clock.state)}>{label('slaState', clock.state)}</Tag>
          {clock.extended && <Tooltip title={clock.extensionReason}><Tag color="purple">{t('sla.extended')}</Tag></Tooltip>}
        </Space>
        <Popover content={trail} title={t('sla.trail')}>
          <Typography.Text type="secondary" style={{ cursor: 'help' }}>
            {clock.dueAt ? `${t('sla.dueAt')} ${fmt.dateTime(clock.dueAt)}` : clock.state === 'pending' ? t('sla.notStarted') : t('sla.noDue')}
          </Typography.Text>
        </Popover>
      </Space>
      <Progress
        percent={percent}
        showInfo={false}
        size="small"
        status={clock.state === 'breached' ? 'exception' : clock.state === 'met' ? 'success' : 'active'}
        strokeColor={clock.state === 'paused' ? '#bfbfbf' : undefined}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {clock.stoppedAt
          ? t('sla.stoppedAt', { time: fmt.dateTime(clock.stoppedAt) })
          : clock.state === 'pending'
            ? t('sla.notStarted')
            : clock.remainingMs >= 0
            ? t('sla.left', { time: duration(clock.remainingMs) })
            : t('sla.overdue', { time: duration(clock.remainingMs) })}
        {' · '}
        {t('sla.target', { time: duration(clock.targetMs) })}
        {clock.pausedMs > 0 ? ` · ${t('sla.pausedFor', { time: duration(clock.pausedMs) })}` : ''}
      </Typography.Text>
      <span style={{ display: 'none' }}>{ticketId}</span>
    </div>
  );
}

/** A ticket's clocks, with what can be recorded against them. */
export function TicketClocks({ ticketId, closed }: { ticketId: string; closed: boolean }) {
  const { t, label } = useI18n();
  const duration = useDuration();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const me = useMe();
  const clocks = useTicketClocks(ticketId);
  const field = useFieldEvent(ticketId);
  const extend = useExtendClock(ticketId);
  const [extending, setExtending] = useState(false);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  // A technician's steps on 我的一天 record what the clocks listen to; the card's controls are the office's.
  const canAct = hasPermission(me.data, 'sla.act') && me.data?.role !== 'technician';
  const items = clocks.data?.items ?? [];
  const policy = clocks.data?.policy ?? null;
  const waiting = policy?.targets.filter((target) => !items.some((c) => c.metric === target.metric)) ?? [];
  const running = items.filter((c) => c.stoppedAt === null);
  return (
    <Card
      title={t('sla.title')}
      size="small"
      extra={
        canAct && !closed ? (
          <Space wrap>
            <Select
              size="small"
              placeholder={t('sla.record')}
              style={{ width: 150 }}
              value={null}
              loading={field.isPending}
              data-testid="field-event-select"
              onChange={(type: FieldEventType) => field.mutate({ type }, { onSuccess: () => message.success(t('sla.recorded')), onError: showProblem })}
              options={FIELD_EVENT_TYPES.map((e) => ({ value: e, label: label('eventType', e) }))}
            />
            {running.length > 0 && (
              <Button size="small" onClick={() => setExtending(true)}>
                {t('sla.extend')}
              </Button>
            )}
          </Space>
        ) : null
      }
    >
      {policy && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="sla-policy">
          {t('sla.countedBy', { name: policy.name })}
        </Typography.Paragraph>
      )}
      {items.length === 0 && !policy ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sla.none')} /> : items.map((c) => <ClockRow key={c.metric} clock={c} ticketId={ticketId} />)}
      {waiting.map((target) => (
        <div key={target.metric} style={{ marginBottom: 8 }} data-testid={`clock-waiting-${target.metric}`}>
          <Space>
            <Typography.Text strong>{label('slaMetric', target.metric)}</Typography.Text>
            <Tag>{label('slaState', 'pending')}</Tag>
          </Space>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sla.waitingForStart', { time: duration(target.minutes * 60_000), mode: t(`sla.mode.${target.mode}` as never) })}
            </Typography.Text>
          </div>
        </div>
      ))}
      <Modal open={extending} title={t('sla.extend')} okText={t('common.confirm')} cancelText={t('common.cancel')} onCancel={() => setExtending(false)} onOk={() => form.submit()} confirmLoading={extend.isPending} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('sla.extendHint')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v: { metric: SlaMetric; reason: string }) =>
            extend.mutate(v, {
              onSuccess: () => setExtending(false),
              onError: onProblem,
            })
          }
        >
          <Form.Item name="metric" label={t('sla.metric')} rules={[{ required: true, message: t('validation.required') }]} initialValue={running[0]?.metric}>
            <Select options={running.map((c) => ({ value: c.metric, label: label('slaMetric', c.metric) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('ticket.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('validation.required') }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
