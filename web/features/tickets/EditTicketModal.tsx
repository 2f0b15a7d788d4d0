import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { updateTicketBody } from '../../../shared/contracts/tickets';
import { schemaRule } from '../../lib/form-rules';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import type { Ticket } from '../../lib/queries/tickets';
import { useUpdateTicket } from './api';

interface EditValues {
  description: string;
  contactName: string;
  contactPhone: string;
}

/**
 * The description and contact after saving: a caller who adds "the water heater leaks too", or
 * another number to call. The server keeps who changed what, from what to what, in the history.
 */
export function EditTicketButton({ ticket }: { ticket: Ticket }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<EditValues>();
  const update = useUpdateTicket();
  const onProblem = useProblemHandler(form);

  const save = (v: EditValues) => {
    const vars: { description?: string; contactName?: string | null; contactPhone?: string | null } = {};
    if (v.description !== ticket.description) vars.description = v.description;
    if ((v.contactName || null) !== ticket.contactName) vars.contactName = v.contactName || null;
    if ((v.contactPhone || null) !== ticket.contactPhone) vars.contactPhone = v.contactPhone || null;
    if (Object.keys(vars).length === 0) {
      setOpen(false);
      return;
    }
    update.mutate(
      { ticket, vars },
      {
        onSuccess: () => {
          message.success(t('ticket.saved'));
          setOpen(false);
        },
        onError: onProblem,
      },
    );
  };

  return (
    <>
      <Button
        onClick={() => {
          form.setFieldsValue({ description: ticket.description, contactName: ticket.contactName ?? '', contactPhone: ticket.contactPhone ?? '' });
          setOpen(true);
        }}
        data-testid="ticket-edit"
      >
        {t('ticket.edit')}
      </Button>
      <Modal open={open} title={t('ticket.editTitle')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={update.isPending} okButtonProps={{ 'data-testid': 'ticket-edit-save' } as never} destroyOnHidden>
        <Form<EditValues> form={form} layout="vertical" onFinish={save}>
          <Form.Item name="description" label={t('ticket.description')} rules={[schemaRule(updateTicketBody.shape.description, locale)]}>
            <Input.TextArea
              rows={4}
              maxLength={4000}
              autoFocus
              data-testid="ticket-edit-description"
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.submit();
              }}
            />
          </Form.Item>
          <Form.Item name="contactName" label={t('ticket.contactName')} rules={[schemaRule(updateTicketBody.shape.contactName, locale)]}>
            <Input data-testid="ticket-edit-contact-name" />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('ticket.contactPhone')} rules={[schemaRule(updateTicketBody.shape.contactPhone, locale)]}>
            <Input data-testid="ticket-edit-contact-phone" />
          </Form.Item>
          <Button htmlType="submit" hidden />
        </Form>
      </Modal>
    </>
  );
}
