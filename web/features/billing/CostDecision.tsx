import { Form, Input, Modal } from 'antd';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useRejectCost, type Cost } from './api-money';

/** Rejecting a cost asks for the reason. */
export function CostDecision({ cost, ticketId, onClose }: { cost: Cost | null; ticketId?: string; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const onProblem = useProblemHandler(form);
  const reject = useRejectCost(ticketId);
  return (
    <Modal open={!!cost} title={t('costs.reject')} okText={t('common.confirm')} cancelText={t('common.cancel')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={reject.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => reject.mutate({ cost: cost!, reason: v.reason }, { onSuccess: onClose, onError: onProblem })}>
        <Form.Item name="reason" label={t('costs.rejectReason')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
