import { Col, DatePicker, Form, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { ASSET_KINDS } from '../../../shared/domain';
import type { MessageKey } from '../../../shared/i18n';
import { BOARD_END_HOUR, BOARD_START_HOUR, mayLead } from '../../../shared/dispatch';
import { localInstant, minutesToClock } from '../../../shared/time';
import { useI18n } from '../../lib/i18n';
import type { Suggestion, TechnicianSummary } from './api';

/** The board's clock: minutes after local midnight of the organisation's day. */
export const BOARD_START = BOARD_START_HOUR * 60;
export const BOARD_END = BOARD_END_HOUR * 60;
export const SNAP_MINUTES = 15;
export const DEFAULT_DURATION = 120;

export const snap = (minutes: number) => Math.round(minutes / SNAP_MINUTES) * SNAP_MINUTES;

/** Minutes of an instant after the day's local midnight. */
export const minuteOf = (instant: string, dayStart: string) => (Date.parse(instant) - Date.parse(dayStart)) / 60_000;

const STARTS = Array.from({ length: (BOARD_END - BOARD_START) / SNAP_MINUTES + 1 }, (_, i) => BOARD_START + i * SNAP_MINUTES);
const DURATIONS = [30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 480, 600, 720];

/** Fields of a planned window: a day, a start on the board's clock and a length. */
export interface SlotValues {
  day: Dayjs;
  start: number;
  duration: number;
}

/** The window as instants, read in the organisation's time zone whatever the browser's. */
export function slotInstants(values: Partial<SlotValues>, timeZone: string): { plannedStart: string; plannedEnd: string } | null {
  if (!values.day || values.start === undefined || !values.duration) return null;
  const start = localInstant(values.day.format('YYYY-MM-DD'), values.start, timeZone);
  return { plannedStart: new Date(start).toISOString(), plannedEnd: new Date(start + values.duration * 60_000).toISOString() };
}

/** The start on the board's quarter hours; `extraStarts` adds others (an emergency's "now", to the minute). */
export function SlotFields({ extraStarts = [] }: { extraStarts?: number[] } = {}) {
  const { t } = useI18n();
  const required = [{ required: true, message: t('validation.required') }];
  const starts = [...new Set([...STARTS, ...extraStarts])].sort((a, b) => a - b);
  return (
    <Row gutter={8}>
      <Col xs={24} sm={10}>
        <Form.Item name="day" label={t('dispatch.day')} rules={required}>
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={7}>
        <Form.Item name="start" label={t('dispatch.start')} rules={required}>
          <Select showSearch optionFilterProp="label" options={starts.map((m) => ({ value: m, label: minutesToClock(m) }))} data-testid="slot-start" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={7}>
        <Form.Item name="duration" label={t('dispatch.duration')} rules={required}>
          <Select options={DURATIONS.map((m) => ({ value: m, label: m % 60 ? t('duration.hm', { h: Math.floor(m / 60), m: m % 60 }) : t('duration.h', { h: m / 60 }) }))} />
        </Form.Item>
      </Col>
    </Row>
  );
}

export const dayValue = (day: string) => dayjs(day, 'YYYY-MM-DD');

export type CrewChoice = Pick<TechnicianSummary, 'id' | 'name' | 'employmentStatus'>;

/**
 * The lead and the crew of a visit, as both dispatch dialogs ask for them: a trainee is offered
 * with "crew only" beside the name (M1), and the lead is not offered again as crew.
 */
export function CrewFields({ technicians, leadId, leadRules = [], leadTestId }: { technicians: CrewChoice[]; leadId: string | undefined; leadRules?: Rule[]; leadTestId?: string }) {
  const { t } = useI18n();
  const options = technicians.map((x) => ({ value: x.id, label: mayLead(x.employmentStatus) ? x.name : `${x.name}（${t('dispatch.crewOnly')}）` }));
  return (
    <>
      <Form.Item name="technicianId" label={t('ticket.leadTechnician')} rules={[{ required: true, message: t('validation.required') }, ...leadRules]}>
        <Select showSearch optionFilterProp="label" options={options} data-testid={leadTestId} />
      </Form.Item>
      <Form.Item name="crewIds" label={t('ticket.crew')}>
        <Select mode="multiple" optionFilterProp="label" options={options.filter((o) => o.value !== leadId)} />
      </Form.Item>
    </>
  );
}

/**
 * A product line as people read it: a product category reads as typed (空调); a job known only
 * by its asset's kind has the kind's code (`appliance`), which reads as the kind's label (家电).
 */
export function useProductLine() {
  const { label } = useI18n();
  return (line: string | null | undefined) => {
    if (!line) return '';
    const code = line.trim().toLowerCase();
    return (ASSET_KINDS as readonly string[]).includes(code) ? label('assetKind', code) : line;
  };
}

/** Grade, and a tag for trainees: they go along as crew only (M1). */
export function TechnicianTags({ grade, employmentStatus }: { grade: string | null; employmentStatus: string | null }) {
  const { t, label } = useI18n();
  return (
    <Space size={2} wrap>
      {grade && <Tag>{label('grade', grade)}</Tag>}
      {employmentStatus && employmentStatus !== 'regular' && <Tag color={mayLead(employmentStatus) ? 'default' : 'orange'}>{label('employmentStatus', employmentStatus)}</Tag>}
      {!mayLead(employmentStatus) && (
        <Tooltip title={t('dispatch.crewOnlyHint')}>
          <Tag color="orange">{t('dispatch.crewOnly')}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** Each part of a suggestion's score with the reason behind it. */
export function ScoreExplanation({ suggestion }: { suggestion: Suggestion }) {
  const { t } = useI18n();
  const productLine = useProductLine();
  return (
    <div>
      {suggestion.parts.map((p) => (
        <div key={p.part} className="score-line">
          <b>{t(`dispatch.part.${p.part}` as MessageKey)}</b> {p.points}/{p.max}：
          {t(`dispatch.why.${p.reason}` as MessageKey, typeof p.params.line === 'string' ? { ...p.params, line: productLine(p.params.line) } : p.params)}
        </div>
      ))}
      <div className="score-line" style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ color: 'inherit' }}>
          {t('dispatch.totalScore', { total: suggestion.total })}
        </Typography.Text>
      </div>
    </div>
  );
}
