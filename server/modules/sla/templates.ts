import { policyAction, policyTarget, type CalendarBody, type PolicyBody } from '../../../shared/contracts/sla';
import type { OrgSettings } from '../../../shared/settings';

/**
 * What a new organisation starts with: an office calendar, a field-service calendar and a
 * 24-hour one, and a policy per kind of promise in the seed (C1, E2/E3, H3/H4, R4, R5). Every
 * number comes from the organisation's settings; every policy can be edited or switched off.
 */
const office = [
  { start: 540, end: 720 },
  { start: 780, end: 1080 },
];
const field = [{ start: 480, end: 1200 }];

export const DEFAULT_CALENDARS: (CalendarBody & { key: 'office' | 'field' | 'allday' })[] = [
  { key: 'office', name: '标准工作日（周一至周五 9:00–12:00、13:00–18:00）', timeZone: 'Asia/Shanghai', weekly: { 1: office, 2: office, 3: office, 4: office, 5: office }, statutoryHolidays: true, isDefault: true },
  { key: 'field', name: '上门服务（每天 8:00–20:00）', timeZone: 'Asia/Shanghai', weekly: { 1: field, 2: field, 3: field, 4: field, 5: field, 6: field, 7: field }, statutoryHolidays: false },
  { key: 'allday', name: '7×24 小时', timeZone: 'Asia/Shanghai', weekly: '24x7', statutoryHolidays: false },
];

export function defaultPolicies(settings: OrgSettings, calendars: Record<'office' | 'field' | 'allday', string>): (PolicyBody & { template: string })[] {
  const s = settings.sla;
  const c = settings.contractors;
  const warn = s.warnAtBp;
  return [
    {
      template: 'R5',
      name: '紧急报修：立即派本部维修人员',
      rank: 10,
      active: true,
      conditions: { emergency: true },
      calendarId: calendars.allday,
      targets: [{ metric: 'accept_to_dispatch', minutes: s.emergencyDispatchMinutes, mode: 'calendar', pausedBy: [], warnAtBp: warn }],
      actions: [
        { metric: 'accept_to_dispatch', atBp: warn[0] ?? 5000, action: 'escalate' },
        { metric: 'accept_to_dispatch', atBp: 10_000, action: 'escalate' },
      ],
    },
    {
      template: 'R4',
      name: '施工单位保修到场时限',
      rank: 20,
      active: true,
      conditions: { hasContractor: true },
      calendarId: calendars.allday,
      targets: [
        {
          metric: 'contractor_on_site',
          minutes: c.onSiteFastMinutes,
          mode: 'calendar',
          aboveValue: { thresholdFen: c.valueThresholdFen, minutes: c.onSiteSlowMinutes },
          pausedBy: [],
          warnAtBp: warn,
        },
      ],
      actions: [
        { metric: 'contractor_on_site', atBp: warn.at(-1) ?? 7500, action: 'notify' },
        { metric: 'contractor_on_site', atBp: 10_000, action: 'contractor_default' },
      ],
    },
    {
      template: 'E2',
      name: '设备系统：1 小时响应、2 小时到场、24 小时解决、备用机',
      rank: 30,
      active: true,
      conditions: { assetKinds: ['equipment'] },
      calendarId: calendars.allday,
      targets: [
        { metric: 'first_response', minutes: s.firstResponseMinutes, mode: 'calendar', pausedBy: [], warnAtBp: warn },
        { metric: 'dispatch_to_arrival', minutes: s.onSiteMinutes, mode: 'calendar', pausedBy: ['waiting_customer'], warnAtBp: warn },
        { metric: 'resolution', minutes: s.resolutionMinutes, mode: 'calendar', pausedBy: ['waiting_customer'], warnAtBp: warn },
        { metric: 'work_to_clear', minutes: s.loanerAfterWorkMinutes, mode: 'calendar', pausedBy: ['waiting_customer'], warnAtBp: [] },
        { metric: 'loaner_delivery', minutes: s.loanerWithinMinutes, mode: 'calendar', pausedBy: [], warnAtBp: warn },
      ],
      actions: [
        { metric: 'first_response', atBp: 10_000, action: 'escalate' },
        { metric: 'dispatch_to_arrival', atBp: 10_000, action: 'escalate' },
        { metric: 'resolution', atBp: 10_000, action: 'escalate' },
        { metric: 'work_to_clear', atBp: 10_000, action: 'request_loaner' },
        { metric: 'loaner_delivery', atBp: 10_000, action: 'escalate' },
      ],
    },
    {
      template: 'H4',
      name: '家电维修热线：3 小时到场、电话解决后 3 小时回访',
      rank: 40,
      active: true,
      conditions: { assetKinds: ['appliance'] },
      calendarId: calendars.field,
      targets: [
        { metric: 'dispatch_to_arrival', minutes: s.technicianOnSiteMinutes, mode: 'business', pausedBy: ['waiting_customer'], warnAtBp: warn },
        { metric: 'phone_fix_callback', minutes: s.phoneFixCallbackMinutes, mode: 'business', pausedBy: [], warnAtBp: warn },
      ],
      actions: [
        { metric: 'dispatch_to_arrival', atBp: warn.at(-1) ?? 7500, action: 'notify' },
        { metric: 'dispatch_to_arrival', atBp: 10_000, action: 'reassign' },
        { metric: 'phone_fix_callback', atBp: 10_000, action: 'escalate' },
      ],
    },
    {
      template: 'C1',
      name: '售后服务中心：受理 4 小时内派工，派工 6 小时内完工',
      rank: 100,
      active: true,
      conditions: {},
      calendarId: calendars.office,
      targets: [
        { metric: 'accept_to_dispatch', minutes: s.acceptToDispatchMinutes, mode: 'business', pausedBy: ['waiting_customer'], warnAtBp: warn },
        {
          metric: 'dispatch_to_completion',
          minutes: s.dispatchToCompleteMinutes,
          extendedMinutes: s.dispatchToCompleteExtendedMinutes,
          mode: 'business',
          pausedBy: ['waiting_parts', 'waiting_customer'],
          warnAtBp: warn,
        },
        { metric: 'phone_fix_callback', minutes: s.phoneFixCallbackMinutes, mode: 'business', pausedBy: [], warnAtBp: warn },
      ],
      actions: [
        { metric: 'accept_to_dispatch', atBp: warn.at(-1) ?? 7500, action: 'notify' },
        { metric: 'accept_to_dispatch', atBp: 10_000, action: 'escalate' },
        { metric: 'dispatch_to_completion', atBp: 10_000, action: 'escalate' },
        { metric: 'phone_fix_callback', atBp: 10_000, action: 'escalate' },
      ],
    },
  ];
}

/** What a template takes from the settings: its targets and its actions (names, ranks, conditions and calendars are the organisation's to change). */
export type TemplateFigures = Pick<PolicyBody, 'targets' | 'actions'>;

/** Each template's figures under these settings, by template key. */
export function templateFigures(settings: OrgSettings): Map<string, TemplateFigures> {
  const anyCalendar = { office: '', field: '', allday: '' };
  return new Map(defaultPolicies(settings, anyCalendar).map((p) => [p.template, { targets: p.targets, actions: p.actions }]));
}

/**
 * Whether a policy has exactly these figures. Both sides are read through the contract first,
 * so a policy saved back unchanged from the policy page (defaults filled in, empty optional
 * fields as null) still has the template's figures.
 */
export function hasFigures(policy: TemplateFigures, figures: TemplateFigures): boolean {
  return canonical(policy) === canonical(figures);
}

function canonical(figures: TemplateFigures): string {
  // A row that no longer reads as the contract says compares as it is (and so differs).
  const targets = figures.targets.map((t) => policyTarget.safeParse(t).data ?? t);
  const actions = figures.actions.map((a) => policyAction.safeParse(a).data ?? a);
  return stableJson({ targets, actions });
}

/** JSON with object keys sorted and null or missing optional fields dropped: equal figures, equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
