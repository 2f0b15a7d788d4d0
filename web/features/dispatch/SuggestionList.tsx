import { Alert, Button, Empty, List, Progress, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import type { SuggestionNotice } from '../../../shared/dispatch';
import { useI18n } from '../../lib/i18n';
import { useSuggestions } from './api';
import { ScoreExplanation, TechnicianTags, useProductLine } from './components';

interface Props {
  ticketId: string;
  window: { plannedStart: string; plannedEnd: string } | null;
  leadId: string | undefined;
  crewIds: string[];
  onLead: (id: string) => void;
  onCrew: (id: string) => void;
  /** How many to show. */
  limit?: number;
}

/** The parts still ranking the list when some could not be weighed, in the order they are explained. */
const RANKING_PARTS = ['region', 'load', 'availability'] as const;

/**
 * What the suggestions could not weigh, said plainly: "未设置技能，按地区、负载和空闲排序",
 * with a way to the technicians when it is theirs to set.
 */
function SuggestionNotices({ notices }: { notices: SuggestionNotice[] }) {
  const { t } = useI18n();
  if (!notices.length) return null;
  const regionUnweighed = notices.includes('region-unset') || notices.includes('ticket-region-unset');
  const parts = RANKING_PARTS.filter((p) => p !== 'region' || !regionUnweighed).map((p) => t(`dispatch.notice.part.${p}`));
  const and = parts.length > 1 ? `${parts.slice(0, -1).join(t('common.listSeparator'))}${t('dispatch.notice.and')}${parts.at(-1)}` : (parts[0] ?? '');
  const text = [...notices.map((n) => t(`dispatch.notice.${n}`)), t('dispatch.notice.rankedBy', { parts: and })].join(t('dispatch.notice.separator'));
  const technicians = notices.includes('skills-unset') || notices.includes('region-unset');
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 8, padding: '4px 8px', fontSize: 12 }}
      data-testid="suggestion-notices"
      message={
        <span>
          {text}
          {technicians && (
            <>
              {' '}
              <Link to="/dispatch/technicians">{t('dispatch.notice.setUp')}</Link>
            </>
          )}
        </span>
      }
    />
  );
}

/** Technicians ranked for the ticket in the window; hover a score to see its parts. */
export function SuggestionList({ ticketId, window, leadId, crewIds, onLead, onCrew, limit = 8 }: Props) {
  const { t } = useI18n();
  const productLine = useProductLine();
  const suggestions = useSuggestions(ticketId, window?.plannedStart, window?.plannedEnd);
  const items = (suggestions.data?.items ?? []).slice(0, limit);
  const max = items[0]?.parts.reduce((sum, p) => sum + p.max, 0) || 1;
  return (
    <Spin spinning={suggestions.isFetching}>
      <Typography.Text strong>{t('dispatch.suggestions')}</Typography.Text>
      {suggestions.data && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
          {[suggestions.data.productLine ? productLine(suggestions.data.productLine) : t('dispatch.noProductLine'), [suggestions.data.city, suggestions.data.district].filter(Boolean).join(' ') || t('dispatch.noRegion')].join(' · ')}
        </Typography.Paragraph>
      )}
      {suggestions.data && <SuggestionNotices notices={suggestions.data.notices} />}
      <List
        size="small"
        data-testid="suggestions"
        dataSource={items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={window ? t('dispatch.noSuggestions') : t('dispatch.pickWindow')} /> }}
        renderItem={(s) => (
          <List.Item
            actions={[
              <Button key="lead" size="small" type={leadId === s.technicianId ? 'primary' : 'default'} disabled={s.role !== 'lead'} onClick={() => onLead(s.technicianId)} data-testid="suggest-lead">
                {t('dispatch.asLead')}
              </Button>,
              <Button key="crew" size="small" type={crewIds.includes(s.technicianId) ? 'primary' : 'default'} disabled={leadId === s.technicianId} onClick={() => onCrew(s.technicianId)}>
                {t('dispatch.asCrew')}
              </Button>,
            ]}
          >
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <span>{s.name}</span>
                <TechnicianTags grade={s.grade} employmentStatus={s.employmentStatus} />
                {!s.available && <Tag color="red">{t('dispatch.unavailable')}</Tag>}
              </Space>
              <Tooltip title={<ScoreExplanation suggestion={s} />} placement="left">
                <div style={{ cursor: 'help' }} data-testid="suggestion-score">
                  <Progress percent={Math.round((s.total * 100) / max)} size="small" format={() => String(s.total)} />
                </div>
              </Tooltip>
            </Space>
          </List.Item>
        )}
      />
    </Spin>
  );
}
