import { SettingOutlined } from '@ant-design/icons';
import { Button, Form, InputNumber, Popover, Switch } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useUpdateSlot, type BoardSlot } from './api';


/** Places and open/closed of one slot, for whoever manages the board. */
export function SlotSettings({ slot }: { slot: BoardSlot }) {
  const { t } = useI18n();
  const update = useUpdateSlot();
  const onProblem = useProblemHandler();
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('appointment.slotSettings')}
      content={
        <Form
          layout="vertical"
          initialValues={{ capacity: slot.capacity, open: slot.open }}
          onFinish={(v: { capacity: number; open: boolean }) =>
            update.mutate(
              { slot, body: v },
              {
                onSuccess: () => setOpen(false),
                onError: onProblem,
              },
            )
          }
        >
          <Form.Item name="capacity" label={t('appointment.capacity')} extra={t('appointment.capacityHint', { booked: slot.booked })}>
            <InputNumber min={Math.max(1, slot.booked)} max={500} />
          </Form.Item>
          <Form.Item name="open" label={t('appointment.slotOpen')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="small" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      }
    >
      <Button type="text" size="small" icon={<SettingOutlined />} aria-label={t('appointment.slotSettings')} />
    </Popover>
  );
}
