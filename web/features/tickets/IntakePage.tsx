import { Alert, App, Card, Col, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { AssetFormModal } from '../../components/AssetFormModal';
import { CallerAssets, CallerLookup, useCallerLookup } from '../../components/CallerLookup';
import { useI18n } from '../../lib/i18n';
import { TicketIntakeForm } from './TicketIntakeForm';

/**
 * Phone intake, built for the length of a call: type the caller's number (or name, plate,
 * serial) and their record and assets appear; pick, describe, save.
 */
export function IntakePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const caller = useCallerLookup();
  const [assetModal, setAssetModal] = useState(false);
  const selected = caller.selected;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={11}>
        <Card title={t('intake.caller')}>
          <CallerLookup caller={caller} testIds={{ input: 'intake-lookup', result: 'lookup-result' }} onCustomerCreated={() => message.success(t('customer.created'))} />
        </Card>
      </Col>
      <Col xs={24} lg={13}>
        <Card title={t('intake.request')}>
          {selected ? (
            <Alert
              type="info"
              style={{ marginBottom: 16 }}
              message={
                <Space wrap>
                  <span data-testid="intake-selected-customer">{selected.name}</span>
                  <span className="muted">{selected.phones.map((p) => p.phone).join(t('common.listSeparator'))}</span>
                </Space>
              }
            />
          ) : (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('intake.pickCustomerFirst')} />
          )}
          {selected && (
            <div style={{ marginBottom: 16 }}>
              <Typography.Text strong>{t('ticket.asset')}</Typography.Text>
              <CallerAssets caller={caller} allowNone onNewAsset={() => setAssetModal(true)} testId="intake-asset" />
            </div>
          )}
          <TicketIntakeForm customer={selected} assetId={caller.assetId} />
        </Card>
      </Col>
      {selected && <AssetFormModal customerId={selected.id} open={assetModal} onClose={() => setAssetModal(false)} onCreated={caller.addAsset} />}
    </Row>
  );
}
