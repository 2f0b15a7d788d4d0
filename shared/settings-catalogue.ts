import { divideRounded } from './money';
import { orgSettingsSchema, type OrgSettings } from './settings';

/**
 * What the settings page needs to know about each setting that the schema cannot say: which
 * tab it sits in, what unit it is stored in and what unit a person reads it in. The schema
 * stores money in fen, rates in basis points and durations in minutes; an administrator reads
 * yuan, per cent and hours. Every setting has an entry here (a test holds the two together),
 * and its label and help text are the messages `settings.<path>` and `settings.help.<path>`.
 */

/** How a number is shown: its stored value divided by `scale`, to at most `decimals` places. */
export type SettingUnit =
  | 'yuan' // fen, shown in 元
  | 'percent' // basis points, shown in %
  | 'times' // basis points of a whole, shown as a multiple (30000 → 3 倍)
  | 'minutesInHours' // minutes, shown in hours
  | 'hours'
  | 'minutes'
  | 'seconds'
  | 'days'
  | 'months'
  | 'megabytes' // bytes, shown in MB
  | 'count';

/** Per unit: stored units per shown unit, the places shown, and the label's message (`settings.unit.<label>`); a count has none. */
export const UNIT_SCALE: Record<SettingUnit, { scale: number; decimals: 0 | 2; label: string | null }> = {
  yuan: { scale: 100, decimals: 2, label: 'yuan' },
  percent: { scale: 100, decimals: 2, label: 'percent' },
  times: { scale: 10_000, decimals: 2, label: 'times' },
  minutesInHours: { scale: 60, decimals: 2, label: 'hours' },
  hours: { scale: 1, decimals: 0, label: 'hours' },
  minutes: { scale: 1, decimals: 0, label: 'minutes' },
  seconds: { scale: 1, decimals: 0, label: 'seconds' },
  days: { scale: 1, decimals: 0, label: 'days' },
  months: { scale: 1, decimals: 0, label: 'months' },
  megabytes: { scale: 1_000_000, decimals: 2, label: 'megabytes' },
  count: { scale: 1, decimals: 0, label: null },
};

/** The kinds of input a setting takes. */
export type SettingKind =
  | { type: 'number'; unit: SettingUnit }
  /** A list of numbers, each in `unit` (warning points in %, ageing buckets in days). */
  | { type: 'numberList'; unit: SettingUnit }
  /** A list of words, one tag each; `lines` lists hold commas inside an entry, so only Enter ends one. */
  | { type: 'textList'; lines?: boolean }
  /**
   * Keys stored comma-separated (`body,paint,qc`), edited as tags named in the user's language
   * (`enum.<list>.<key>`), the known keys offered; a key without a name shows as itself.
   */
  | { type: 'keyList'; list: string; known: readonly string[] }
  | { type: 'text' }
  | { type: 'boolean' }
  | { type: 'time' }
  | { type: 'choice'; options: readonly string[] };

/** The tabs of the settings page, in order, and the groups of the schema each holds. */
export const SETTINGS_TABS = {
  tickets: ['tickets', 'sla', 'contact', 'warranty'],
  dispatch: ['appointments', 'fieldwork', 'delivery', 'care', 'workshop'],
  parts: ['parts'],
  billing: ['billing', 'contractors'],
  pay: ['pay', 'penalties'],
  messages: ['messages', 'webhooks'],
  selfservice: ['selfservice'],
} as const satisfies Record<string, readonly (keyof OrgSettings)[]>;

export type SettingsTab = keyof typeof SETTINGS_TABS;
export type SettingsGroup = keyof OrgSettings;

const n = (unit: SettingUnit): SettingKind => ({ type: 'number', unit });
const money = n('yuan');
const rate = n('percent');
const hours = n('minutesInHours');
const minutes = n('minutes');
const days = n('days');
const months = n('months');
const count = n('count');
const text: SettingKind = { type: 'text' };

/** Every setting by its dotted path, in the order the page shows them. */
export const SETTINGS_CATALOGUE: Record<string, SettingKind> = {
  'tickets.numberPrefix': text,
  'tickets.numberDigits': count,
  'sla.acceptToDispatchMinutes': hours,
  'sla.dispatchToCompleteMinutes': hours,
  'sla.dispatchToCompleteExtendedMinutes': hours,
  'sla.firstResponseMinutes': minutes,
  'sla.onSiteMinutes': hours,
  'sla.resolutionMinutes': hours,
  'sla.loanerAfterWorkMinutes': hours,
  'sla.loanerWithinMinutes': hours,
  'sla.phoneFixCallbackMinutes': hours,
  'sla.technicianOnSiteMinutes': hours,
  'sla.emergencyDispatchMinutes': minutes,
  'sla.warnAtBp': { type: 'numberList', unit: 'percent' },
  'sla.attainmentTargetBp': rate,
  'contact.retryAfterMinutes': minutes,
  'contact.maxFailedCalls': count,
  'warranty.defaultMonths': months,
  'warranty.minimumMonths': months,
  'appointments.bookingDiscountBp': rate,
  'appointments.publicDaysAhead': days,
  'appointments.generateDaysAhead': days,
  'appointments.publicWindowMinutes': minutes,
  'appointments.publicPageViewsPerAddress': count,
  'appointments.publicRequestsPerAddress': count,
  'appointments.publicRequestsPerPhone': count,
  'appointments.publicRequestsPerLink': count,
  'fieldwork.clientClockToleranceSeconds': n('seconds'),
  'fieldwork.offlineGapFlagMinutes': minutes,
  'delivery.checklist': { type: 'textList' },
  'care.waterTestIntervalMonths': months,
  'care.fullServiceIntervalMonthsMechanical': months,
  'care.fullServiceIntervalMonthsOther': months,
  'care.maintenanceVisitIntervalMonths': months,
  'care.inspectionsPerYear': count,
  'care.patrolIntervalMonths': months,
  'care.reminderDaysBefore': days,
  'workshop.stagePlan': { type: 'keyList', list: 'workshopStage', known: ['body', 'paint', 'mechanical', 'electrical', 'wash', 'qc'] },
  'workshop.checklist': { type: 'keyList', list: 'checklistItem', known: ['exterior', 'tyres', 'glass', 'lights', 'interior'] },
  'parts.divisibleUnits': { type: 'textList' },
  'parts.oldPartReturnDays': days,
  'parts.loanerDays': days,
  'parts.slowMovingDays': days,
  'parts.unusualUsageFactorBp': n('times'),
  'parts.unusualUsageMinimum': count,
  'parts.unusualUsageHistoryMonths': months,
  'parts.forecastHistoryMonths': months,
  'billing.quoteValidDays': days,
  'billing.approvalLinkHours': n('hours'),
  'billing.travelPerKmFen': money,
  'billing.travelFixedFen': money,
  'billing.publicLinkRequestsPerAddress': count,
  'billing.publicLinkWindowMinutes': minutes,
  'billing.doaDays': days,
  'billing.advanceReturnDays': days,
  'billing.ageingBucketDays': { type: 'numberList', unit: 'days' },
  'billing.repairWarrantyMonths': months,
  'contractors.valueThresholdFen': money,
  'contractors.onSiteFastMinutes': hours,
  'contractors.onSiteSlowMinutes': hours,
  'contractors.defaultDeductionRateBp': rate,
  'contractors.emergencyDeductionRateBp': rate,
  'contractors.delegatedFeeRateBp': rate,
  'contractors.groupComplaintTickets': count,
  'contractors.groupComplaintDays': days,
  'pay.baseSalaryFen.junior.probation': money,
  'pay.baseSalaryFen.junior.regular': money,
  'pay.baseSalaryFen.intermediate.probation': money,
  'pay.baseSalaryFen.intermediate.regular': money,
  'pay.baseSalaryFen.senior.probation': money,
  'pay.baseSalaryFen.senior.regular': money,
  'pay.baseSalaryFen.apprentice': money,
  'pay.baseSalaryFen.trial': money,
  'pay.directHourlyFen.junior': money,
  'pay.directHourlyFen.intermediate': money,
  'pay.directHourlyFen.senior': money,
  'pay.indirectHourlyFen.publicTransport': money,
  'pay.indirectHourlyFen.companyVehicle': money,
  'pay.indirectHourlyFen.ownVehicle': money,
  'pay.deliveryBonusFen': money,
  'pay.commissionRateBp': rate,
  'pay.reworkHoldbackRateBp': rate,
  'pay.supervisorShareBp': rate,
  'pay.supervisorHoldbackRateBp': rate,
  'pay.firstAttemptExamBonusFen': money,
  'penalties.wrongPhoneFen': money,
  'penalties.qualityComplaintFen': money,
  'messages.smtpHost': text,
  'messages.smtpPort': count,
  'messages.smtpSecurity': { type: 'choice', options: ['tls', 'starttls', 'none'] },
  'messages.smtpUser': text,
  'messages.smtpFrom': text,
  'messages.smsUrl': text,
  'messages.smsTemplates': { type: 'textList', lines: true },
  'messages.wechatUrl': text,
  'messages.wechatTemplates': { type: 'textList', lines: true },
  'messages.maxAttempts': count,
  'messages.retryAfterMinutes': minutes,
  'messages.quietStart': { type: 'time' },
  'messages.quietEnd': { type: 'time' },
  'messages.routing': { type: 'textList', lines: true },
  'webhooks.maxAttempts': count,
  'webhooks.retryBaseMinutes': minutes,
  'webhooks.allowPrivateTargets': { type: 'boolean' },
  'selfservice.hotline': text,
  'selfservice.publicOrigin': text,
  'selfservice.labelsPerSheet': count,
  'selfservice.publicRequestsPerAddress': count,
  'selfservice.publicWindowMinutes': minutes,
  'selfservice.reportsPerAddress': count,
  'selfservice.reportsPerToken': count,
  'selfservice.reportWindowMinutes': minutes,
  'selfservice.maxPhotos': count,
  'selfservice.maxPhotoBytes': n('megabytes'),
  'selfservice.trackingLinkDays': days,
  'selfservice.lowRatingAtMost': count,
  'selfservice.phoneCodeMinutes': minutes,
  'selfservice.phoneCodeMaxTries': count,
  'selfservice.phoneCodesPerAddress': count,
  'selfservice.phoneCodesPerPhone': count,
  'selfservice.phoneCodeWindowMinutes': minutes,
};

/** The tab a setting sits in: the tab that holds its group. */
export function tabOf(path: string): SettingsTab {
  const group = path.split('.')[0];
  const tab = (Object.keys(SETTINGS_TABS) as SettingsTab[]).find((t) => (SETTINGS_TABS[t] as readonly string[]).includes(group!));
  if (!tab) throw new RangeError(`no tab holds the settings group ${group}`);
  return tab;
}

/** The settings of one tab, in catalogue order. */
export function settingsOfTab(tab: SettingsTab): string[] {
  return Object.keys(SETTINGS_CATALOGUE).filter((path) => tabOf(path) === tab);
}

/**
 * A stored number as a person reads it, to the unit's places, rounded by the one rule
 * (`divideRounded`): 80000 fen → 800 (元), 1500 bp → 15 (%), 90 minutes → 1.5 (hours),
 * 100 minutes → 1.67.
 */
export function toShown(unit: SettingUnit, stored: number): number {
  const { scale, decimals } = UNIT_SCALE[unit];
  if (scale === 1) return stored;
  const places = 10n ** BigInt(decimals);
  const hundredths = divideRounded(BigInt(stored) * places, BigInt(scale));
  return Number(hundredths) / Number(places);
}

/**
 * What a person typed, in the stored unit: 900 元 → 90000 fen, 12.5 % → 1250 bp. The typed
 * number is read through its decimal text (so 0.1 + 0.2 drift never reaches it), then
 * rounded by the one rule. `toStored(unit, toShown(unit, v)) === v` for every whole v in fen,
 * basis points and minutes shown in hours; a coarser unit (bytes in MB) can lose the last
 * digits, so the page converts back only what a person changed.
 */
export function toStored(unit: SettingUnit, shown: number): number {
  const { scale, decimals } = UNIT_SCALE[unit];
  if (scale === 1) return Math.round(shown);
  const places = 10n ** BigInt(decimals);
  const [whole, frac = ''] = Math.abs(shown).toFixed(decimals).split('.');
  const scaled = BigInt(whole!) * places + BigInt(frac.padEnd(decimals, '0') || '0');
  const stored = Number(divideRounded(scaled * BigInt(scale), places));
  return shown < 0 ? -stored : stored;
}

/** The defaults, for the test that holds the catalogue and the schema together. */
export function settingsPaths(settings: unknown = orgSettingsSchema.parse({})): string[] {
  const walk = (tree: Record<string, unknown>, prefix: string[]): string[] =>
    Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? walk(v as Record<string, unknown>, [...prefix, k]) : [[...prefix, k].join('.')]));
  return walk(settings as Record<string, unknown>, []);
}
