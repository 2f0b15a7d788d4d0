import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { isMessageKey } from '../../../shared/i18n';
import { orgSettingsSchema } from '../../../shared/settings';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { useOrganisation } from '../../lib/queries/people';
import { useUpdateOrganisation } from './api';

/** Lists of `topic=…` rules: a rule may hold commas (`sla.breached=ticket.assignee,role:dispatcher`), so Enter alone ends an entry. */
const RULE_LISTS = new Set(['messages.routing', 'messages.smsTemplates', 'messages.wechatTemplates']);

type Value = number | string | boolean | number[] | string[];
type Tree = { [key: string]: Value | Tree };

/**
 * Leaves of the settings tree with their dotted paths: `pay.directHourlyFen.senior` → 2000.
 * A list (`delivery.checklist`, `sla.warnAtBp`) is one leaf: the server takes it whole.
 */
function leaves(tree: Tree, prefix: string[] = []): { path: string[]; value: Value }[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && !Array.isArray(v) ? leaves(v, [...prefix, k]) : [{ path: [...prefix, k], value: v }]));
}

function setPath(tree: Tree, path: string[], value: Value) {
  let node = tree;
  for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Tree;
  node[path.at(-1)!] = value;
}

/** Money is stored in fen and shown in yuan; rates in basis points, shown in per cent. */
/** The unit comes from the nearest name that says it: `pay.baseSalaryFen.junior.regular` is money too. */
const unitKey = (path: string[]) => [...path].reverse().find((k) => /(Fen|Bp|Minutes|Months)$/.test(k)) ?? path.at(-1)!;
const unitOf = (key: string) => (key.endsWith('Fen') ? 'yuan' : key.endsWith('Bp') ? 'percent' : key.endsWith('Minutes') ? 'minutes' : key.endsWith('Months') ? 'months' : 'plain');
const toShown = (key: string, v: number) => (unitOf(key) === 'yuan' ? v / 100 : unitOf(key) === 'percent' ? v / 100 : v);
const toStored = (key: string, v: number) => (unitOf(key) === 'yuan' || unitOf(key) === 'percent' ? Math.round(v * 100) : v);

/** A list of numbers is edited as tags in its shown unit (50, 75 for 5000, 7500 bp); the number's kind comes from the default, so an emptied list keeps it. */
const isNumberList = (value: Value, fallback: Value | undefined) => Array.isArray(value) && (value.length ? typeof value[0] === 'number' : Array.isArray(fallback) && typeof fallback[0] === 'number');
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function SettingsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const org = useOrganisation();
  const update = useUpdateOrganisation();
  const [form] = Form.useForm();
  const defaults = useMemo(() => orgSettingsSchema.parse({}) as unknown as Tree, []);
  const byPath = useMemo(() => new Map(leaves(defaults).map((l) => [l.path.join('.'), l.value])), [defaults]);
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
    for (const field of fields) {
      const name = field.path.join('.');
      const raw = values[name];
      const key = unitKey(field.path);
      const stored = isNumberList(field.value, byPath.get(name))
        ? (raw as string[]).map((v) => toStored(key, Number(v)))
        : typeof raw === 'number'
          ? toStored(key, raw)
          : raw;
      // Only what differs from the default is stored: the organisation follows later defaults for the rest.
      if (stored !== undefined && stored !== null && !sameValue(stored, byPath.get(name))) setPath(overrides, field.path, stored as Value);
    }
    update.mutate(
      { org: org.data!, body: { name: values.__name as string, timeZone: values.__timeZone as string, settings: overrides } },
      {
        onSuccess: () => message.success(t('settings.saved')),
        onError: showProblem,
      },
    );
  };

  const initial: Record<string, unknown> = { __name: org.data.name, __timeZone: org.data.timeZone };
  for (const f of fields) {
    const key = unitKey(f.path);
    initial[f.path.join('.')] = isNumberList(f.value, byPath.get(f.path.join('.')))
      ? (f.value as number[]).map((v) => String(toShown(key, v)))
      : typeof f.value === 'number'
        ? toShown(key, f.value)
        : f.value;
  }

  const input = (path: string[], value: Value) => {
    const key = unitKey(path);
    if (Array.isArray(value)) {
      const numbers = isNumberList(value, byPath.get(path.join('.')));
      const unit = numbers ? unitLabel(key) : undefined;
      return (
        <Select
          mode="tags"
          open={false}
          tokenSeparators={RULE_LISTS.has(path.join('.')) ? [] : [',', '，']}
          tagRender={({ label, closable, onClose }) => (
            <Tag closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
              <span data-testid="settings-tag">
                {label}
                {unit}
              </span>
            </Tag>
          )}
        />
      );
    }
    if (typeof value === 'boolean') return <Switch />;
    return typeof value === 'number' ? <InputNumber min={0} style={{ width: '100%' }} suffix={unitLabel(key)} /> : <Input />;
  };
  /** A list of numbers takes numbers only; the server checks their range. */
  const rulesOf = (path: string[], value: Value) =>
    isNumberList(value, byPath.get(path.join('.')))
      ? [
          {
            validator: async (_: unknown, tags: string[] | undefined) => {
              if ((tags ?? []).some((v) => !Number.isFinite(Number(v)) || Number(v) <= 0)) throw new Error(t('validation.invalid'));
            },
          },
        ]
      : [];

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
                    <Form.Item name={f.path.join('.')} label={labelOf(f.path)} rules={rulesOf(f.path, f.value)} {...(typeof f.value === 'boolean' ? { valuePropName: 'checked' } : {})}>
                      {input(f.path, f.value)}
                    </Form.Item>
                  </Col>
                ))}
            </Row>
          </Card>
        ))}
        <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="settings-save">
          {t('common.save')}
        </Button>
      </Space>
    </Form>
  );
}
