import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { MessageKey } from '../../../shared/i18n';
import { orgSettingsSchema } from '../../../shared/settings';
import { splitKeys } from '../../../shared/workshop';
import { SETTINGS_CATALOGUE, SETTINGS_TABS, UNIT_SCALE, settingsOfTab, toShown, toStored, type SettingKind, type SettingsTab } from '../../../shared/settings-catalogue';
import { useProblemHandler } from '../../lib/problems';
import { useI18n } from '../../lib/i18n';
import { useOrganisation, type Organisation } from '../../lib/queries/people';
import { useUpdateOrganisation } from './api';

type Value = number | string | boolean | number[] | string[];
type Tree = { [key: string]: Value | Tree };

const TABS = Object.keys(SETTINGS_TABS) as SettingsTab[];
const DEFAULTS = orgSettingsSchema.parse({}) as unknown as Tree;

function getPath(tree: Tree, path: string): Value | undefined {
  let node: Value | Tree | undefined = tree;
  for (const k of path.split('.')) node = node && typeof node === 'object' && !Array.isArray(node) ? (node as Tree)[k] : undefined;
  return node as Value | undefined;
}

function setPath(tree: Tree, path: string, value: Value) {
  const keys = path.split('.');
  let node = tree;
  for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Tree;
  node[keys.at(-1)!] = value;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What the form holds for a stored value: numbers in the unit a person reads, number lists as tags of text. */
function shownOf(kind: SettingKind, stored: Value): unknown {
  if (kind.type === 'number') return toShown(kind.unit, stored as number);
  if (kind.type === 'numberList') return (stored as number[]).map((v) => String(toShown(kind.unit, v)));
  if (kind.type === 'keyList') return splitKeys(stored as string);
  return stored;
}

/**
 * What to store for what the form holds. A value the person left as shown keeps its stored
 * form exactly, so a coarse unit (bytes read in MB) never rounds away what was there.
 */
function storedOf(kind: SettingKind, shown: unknown, initialShown: unknown, stored: Value): Value {
  if (sameValue(shown, initialShown)) return stored;
  if (kind.type === 'number') return toStored(kind.unit, shown as number);
  if (kind.type === 'numberList') return (shown as string[]).map((v) => toStored(kind.unit, Number(v)));
  if (kind.type === 'keyList') return (shown as string[]).map((v) => v.trim()).join(',');
  return shown as Value;
}

/**
 * 系统设置: the organisation, then every business rule in tabs (工单与时限, 派工与服务, 备件,
 * 费用与结算, 薪酬, 消息, 自助服务). Each tab saves alone and sends only its own groups; money
 * is read and typed in yuan, rates in per cent and durations in their unit, by the catalogue.
 */
export function SettingsPage() {
  const { t } = useI18n();
  const org = useOrganisation();
  const [search, setSearch] = useSearchParams();
  const active = TABS.find((tab) => tab === search.get('tab')) ?? TABS[0]!;

  if (!org.data) return <Card loading />;
  const settings = org.data.settings as unknown as Tree;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <OrganisationCard org={org.data} />
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={active}
          onChange={(tab) => setSearch({ tab }, { replace: true })}
          items={TABS.map((tab) => ({
            key: tab,
            label: <span data-testid={`settings-tab-${tab}`}>{t(`settings.tab.${tab}` as MessageKey)}</span>,
            // Keyed on the tab's own stored values: saving another tab leaves this one's unsaved edits alone.
            children: <SettingsTabForm key={JSON.stringify(settingsOfTab(tab).map((path) => getPath(settings, path)))} tab={tab} org={org.data!} />,
          }))}
        />
      </Card>
    </Space>
  );
}

function OrganisationCard({ org }: { org: Organisation }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const update = useUpdateOrganisation();
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone').map((zone) => ({ value: zone, label: zone })), []);
  const save = (values: { __name: string; __timeZone: string }) =>
    update.mutate({ org, body: { name: values.__name, timeZone: values.__timeZone } }, { onSuccess: () => message.success(t('settings.saved')), onError: showProblem });
  return (
    <Card title={t('settings.organisation')} size="small">
      <Form layout="vertical" initialValues={{ __name: org.name, __timeZone: org.timeZone }} onFinish={save} key={`${org.name}|${org.timeZone}`}>
        <Row gutter={16} align="bottom">
          <Col xs={24} md={10}>
            <Form.Item name="__name" label={t('settings.orgName')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="__timeZone" label={t('settings.timeZone')}>
              <Select showSearch options={zones} />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="settings-save-organisation">
                {t('common.save')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Typography.Text type="secondary">{t('settings.hint')}</Typography.Text>
    </Card>
  );
}

function SettingsTabForm({ tab, org }: { tab: SettingsTab; org: Organisation }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const update = useUpdateOrganisation();
  const settings = org.settings as unknown as Tree;
  const paths = settingsOfTab(tab);
  const initial = useMemo(() => Object.fromEntries(paths.map((path) => [path, shownOf(SETTINGS_CATALOGUE[path]!, getPath(settings, path)!)])), [paths, settings]);

  const unitLabel = (kind: SettingKind) => {
    if (kind.type !== 'number' && kind.type !== 'numberList') return undefined;
    const label = UNIT_SCALE[kind.unit].label;
    return label ? t(`settings.unit.${label}` as MessageKey) : undefined;
  };

  const save = (values: Record<string, unknown>) => {
    const groups: Record<string, Tree> = Object.fromEntries(SETTINGS_TABS[tab].map((group) => [group, {}]));
    for (const path of paths) {
      const stored = storedOf(SETTINGS_CATALOGUE[path]!, values[path], initial[path], getPath(settings, path)!);
      // Only what differs from the default is stored: the organisation follows later defaults for the rest.
      if (stored !== undefined && stored !== null && !sameValue(stored, getPath(DEFAULTS, path))) setPath(groups, path, stored);
    }
    update.mutate({ org, body: { settingsGroups: groups } }, { onSuccess: () => message.success(t('settings.saved')), onError: showProblem });
  };

  const input = (path: string, kind: SettingKind) => {
    switch (kind.type) {
      case 'number': {
        // Whole units take whole numbers; yuan, per cent and hours take two places, rounded when saved (800, not 800.00).
        const whole = UNIT_SCALE[kind.unit].decimals === 0;
        return <InputNumber min={0} {...(whole ? { precision: 0 } : { step: 1 })} style={{ width: '100%' }} suffix={unitLabel(kind)} />;
      }
      case 'numberList':
      case 'textList': {
        const unit = unitLabel(kind);
        return (
          <Select
            mode="tags"
            open={false}
            tokenSeparators={kind.type === 'textList' && kind.lines ? [] : [',', '，']}
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
      case 'keyList':
        return (
          <Select
            mode="tags"
            tokenSeparators={[',', '，']}
            options={kind.known.map((key) => ({ value: key, label: label(kind.list, key) }))}
            tagRender={({ value, closable, onClose }) => (
              <Tag closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
                <span data-testid="settings-tag">{label(kind.list, String(value))}</span>
              </Tag>
            )}
          />
        );
      case 'boolean':
        return <Switch />;
      case 'choice':
        return <Select options={kind.options.map((option) => ({ value: option, label: option }))} />;
      case 'time':
        return <Input placeholder="22:00" style={{ width: 120 }} />;
      case 'text':
        return <Input />;
    }
  };

  /** A list of numbers takes numbers only; the server checks their range. */
  const rulesOf = (kind: SettingKind) =>
    kind.type === 'numberList'
      ? [
          {
            validator: async (_: unknown, tags: string[] | undefined) => {
              if ((tags ?? []).some((v) => !Number.isFinite(Number(v)) || Number(v) <= 0)) throw new Error(t('validation.invalid'));
            },
          },
        ]
      : [];

  return (
    <Form layout="vertical" initialValues={initial} onFinish={save} data-testid={`settings-form-${tab}`}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {SETTINGS_TABS[tab].map((group) => (
          <Card key={group} title={t(`settings.group.${group}` as MessageKey)} size="small" type="inner">
            {(group === 'sla' || group === 'contractors') && <Typography.Paragraph type="secondary">{t('settings.slaFollows')}</Typography.Paragraph>}
            <Row gutter={16}>
              {paths
                .filter((path) => path.split('.')[0] === group)
                .map((path) => {
                  const kind = SETTINGS_CATALOGUE[path]!;
                  const wide = kind.type === 'textList' && kind.lines;
                  return (
                    <Col xs={24} sm={12} lg={wide ? 24 : 8} key={path}>
                      <Form.Item
                        name={path}
                        label={t(`settings.${path}` as MessageKey)}
                        extra={t(`settings.help.${path}` as MessageKey)}
                        rules={rulesOf(kind)}
                        {...(kind.type === 'boolean' ? { valuePropName: 'checked' } : {})}
                      >
                        {input(path, kind)}
                      </Form.Item>
                    </Col>
                  );
                })}
            </Row>
          </Card>
        ))}
        <Button type="primary" htmlType="submit" loading={update.isPending} data-testid={`settings-save-${tab}`}>
          {t('settings.saveTab', { tab: t(`settings.tab.${tab}` as MessageKey) })}
        </Button>
      </Space>
    </Form>
  );
}
