import { Card, Skeleton, Tabs, Tag } from 'antd';
import { useI18n } from '../../lib/i18n';
import type { Ticket } from '../../lib/queries/tickets';
import { useWorkshop } from './api';
import { CheckInCard } from './CheckInCard';
import { DeliveryCard } from './DeliveryCard';
import { PreInspectionCard } from './PreInspectionCard';
import { StagesCard } from './StagesCard';

/** The car workshop's part of a workshop ticket: reception (A3), stages and QC (A4), delivery (A6). */
export function WorkshopPanel({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const workshop = useWorkshop(ticket.id, ticket.type === 'workshop');
  if (ticket.type !== 'workshop') return null;
  const w = workshop.data;
  const checkInTag = w?.checkIn ? <Tag color={w.checkIn.status === 'signed' ? 'green' : 'default'}>{label('checkInStatus', w.checkIn.status)}</Tag> : null;
  return (
    <Card title={t('workshop.title')} data-testid="workshop-panel">
      {!w ? (
        <Skeleton active />
      ) : (
        <Tabs
          destroyOnHidden={false}
          items={[
            { key: 'checkIn', label: <span data-testid="workshop-tab-checkin">{t('workshop.tab.checkIn')} {checkInTag}</span>, children: <CheckInCard ticket={ticket} workshop={w} /> },
            { key: 'pre', label: <span data-testid="workshop-tab-pre">{t('workshop.tab.preInspection')}</span>, children: <PreInspectionCard ticket={ticket} workshop={w} /> },
            { key: 'stages', label: <span data-testid="workshop-tab-stages">{t('workshop.tab.stages')}</span>, children: <StagesCard ticket={ticket} workshop={w} /> },
            { key: 'delivery', label: <span data-testid="workshop-tab-delivery">{t('workshop.tab.delivery')}</span>, children: <DeliveryCard ticket={ticket} workshop={w} /> },
          ]}
        />
      )}
    </Card>
  );
}
