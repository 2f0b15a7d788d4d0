import { Alert, Button, Checkbox, Empty, Form, Input, List, Space, Tag, Typography } from 'antd';
import { formatYuan } from '../../../shared/money';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import type { Ticket } from '../../lib/queries/tickets';
import { useExplainDelivery, type Workshop } from './api';

/** A6: at delivery the service adviser explains each approved item and its cost to the customer. */
export function DeliveryCard({ ticket, workshop }: { ticket: Ticket; workshop: Workshop }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const explain = useExplainDelivery(ticket.id);
  const [form] = Form.useForm<{ explainedItemIds: string[]; note?: string }>();
  const onProblem = useProblemHandler(form);
  const approved = workshop.preInspection.filter((i) => i.customerApproved);
  const total = approved.reduce((sum, i) => sum + (i.estimatedCostFen ?? 0), 0);
  const { job } = workshop;

  if (!job.qcPassedAt) return <Alert type="info" showIcon title={t('workshop.delivery.needQc')} />;
  const done = job.deliveryExplainedAt !== null;
  const canAct = hasPermission(me.data, 'workshop.act') && !done && ticket.status !== 'closed' && ticket.status !== 'cancelled';

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ explainedItemIds: [] }}
      onFinish={(v) =>
        explain.mutate(
          { body: { explainedItemIds: v.explainedItemIds, note: v.note ?? null }, version: job.version },
          {
            onError: onProblem,
          },
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('workshop.delivery.hint')}</Typography.Paragraph>
      <Form.Item name="explainedItemIds" style={{ marginBottom: 8 }}>
        <Checkbox.Group style={{ width: '100%' }} disabled={!canAct}>
          <List
            style={{ width: '100%' }}
            dataSource={approved}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workshop.delivery.noItems')} /> }}
            renderItem={(item) => (
              <List.Item extra={item.estimatedCostFen !== null ? <b>{formatYuan(item.estimatedCostFen)}</b> : null}>
                {done ? (
                  <Space>
                    {item.explainedAt && <Tag color="green">{t('workshop.delivery.explained')}</Tag>}
                    {item.recommendedWork}
                  </Space>
                ) : (
                  <Checkbox value={item.id}>{item.recommendedWork}</Checkbox>
                )}
              </List.Item>
            )}
          />
        </Checkbox.Group>
      </Form.Item>
      {approved.length > 0 && <Typography.Text strong>{t('workshop.pre.total', { amount: formatYuan(total) })}</Typography.Text>}
      {done ? (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          title={t('workshop.delivery.done', { name: job.deliveryExplainedBy?.name ?? '', at: fmt.dateTime(job.deliveryExplainedAt) })}
          description={job.deliveryNote ?? undefined}
        />
      ) : (
        canAct && (
          <>
            <Form.Item name="note" label={t('workshop.delivery.note')} style={{ marginTop: 12 }}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={explain.isPending} data-testid="delivery-explained">
              {t('workshop.delivery.confirm')}
            </Button>
          </>
        )
      )}
    </Form>
  );
}
