import { CheckCircleTwoTone, FilePdfOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, List, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { SignoffParty } from '../../../shared/contracts/fieldwork';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { SignaturePad } from '../../components/SignaturePad';
import { hasPermission, useMe } from '../../lib/session';
import { uploadToTicket, useCollectSignoff, useDeliveryCallback, useFieldDay, useReceiveDelivery, useSignoffs } from './api';

/** R8, E8, E10: who signs this ticket off, who has, collecting the rest, and the printable work order. */
export function SignoffsCard({ ticketId, type }: { ticketId: string; type: string }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const me = useMe();
  const signoffs = useSignoffs(ticketId);
  const day = useFieldDay(ticketId);
  const collect = useCollectSignoff(ticketId);
  const receive = useReceiveDelivery(ticketId);
  const callback = useDeliveryCallback(ticketId);
  const [party, setParty] = useState<SignoffParty | null>(null);
  const [typed, setTyped] = useState(false);
  const [form] = Form.useForm();
  const onProblem = useProblemHandler(form);
  const showProblem = useProblemHandler();
  const s = signoffs.data;
  const canCollect = hasPermission(me.data, 'signoffs.collect');

  const save = async (signerName: string, png?: Blob) => {
    try {
      const attachmentId = png ? await uploadToTicket(ticketId, png, 'signature.png', 'signature') : undefined;
      collect.mutate(
        { party: party!, signerName, ...(attachmentId ? { attachmentId } : { typed: true }) },
        { onSuccess: () => setParty(null), onError: onProblem },
      );
    } catch (e) {
      showProblem(e);
    }
  };

  return (
    <Card
      size="small"
      title={t('signoff.title')}
      extra={
        <a href={`/api/v1/tickets/${ticketId}/work-order.pdf`} target="_blank" rel="noreferrer" data-testid="work-order-pdf">
          <FilePdfOutlined /> {t('signoff.print')}
        </a>
      }
    >
      {s && (
        <List
          size="small"
          dataSource={s.parties}
          renderItem={(p) => {
            const signed = s.items.filter((i) => i.party === p);
            return (
              <List.Item
                data-testid={`signoff-${p}`}
                actions={!signed.length && canCollect ? [<Button key="sign" size="small" onClick={() => { setParty(p); setTyped(false); form.resetFields(); }}>{t('signoff.collect')}</Button>] : []}
              >
                <Space>
                  {signed.length ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <Tag color={s.required ? 'red' : 'default'}>{t('print.notSigned')}</Tag>}
                  <Typography.Text strong>{label('signoffParty', p)}</Typography.Text>
                  {signed.map((i) => (
                    <Typography.Text key={i.id} type="secondary">
                      {i.signerName} · {fmt.short(i.signedAt)} {i.method === 'typed' ? `（${t('signoff.typed')}）` : ''}
                    </Typography.Text>
                  ))}
                </Space>
              </List.Item>
            );
          }}
        />
      )}
      {type === 'delivery' && day.data?.report && (
        <Space wrap style={{ marginTop: 8 }}>
          {day.data.report.receivedAt ? (
            <Tag color="green">{t('signoff.deliveryReceived', { time: fmt.dateTime(day.data.report.receivedAt) })}</Tag>
          ) : (
            hasPermission(me.data, 'tickets.assign') && (
              <Button size="small" loading={receive.isPending} onClick={() => receive.mutate(undefined)}>
                {t('signoff.receiveDelivery')}
              </Button>
            )
          )}
          {day.data.report.callbackAt && (
            <Tag color={day.data.report.callbackExplained ? 'green' : 'red'} data-testid="delivery-callback">
              {t('signoff.callbackResult', { result: t(day.data.report.callbackExplained ? 'signoff.callbackExplained' : 'signoff.callbackNotExplained'), time: fmt.dateTime(day.data.report.callbackAt) })}
            </Tag>
          )}
          {hasPermission(me.data, 'contacts.log') && (
            <>
              <Button size="small" loading={callback.isPending && callback.variables?.explained === true} onClick={() => callback.mutate({ explained: true })}>
                {t('signoff.callbackExplained')}
              </Button>
              <Button size="small" danger loading={callback.isPending && callback.variables?.explained === false} onClick={() => callback.mutate({ explained: false })}>
                {t('signoff.callbackNotExplained')}
              </Button>
            </>
          )}
        </Space>
      )}
      <Modal open={party !== null} title={party ? `${t('signoff.collect')}：${label('signoffParty', party)}` : ''} footer={null} onCancel={() => setParty(null)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="signerName" label={t('field.signerName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input data-testid="signoff-name" />
          </Form.Item>
          <Form.Item label={t('signoff.typedSwitch')}>
            <Switch checked={typed} onChange={setTyped} />
          </Form.Item>
        </Form>
        {typed ? (
          <Button type="primary" loading={collect.isPending} onClick={async () => save((await form.validateFields()).signerName)}>
            {t('common.save')}
          </Button>
        ) : (
          <SignaturePad saving={collect.isPending} onSave={async (png) => save((await form.validateFields()).signerName, png)} />
        )}
      </Modal>
    </Card>
  );
}
