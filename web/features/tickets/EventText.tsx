import { Tag } from 'antd';
import { useI18n } from '../../lib/i18n';
import { isMessageKey } from '../../../shared/i18n';
import type { TicketEvent } from '../../lib/queries/tickets';
import { useTicketPageParts } from '../../lib/ticket-page';


/** Edits whose before and after are shown in the history line itself (who and when are on the timeline item). */
const TEXT_FIELDS = new Set(['description', 'contactName', 'contactPhone']);

/**
 * How the timeline tells an event: by the renderer another feature registered for its type
 * (web/app/ticket-page.tsx), else as the ticket's own, else by its label and note.
 */
export function EventText({ event }: { event: TicketEvent }) {
  const { t, label } = useI18n();
  const Registered = useTicketPageParts().events[event.type];
  if (Registered) return <Registered event={event} />;
  const d = event.details as Record<string, unknown>;
  switch (event.type) {
    case 'created':
      return <>{t('event.created', { channel: label('channel', String(d.channel ?? '')) })}</>;
    case 'transition':
      return (
        <>
          <b>{label('action', String(d.action ?? ''))}</b>
          {'  '}
          {label('status', event.from)} → {label('status', event.to)}
          {d.holdReason ? `（${label('holdReason', String(d.holdReason))}）` : ''}
          {d.reason ? <div className="muted">{String(d.reason)}</div> : null}
        </>
      );
    case 'assigned':
      return <>{t('event.assigned')}</>;
    case 'comment':
      return (
        <>
          {t('event.comment')}
          {d.internal ? <Tag style={{ marginLeft: 8 }}>{t('comment.internal')}</Tag> : null}
          <div className="muted">{String(d.excerpt ?? '')}</div>
        </>
      );
    case 'attachment':
      return <>{t('event.attachment', { name: String(d.fileName ?? '') })}</>;
    case 'arrived':
    case 'callback':
    case 'loaner_requested':
    case 'loaner_provided':
    case 'escalated':
      return <>{typeof d.to === 'string' ? t('event.escalatedTo', { to: label('role', d.to) }) : label('eventType', event.type)}</>;
    case 'contractor_arrived':
      return (
        <>
          {label('eventType', event.type)}
          {d.note ? <div className="muted">{String(d.note)}</div> : null}
        </>
      );
    case 'sla_extended':
      return (
        <>
          {label('eventType', event.type)}：{label('slaMetric', String(d.metric ?? ''))}
          <div className="muted">{String(d.reason ?? '')}</div>
        </>
      );
    case 'sla_alert':
      return <>{t('event.slaAlert', { metric: label('slaMetric', String(d.metric ?? '')), point: Number(d.bp) >= 10000 ? t('policy.atBreach') : `${Number(d.bp) / 100}%` })}</>;
    case 'contractor_default':
      return <>{t('event.contractorDefault', { rate: `${Number(d.deductionRateBp ?? 0) / 100}%` })}</>;
    case 'chase':
      return (
        <>
          <b>{t('event.chase', { count: Number(d.count ?? 1), channel: label('channel', String(d.channel ?? 'phone')) })}</b>
          {d.note ? <div className="muted">{String(d.note)}</div> : null}
        </>
      );
    case 'updated': {
      const changes = (d.changes as Record<string, { from: unknown; to: unknown }> | undefined) ?? {};
      const fieldName = (k: string) => (isMessageKey(`ticket.${k}`) ? t(`ticket.${k}` as never) : k);
      const shown = (v: unknown) => (v === null || v === undefined || v === '' ? t('common.empty') : String(v));
      const wordy = Object.keys(changes).filter((k) => TEXT_FIELDS.has(k));
      return (
        <>
          {t('event.updated', { fields: Object.keys(changes).map(fieldName).join(t('common.listSeparator')) })}
          {wordy.map((k) => (
            <div key={k} className="muted" data-testid={`edit-${k}`}>
              {t('event.updatedFromTo', { field: fieldName(k), from: shown(changes[k]!.from), to: shown(changes[k]!.to) })}
            </div>
          ))}
        </>
      );
    }
    default:
      return (
        <>
          {label('eventType', event.type)}
          {d.note ? <div className="muted">{String(d.note)}</div> : null}
        </>
      );
  }
}
