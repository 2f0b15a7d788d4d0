import { App, Button, Card, DatePicker, Form, Input, List, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { resolveSettings } from '../../../shared/settings';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useOrganisation } from '../../lib/queries/people';
import type { Ticket } from '../../lib/queries/tickets';
import { hasPermission, useMe } from '../../lib/session';
import { useLendLoaner, useReturnLoaner, useTicketLoaners, type Loaner } from './api-loaners';
import { LoanerStatusTag } from './LoanersPage';

const FINISHED = ['closed', 'cancelled'];

/**
 * E3 on the ticket page: the loaner out with the customer (taken back here), or the units the
 * pools offer for the ticket's asset, the same model first, then its equals or betters. Lending
 * one stops the ticket's loaner clock. Nothing shows on a ticket with neither.
 */
export function LoanerPanel({ ticket }: { ticket: Ticket }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe();
  const canSee = hasPermission(me.data, 'parts.read');
  const canLend = hasPermission(me.data, 'loaners.lend');
  const loaners = useTicketLoaners(ticket.id, canSee && !!ticket.assetId);
  const org = useOrganisation();
  const lend = useLendLoaner(ticket.id);
  const giveBack = useReturnLoaner(ticket.id);
  const [lending, setLending] = useState<Loaner | null>(null);
  const [form] = Form.useForm<{ dueAt?: Dayjs | null; note?: string }>();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  if (!canSee || !ticket.assetId) return null;
  const data = loaners.data;
  const current = data?.current;
  const finished = FINISHED.includes(ticket.status);
  // Only where there is something to do: a loaner out, or units the pools offer for this machine.
  if (!current && (finished || !data?.offers.length)) return null;
  // The organisation's settings arrive with defaults filled in; resolving them again reads them typed.
  const days = org.data ? resolveSettings(org.data.settings).parts.loanerDays : undefined;

  return (
    <Card size="small" title={t('loaners.panel.title')} style={{ marginTop: 16 }} data-testid="loaner-panel">
      {current ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <LoanerStatusTag loaner={current} />
            <Typography.Text data-testid="loaner-current">{t('loaners.panel.out', { product: current.productName, serial: current.serial, due: fmt.date(current.dueAt) })}</Typography.Text>
          </Space>
          {canLend && (
            <Popconfirm
              title={t('loaners.returnConfirm', { serial: current.serial, pool: current.homeLocationName })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => giveBack.mutate(current.id, { onSuccess: () => message.success(t('loaners.returned')), onError: showProblem })}
            >
              <Button size="small" type="primary" data-testid="loaner-return">
                {t('loaners.return')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ) : (
        <List
          size="small"
          header={<Typography.Text type="secondary">{t('loaners.panel.offers')}</Typography.Text>}
          dataSource={data?.offers.slice(0, 8) ?? []}
          renderItem={(o) => (
            <List.Item
              data-testid={`loaner-offer-${o.serial}`}
              actions={
                canLend
                  ? [
                      <Button key="lend" size="small" onClick={() => setLending(o)} data-testid={`loaner-lend-${o.serial}`}>
                        {t('loaners.panel.lend')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Space direction="vertical" size={0}>
                <Space size={4} wrap>
                  <Typography.Text strong>{o.productName}</Typography.Text>
                  <Tag color={o.match === 'same' ? 'blue' : 'cyan'}>{label('loanerMatch', o.match)}</Tag>
                </Space>
                <Typography.Text type="secondary">
                  {o.serial} · {o.homeLocationName}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={!!lending}
        title={lending ? t('loaners.panel.lendTitle', { serial: lending.serial }) : ''}
        okText={t('loaners.panel.lend')}
        cancelText={t('common.cancel')}
        onCancel={() => setLending(null)}
        onOk={() => form.submit()}
        confirmLoading={lend.isPending}
        okButtonProps={{ 'data-testid': 'loaner-lend-confirm' } as never}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            lend.mutate(
              { loanerId: lending!.id, dueAt: v.dueAt ? v.dueAt.endOf('day').toISOString() : null, note: v.note || null },
              {
                onSuccess: () => {
                  message.success(t('loaners.panel.lent'));
                  setLending(null);
                },
                onError: onProblem,
              },
            )
          }
        >
          <Form.Item name="dueAt" label={t('loaners.dueAt')} extra={days ? t('loaners.panel.dueDefault', { days }) : undefined}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="note" label={t('loaners.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
