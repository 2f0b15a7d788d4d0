import { App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { isMessageKey } from '../../../shared/i18n';
import { orgSettingsSchema } from '../../../shared/settings';
import { applyProblem } from '../../app/problems';
import { useI18n } from '../../app/i18n';
import { useOrganisation, useUpdateOrganisation } from './api';

type Tree = { [key: string]: number | string | Tree };

/** Leaves of the settings tree with their dotted paths: `pay.directHourlyFen.senior` → 2000. */
function leaves(tree: Tree, prefix: string[] = []): { path: string[]; value: number | string }[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' ? leaves(v, [...prefix, k]) : [{ path: [...prefix, k], value: v }]));
}

function setPath(tree: Tree, path: string[], value: number | string) {
  let node = tree;
  for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Tree;
  node[path.at(-1)!] = value;
}

/** Money is stored in fen and shown in yuan; rates in basis points, shown in per cent. */
const unitOf = (key: string) => (key.endsWith('Fen') ? 'yuan' : key.endsWith('Bp') ? 'percent' : key.endsWith('Minutes') ? 'minutes' : key.endsWith('Months') ? 'months' : 'plain');
const toShown = (key: string, v: number) => (unitOf(key) === 'yuan' ? v / 100 : unitOf(key) === 'percent' ? v / 100 : v);
const toStored = (key: string, v: number) => (unitOf(key) === 'yuan' || unitOf(key) === 'percent' ? Math.round(v * 100) : v);

export function SettingsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const org = useOrganisation();
  const update = useUpdateOrganisation();
  const [form] = Form.useForm();
  const defaults = useMemo(() => orgSettingsSchema.parse({}) as unknown as Tree, []);
  const current = org.data?.settings as Tree | undefined;
  const fields = useMemo(() => (current ? leaves(current) : []), [current]);
  const groups = [...new Set(fields.map((f) => f.path[0]!))];

  if (!org.data) return <Card loading />;

  const labelOf = (path: string[]) => {
    const key = `settings.${path.join('.')}`;
    return isMessageKey(key) ? t(key) : path.slice(1).join(' · ');
  };
  const unitLabel = (key: string) => {
    const unit = unitOf(key);
    return unit === 'plain' ? undefined : t(`settings.unit.${unit}`);
  };

  const save = (values: Record<string, unknown>) => {
    const overrides: Tree = {};
    const byPath = new Map(leaves(defaults).map((l) => [l.path.join('.'), l.value]));
    for (const field of fields) {
      const name = field.path.join('.');
      const raw = values[name];
      const key = field.path.at(-1)!;
      const stored = typeof raw === 'number' ? toStored(key, raw) : raw;
      if (stored !== undefined && stored !== null && stored !== byPath.get(name)) setPath(overrides, field.path, stored as number | string);
    }
    update.mutate(
      { org: org.data!, body: { name: values.__name as string, timeZone: values.__timeZone as string, settings: overrides } },
      {
        onSuccess: () => message.success(t('settings.saved')),
        onError: (e) => message.error(applyProblem(undefined, e, t('errors.INTERNAL')) ?? ''),
      },
    );
  };

  const initial: Record<string, unknown> = { __name: org.data.name, __timeZone: org.data.timeZone };
  for (const f of fields) initial[f.path.join('.')] = typeof f.value === 'number' ? toShown(f.path.at(-1)!, f.value) : f.value;

  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={save} key={org.data.version}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={t('settings.organisation')}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="__name" label={t('settings.orgName')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="__timeZone" label={t('settings.timeZone')}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary">{t('settings.hint')}</Typography.Paragraph>
        </Card>
        {groups.map((group) => (
          <Card key={group} title={isMessageKey(`settings.group.${group}`) ? t(`settings.group.${group}` as never) : group} size="small">
            {(group === 'sla' || group === 'contractors') && <Typography.Paragraph type="secondary">{t('settings.slaFollows')}</Typography.Paragraph>}
            <Row gutter={16}>
              {fields
                .filter((f) => f.path[0] === group)
                .map((f) => (
                  <Col xs={24} sm={12} lg={8} key={f.path.join('.')}>
                    <Form.Item name={f.path.join('.')} label={labelOf(f.path)}>
                      {typeof f.value === 'number' ? <InputNumber min={0} style={{ width: '100%' }} suffix={unitLabel(f.path.at(-1)!)} /> : <Input />}
                    </Form.Item>
                  </Col>
                ))}
            </Row>
          </Card>
        ))}
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Space>
    </Form>
  );
}
