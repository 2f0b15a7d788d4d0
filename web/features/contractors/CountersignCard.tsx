import { App, Button, Card, Form, Input, Modal, Table, Tag } from 'antd';
import { useState } from 'react';
import { SignaturePad } from '../../components/SignaturePad';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { useCountersign, usePortalCountersigns, type Countersign } from './api';

/**
 * The contractor's portal: the work quantities (工程量) of deductions and the R7 fees asked of it,
 * countersigned with a drawn signature. A quantity it does not accept it disputes in the
 * quarter's statement instead.
 */
export function CountersignCard() {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const items = usePortalCountersigns();
  const sign = useCountersign();
  const [open, setOpen] = useState<Countersign | null>(null);
  const [form] = Form.useForm<{ signerName: string }>();
  const onProblem = useProblemHandler(form);
  return (
    <Card title={t('contractors.countersigns')} size="small" data-testid="portal-countersigns">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={items.isLoading}
        dataSource={items.data ?? []}
        columns={[
          { title: t('contractors.ticket'), dataIndex: 'ticketNumber', render: (v: string | null) => v ?? '—' },
          { title: t('contractors.rule'), dataIndex: 'rule', render: (v: string) => label('ledgerRule', v) },
          { title: t('contractors.workQuantity'), dataIndex: 'workQuantity', render: (v: string | null) => v ?? '—' },
          { title: t('contractors.costBasis'), dataIndex: 'costBasisFen', align: 'right', render: (v: number) => fmt.yuan(v) },
          { title: t('contractors.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => fmt.yuan(v) },
          {
            title: '',
            key: 'sign',
            render: (_: unknown, row: Countersign) =>
              row.countersignature ? (
                <Tag color="green">{`${t('contractors.countersigned')} ${row.countersignature.signerName} ${fmt.dateTime(row.countersignature.signedAt)}`}</Tag>
              ) : (
                <Button size="small" type="primary" onClick={() => setOpen(row)} data-testid="countersign-open">
                  {t('contractors.countersign')}
                </Button>
              ),
          },
        ]}
      />
      <Modal open={open !== null} title={t('contractors.countersign')} onCancel={() => setOpen(null)} footer={null} destroyOnHidden>
        {open && (
          <p>
            {open.ticketNumber} · {open.workQuantity ?? label('ledgerRule', open.rule)} · {fmt.yuan(open.amountFen)}
          </p>
        )}
        <Form form={form} layout="vertical">
          <Form.Item name="signerName" label={t('contractors.countersign.signer')} rules={[{ required: true }]}>
            <Input maxLength={60} data-testid="countersign-signer" />
          </Form.Item>
        </Form>
        <SignaturePad
          saving={sign.isPending}
          onSave={async (png) => {
            const { signerName } = await form.validateFields();
            if (!open) return;
            sign.mutate(
              { id: open.id, signerName, png },
              {
                onSuccess: () => {
                  setOpen(null);
                  form.resetFields();
                  message.success(t('contractors.countersign.done'));
                },
                onError: onProblem,
              },
            );
          }}
        />
      </Modal>
    </Card>
  );
}
