import { PlusOutlined } from '@ant-design/icons';
import { Button, Col, Empty, Form, Input, InputNumber, List, Row, Space, Tag, Typography } from 'antd';
import { preInspectionItemBody } from '../../../shared/contracts/workshop';
import { formatYuan } from '../../../shared/money';
import { schemaRule } from '../../lib/form-rules';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import type { Ticket } from '../../lib/queries/tickets';
import { useAddPreInspectionItem, useUpdatePreInspectionItem, type PreInspectionItem, type Workshop } from './api';

export function ApprovalTag({ approved }: { approved: boolean | null }) {
  const { t } = useI18n();
  if (approved === null) return <Tag>{t('workshop.pre.pending')}</Tag>;
  return approved ? <Tag color="green">{t('workshop.pre.approved')}</Tag> : <Tag color="default">{t('workshop.pre.declined')}</Tag>;
}

/** A3: every item the technician's pre-inspection finds, the work it needs, its estimate and the customer's answer. */
export function PreInspectionCard({ ticket, workshop }: { ticket: Ticket; workshop: Workshop }) {
  const { t, locale } = useI18n();
  const fmt = useFormat();
  const showProblem = useProblemHandler();
  const me = useMe();
  const add = useAddPreInspectionItem(ticket.id);
  const update = useUpdatePreInspectionItem(ticket.id);
  const [form] = Form.useForm<{ finding: string; recommendedWork: string; estimatedCostYuan?: number | null }>();
  const onProblem = useProblemHandler(form);
  const canEdit = hasPermission(me.data, 'workshop.act') && ticket.status !== 'closed' && ticket.status !== 'cancelled';
  const approvedTotal = workshop.preInspection.filter((i) => i.customerApproved).reduce((sum, i) => sum + (i.estimatedCostFen ?? 0), 0);

  const answer = (item: PreInspectionItem, customerApproved: boolean) =>
    update.mutate({ item, body: { customerApproved } }, { onError: showProblem });

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <List
        data-testid="preinspection-list"
        dataSource={workshop.preInspection}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workshop.pre.none')} /> }}
        renderItem={(item) => (
          <List.Item
            actions={
              canEdit
                ? [
                    <Button key="yes" size="small" type={item.customerApproved === true ? 'primary' : 'default'} onClick={() => answer(item, true)} data-testid="preinspection-approve">
                      {t('workshop.pre.approved')}
                    </Button>,
                    <Button key="no" size="small" type={item.customerApproved === false ? 'primary' : 'default'} onClick={() => answer(item, false)} data-testid="preinspection-decline">
                      {t('workshop.pre.declined')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {item.recommendedWork}
                  {item.estimatedCostFen !== null && <b>{formatYuan(item.estimatedCostFen)}</b>}
                  <ApprovalTag approved={item.customerApproved} />
                </Space>
              }
              description={
                <>
                  <div>{item.finding}</div>
                  <span className="muted">
                    {item.recordedBy.name} · {fmt.short(item.recordedAt)}
                  </span>
                </>
              }
            />
          </List.Item>
        )}
      />
      {approvedTotal > 0 && <Typography.Text strong>{t('workshop.pre.total', { amount: formatYuan(approvedTotal) })}</Typography.Text>}
      {canEdit && (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            add.mutate(
              { finding: v.finding, recommendedWork: v.recommendedWork, estimatedCostFen: v.estimatedCostYuan === null || v.estimatedCostYuan === undefined ? null : Math.round(v.estimatedCostYuan * 100) },
              {
                onSuccess: () => form.resetFields(),
                onError: onProblem,
              },
            )
          }
        >
          <Row gutter={12}>
            <Col xs={24} md={9}>
              <Form.Item name="finding" label={t('workshop.pre.finding')} rules={[schemaRule(preInspectionItemBody.shape.finding, locale)]}>
                <Input maxLength={500} data-testid="preinspection-finding" />
              </Form.Item>
            </Col>
            <Col xs={24} md={9}>
              <Form.Item name="recommendedWork" label={t('workshop.pre.recommendedWork')} rules={[schemaRule(preInspectionItemBody.shape.recommendedWork, locale)]}>
                <Input maxLength={500} data-testid="preinspection-work" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="estimatedCostYuan" label={t('workshop.pre.estimatedCost')}>
                <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="preinspection-cost" />
              </Form.Item>
            </Col>
          </Row>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="preinspection-add">
            {t('workshop.pre.add')}
          </Button>
        </Form>
      )}
    </Space>
  );
}
