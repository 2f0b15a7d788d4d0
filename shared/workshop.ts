/**
 * The car workshop's vocabulary and its stage rules (A3 reception, A4 stages by team). Pure:
 * the server decides with these functions and the web shows the buttons they allow.
 */

/** The stage every plan ends with: final inspection passes the job or sends it back (A4). */
export const QC_STAGE = 'qc';

/** A4 by default: body (钣金), then paint (油漆), then QC (质检). An organisation may change it. */
export const DEFAULT_STAGE_PLAN = 'body,paint,qc';

/** A3: what a walk-around inspection looks at by default: 外观, 轮胎, 玻璃, 灯光, 内饰. */
export const DEFAULT_CHECKLIST = 'exterior,tyres,glass,lights,interior';

/** A fuel gauge as reception reads it: E, ¼, ½, ¾, F. */
export const FUEL_LEVELS = ['empty', 'quarter', 'half', 'three_quarters', 'full'] as const;
export type FuelLevel = (typeof FUEL_LEVELS)[number];

export const CHECK_STATES = ['ok', 'damaged'] as const;
export type CheckState = (typeof CHECK_STATES)[number];

/** A check-in is edited as a draft, signed once, and superseded by a signed correction. */
export const CHECKIN_STATUSES = ['draft', 'signed', 'superseded'] as const;
export type CheckInStatus = (typeof CHECKIN_STATUSES)[number];

/** A stage run: started, finished, signed by the team lead; QC ends passed or failed instead. */
export const STAGE_RUN_STATUSES = ['in_progress', 'finished', 'signed', 'passed', 'failed'] as const;
export type StageRunStatus = (typeof STAGE_RUN_STATUSES)[number];

export const STAGE_ACTIONS = ['start', 'finish', 'sign', 'qc'] as const;
export type StageAction = (typeof STAGE_ACTIONS)[number];

export const QC_RESULTS = ['pass', 'fail'] as const;
export type QcResult = (typeof QC_RESULTS)[number];

const KEY = /^[a-z][a-z0-9_]{0,29}$/;

/** `'body, paint,qc'` → `['body', 'paint', 'qc']`; empty parts dropped. */
export function splitKeys(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A plan is distinct stage keys ending with QC, QC appearing once. */
export function isStagePlan(plan: string): boolean {
  const keys = splitKeys(plan);
  return keys.length >= 1 && keys.length <= 10 && keys.every((k) => KEY.test(k)) && new Set(keys).size === keys.length && keys.at(-1) === QC_STAGE;
}

export function isChecklist(list: string): boolean {
  const keys = splitKeys(list);
  return keys.length >= 1 && keys.length <= 30 && keys.every((k) => KEY.test(k)) && new Set(keys).size === keys.length;
}

export interface JobState {
  plan: readonly string[];
  /** The stage work waits on; null once QC has passed. */
  currentStage: string | null;
  round: number;
}

export interface RunState {
  stage: string;
  round: number;
  status: StageRunStatus;
}

export interface NextStep {
  stage: string;
  action: StageAction;
}

/**
 * The one thing that may happen next on a job: the current stage is started, then finished,
 * then signed by its team lead; the QC stage is started and then passed or failed.
 */
export function nextStep(job: JobState, runs: readonly RunState[]): NextStep | null {
  const stage = job.currentStage;
  if (stage === null) return null;
  const run = runs.find((r) => r.stage === stage && r.round === job.round);
  if (!run) return { stage, action: 'start' };
  if (stage === QC_STAGE) return { stage, action: 'qc' };
  return { stage, action: run.status === 'in_progress' ? 'finish' : 'sign' };
}

/** Where the job goes after the current stage is signed: the next stage of the plan. */
export function stageAfter(plan: readonly string[], stage: string): string | null {
  const i = plan.indexOf(stage);
  return i >= 0 && i + 1 < plan.length ? plan[i + 1]! : null;
}

/** The stages a QC failure may send a job back to: every stage before QC. */
export function reworkTargets(plan: readonly string[]): string[] {
  return plan.filter((s) => s !== QC_STAGE);
}

/** What the A3 completeness rule reads of a check-in: the walk-around as the API takes it. */
export interface CheckInContent {
  mileageKm?: number | null | undefined;
  fuelLevel?: FuelLevel | null | undefined;
  checklist: readonly { item: string }[];
  valuablesReminded: boolean;
  licenceChecked: boolean;
  phoneChecked: boolean;
  requests: readonly { confirmed: boolean }[];
}

/** Message keys of `shared/i18n` for what is missing. */
export type CheckInGapMessage =
  | 'validation.required'
  | 'workshop.validation.checklistIncomplete'
  | 'workshop.validation.valuablesReminder'
  | 'workshop.validation.licenceChecked'
  | 'workshop.validation.phoneChecked'
  | 'workshop.validation.requestsRequired'
  | 'workshop.validation.requestUnconfirmed'
  | 'workshop.validation.signatureRequired';

export interface CheckInGap {
  /** The body's field, dotted: `mileageKm`, `requests.1.confirmed`. */
  field: string;
  message: CheckInGapMessage;
  /** For an incomplete checklist: the items not looked at, in the checklist's order. */
  items?: string[];
}

/**
 * A3: what a check-in lacks before the customer's signature can make it count: the mileage,
 * the fuel level, every item of the organisation's checklist, the valuables reminder, the
 * licence and phone checked, at least one request and each request confirmed. The server
 * refuses to sign with any gap; the web shows the same gaps before handing over the pad.
 */
export function checkInGaps(body: CheckInContent, checklist: readonly string[]): CheckInGap[] {
  const gaps: CheckInGap[] = [];
  if (body.mileageKm === null || body.mileageKm === undefined) gaps.push({ field: 'mileageKm', message: 'validation.required' });
  if (!body.fuelLevel) gaps.push({ field: 'fuelLevel', message: 'validation.required' });
  const done = new Set(body.checklist.map((c) => c.item));
  const undone = checklist.filter((i) => !done.has(i));
  if (undone.length) gaps.push({ field: 'checklist', message: 'workshop.validation.checklistIncomplete', items: undone });
  if (!body.valuablesReminded) gaps.push({ field: 'valuablesReminded', message: 'workshop.validation.valuablesReminder' });
  if (!body.licenceChecked) gaps.push({ field: 'licenceChecked', message: 'workshop.validation.licenceChecked' });
  if (!body.phoneChecked) gaps.push({ field: 'phoneChecked', message: 'workshop.validation.phoneChecked' });
  if (body.requests.length === 0) gaps.push({ field: 'requests', message: 'workshop.validation.requestsRequired' });
  body.requests.forEach((r, i) => {
    if (!r.confirmed) gaps.push({ field: `requests.${i}.confirmed`, message: 'workshop.validation.requestUnconfirmed' });
  });
  return gaps;
}

/** A3: the signature itself, and who signed, on top of a complete check-in. */
export function signatureGaps(body: { signatureAttachmentId?: string | null | undefined; signerName?: string | null | undefined }): CheckInGap[] {
  const gaps: CheckInGap[] = [];
  if (!body.signatureAttachmentId) gaps.push({ field: 'signatureAttachmentId', message: 'workshop.validation.signatureRequired' });
  if (!body.signerName) gaps.push({ field: 'signerName', message: 'validation.required' });
  return gaps;
}
