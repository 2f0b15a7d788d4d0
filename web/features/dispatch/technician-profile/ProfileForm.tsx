import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { profileBody } from '../../../../shared/contracts/dispatch';
import { SKILL_LEVELS } from '../../../../shared/dispatch';
import { ASSET_KINDS } from '../../../../shared/domain';
import { schemaRule } from '../../../lib/form-rules';
import { useI18n } from '../../../lib/i18n';
import { useProblemHandler } from '../../../lib/problems';
import { useCalendars } from '../../../lib/queries/calendars';
import { useSaveProfile, type Profile } from '../api';
import { PROFILE_PROBLEMS } from './problems';

/** The technician's regions, calendar, vehicle and skills (M1): what dispatch ranks by. */
export function ProfileForm({ profile, canManage }: { profile: Profile; canManage: boolean }) {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const save = useSaveProfile();
  const calendars = useCalendars();
  const onProblem = useProblemHandler(form, PROFILE_PROBLEMS);
  const shape = profileBody.shape;
  return (
    <Card title={t('dispatch.profile')} size="small">
      <Form
        form={form}
        layout="vertical"
        disabled={!canManage}
        initialValues={{ regions: profile.regions, vehiclePlate: profile.vehiclePlate, vehicleType: profile.vehicleType, calendarId: profile.calendarId, skills: profile.skills }}
        onFinish={(v) =>
          save.mutate(
            { profile, vars: { regions: v.regions ?? [], vehiclePlate: v.vehiclePlate || null, vehicleType: v.vehicleType || null, calendarId: v.calendarId ?? null, skills: v.skills ?? [] } },
            { onSuccess: () => message.success(t('dispatch.saved')), onError: onProblem },
          )
        }
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="regions" label={t('dispatch.regions')} tooltip={t('dispatch.regionsHint')}>
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} data-testid="profile-regions" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="calendarId" label={t('dispatch.calendar')} tooltip={t('dispatch.calendarHint')}>
              <Select allowClear placeholder={t('dispatch.defaultCalendar')} options={(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="vehiclePlate" label={t('dispatch.vehiclePlate')} rules={[schemaRule(shape.vehiclePlate, locale)]}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="vehicleType" label={t('dispatch.vehicleType')}>
              <Input maxLength={40} placeholder={t('dispatch.vehicleTypePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('dispatch.skills')}</Typography.Text>
        <Form.List name="skills">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  {/* An asset kind is picked by its name (家电) and stored as its code, which tickets match;
                      any other product category is typed as it is written on the products. */}
                  <Form.Item
                    name={[field.name, 'productLine']}
                    rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
                    getValueProps={(v: string | undefined) => ({ value: v ? [v] : [] })}
                    normalize={(v: string[]) => v.at(-1) ?? ''}
                  >
                    <Select
                      mode="tags"
                      placeholder={t('dispatch.productLinePlaceholder')}
                      style={{ width: 200 }}
                      options={ASSET_KINDS.filter((k) => k !== 'generic').map((k) => ({ value: k, label: label('assetKind', k) }))}
                      optionFilterProp="label"
                      data-testid="skill-line"
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'level']} initialValue={2} rules={[{ required: true, message: t('validation.required') }]}>
                    <Select style={{ width: 110 }} options={SKILL_LEVELS.map((l) => ({ value: l, label: t(`enum.skillLevel.${l}` as never) }))} />
                  </Form.Item>
                  {canManage && <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />}
                </Space>
              ))}
              {canManage && (
                <Form.Item>
                  <Button type="dashed" onClick={() => add({ level: 2 })} icon={<PlusOutlined />}>
                    {t('dispatch.addSkill')}
                  </Button>
                </Form.Item>
              )}
            </>
          )}
        </Form.List>
        {canManage && (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="profile-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
