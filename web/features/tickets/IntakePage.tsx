import { Alert, App, Card, Col, Row, Space, Typography, type InputRef } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { AssetFormModal } from '../../components/AssetFormModal';
import { CallerAssets, CallerLookup, useCallerLookup } from '../../components/CallerLookup';
import { useI18n } from '../../lib/i18n';
import { CallerTickets } from './CallerTickets';
import { TicketIntakeForm } from './TicketIntakeForm';

/** Where focus goes once the caller is known: the asset when there is a choice to make, else the description. */
type Next = 'asset' | 'description' | null;

/**
 * Phone intake, built for the length of a call and for the next one: type the caller's number
 * (or name, plate, serial) and their record, assets and tickets appear; ↑↓ and Enter pick;
 * a call about an open ticket is a chase (催单) on it; describe, Ctrl+Enter saves, and the page
 * empties for the next call with the new number shown. The mouse is never needed.
 */
export function IntakePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const caller = useCallerLookup();
  const [assetModal, setAssetModal] = useState(false);
  const [last, setLast] = useState<{ id: string; number: string; chaseCount?: number; visit?: string | null } | null>(null);
  const selected = caller.selected;
  const lookupRef = useRef<InputRef>(null);
  const descriptionRef = useRef<TextAreaRef>(null);
  const assetsRef = useRef<HTMLDivElement>(null);
  // The form is enabled only once the caller is in state: focus moves after that render.
  const next = useRef<Next>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const focusNext = (where: Next) => {
    next.current = where;
    setFocusRequest((n) => n + 1);
  };

  useEffect(() => {
    if (!next.current || !selected) return;
    const radio = assetsRef.current?.querySelector<HTMLInputElement>('input[type=radio]:checked') ?? assetsRef.current?.querySelector<HTMLInputElement>('input[type=radio]');
    if (next.current === 'asset' && radio) radio.focus();
    else descriptionRef.current?.focus();
    next.current = null;
  }, [focusRequest, selected]);

  const nextCall = (saved: { id: string; number: string; chaseCount?: number; visit?: string | null }) => {
    setLast(saved);
    // A visit booked after the save only adds its time: the next call may already be under way.
    if (saved.visit) return;
    caller.reset();
    lookupRef.current?.focus();
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={11}>
        <Card title={t('intake.caller')} extra={<span className="muted">{t('intake.keysHint')}</span>}>
          <CallerLookup
            caller={caller}
            inputRef={lookupRef}
            testIds={{ input: 'intake-lookup', result: 'lookup-result' }}
            onPicked={(c) => focusNext(c.assets.length > 1 ? 'asset' : 'description')}
            onCustomerCreated={() => {
              message.success(t('customer.created'));
              focusNext('description');
            }}
          />
          {selected && !caller.creating && (
            <CallerTickets
              customerId={selected.id}
              onChased={(ticket) => {
                message.success(t('intake.chased', { number: ticket.number, count: ticket.chaseCount }));
                nextCall(ticket);
              }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={13}>
        <Card title={t('intake.request')}>
          {last && (
            <Alert
              type="success"
              showIcon
              closable
              onClose={() => setLast(null)}
              style={{ marginBottom: 12 }}
              data-testid="intake-last-saved"
              message={
                <Space wrap>
                  <span>{last.chaseCount ? t('intake.chased', { number: last.number, count: last.chaseCount }) : t('intake.lastSaved')}</span>
                  <Link to={`/tickets/${last.id}`} data-testid="intake-last-number">
                    {last.number}
                  </Link>
                  {last.visit && <span data-testid="intake-last-visit">{t('intake.visitBooked', { time: last.visit })}</span>}
                  <span className="muted">{t('intake.nextCall')}</span>
                </Space>
              }
            />
          )}
          {selected ? (
            <Alert
              type="info"
              style={{ marginBottom: 12 }}
              message={
                <Space wrap>
                  <span data-testid="intake-selected-customer">{selected.name}</span>
                  <span className="muted">{selected.phones.map((p) => p.phone).join(t('common.listSeparator'))}</span>
                </Space>
              }
            />
          ) : (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('intake.pickCustomerFirst')} />
          )}
          {selected && (
            <div
              style={{ marginBottom: 12 }}
              ref={assetsRef}
              onKeyDown={(e) => {
                // Enter on the asset list goes on to the description; the arrows choose.
                if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && (e.target as HTMLElement).matches('input[type=radio]')) {
                  e.preventDefault();
                  descriptionRef.current?.focus();
                }
              }}
            >
              <Typography.Text strong>{t('ticket.asset')}</Typography.Text>
              <CallerAssets caller={caller} allowNone onNewAsset={() => setAssetModal(true)} testId="intake-asset" />
            </div>
          )}
          <TicketIntakeForm customer={selected} assetId={caller.assetId} descriptionRef={descriptionRef} onSaved={nextCall} />
        </Card>
      </Col>
      {selected && <AssetFormModal customerId={selected.id} open={assetModal} onClose={() => setAssetModal(false)} onCreated={caller.addAsset} />}
    </Row>
  );
}
