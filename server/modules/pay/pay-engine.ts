import type { PayLineKind, PayRule, PenaltyCause, SourceType } from '../../../shared/contracts/pay';
import type { TimeEntryKind, TransportMode, WaitReason } from '../../../shared/contracts/fieldwork';
import type { EmploymentStatus, TechnicianGrade, TicketType, WarrantyState } from '../../../shared/domain';
import { applyRate, divideRounded } from '../../../shared/money';
import type { OrgSettings } from '../../../shared/settings';

/*
 * The pay rules (M2 to M10, A5) as one pure function: a month's records in, the month's pay
 * lines out, each naming its source and rule. Nothing here reads a clock or a database.
 *
 * What a run pays is what is due minus what locked runs already paid, source by source, so a
 * late callback, a refund or a cost found after a month was locked becomes a line of the next
 * run that names the line it corrects, and a recomputed draft never pays anything twice.
 */

export type PaySettings = OrgSettings['pay'];

export interface GradePair {
  grade: TechnicianGrade | null;
  employmentStatus: EmploymentStatus | null;
}

export interface PayPersonInput extends GradePair {
  userId: string;
  name: string;
  role: string;
  /** A technician draws base pay and hour subsidies; others (a supervisor) only their commission share. */
  technician: boolean;
  active: boolean;
  /** M1: grade changes, each from its day; the pair in force on a day is the latest on or before it. */
  changes: ({ effectiveOn: string } & GradePair)[];
}

export interface EntryInput {
  id: string;
  ticketId: string;
  ticketNumber: string;
  ticketType: TicketType;
  ticketWarranty: WarrantyState;
  userId: string;
  kind: TimeEntryKind;
  transport: TransportMode | null;
  waitReason: WaitReason | null;
  /** The day the entry started, in the organisation's zone. */
  day: string;
  minutes: number;
  correctsId: string | null;
}

export interface DeliveryInput {
  ticketId: string;
  ticketNumber: string;
  /** Who earns it: the delivery's lead technician. */
  userId: string;
  receivedOn: string;
  /** M6: false when the callback found the machine was not explained. */
  callbackExplained: boolean | null;
}

export interface OrderInput {
  ticketId: string;
  ticketNumber: string;
  /** As of the month's end. */
  collectedFen: number;
  costsFen: number;
  outstandingFen: number;
  collectedInMonthFen: number;
  repairWarrantyEndsOn: string | null;
  completedOn: string | null;
  crew: { userId: string; isLead: boolean }[];
  /** The service supervisor of the order (who approved its hours), or null. */
  supervisorId: string | null;
}

export interface ExamInput {
  id: string;
  userId: string;
  productLine: string;
  takenOn: string;
  passed: boolean;
  attempt: number;
}

export interface PenaltyInput {
  id: string;
  userId: string;
  cause: PenaltyCause;
  amountFen: number;
  description: string;
  ticketId: string | null;
  ticketNumber: string | null;
  confirmedOn: string;
}

export interface JudgementInput {
  originalTicketId: string;
  atFaultUserIds: string[];
  reason: string;
  /** The day the rework ticket was reported: a forfeit needs it within the repair's warranty. */
  reworkReportedOn: string;
  decidedOn: string;
}

/** A line some locked run holds. */
export interface PaidLine {
  lineId: string;
  userId: string;
  kind: PayLineKind;
  amountFen: number;
  heldFen: number;
  ticketId: string | null;
  ticketNumber: string | null;
  /** Holdback lines carry their warranty's end. */
  warrantyEndsOn: string | null;
}

export interface PayInput {
  month: string;
  monthStart: string;
  nextMonthStart: string;
  /** Months with a locked run: a record dated in one that its run missed is paid now. */
  lockedMonths: ReadonlySet<string>;
  settings: PaySettings;
  people: PayPersonInput[];
  entries: EntryInput[];
  deliveries: DeliveryInput[];
  orders: OrderInput[];
  exams: ExamInput[];
  penalties: PenaltyInput[];
  judgements: JudgementInput[];
  /** What locked runs paid, by `${sourceType}:${sourceId}`. */
  paid: ReadonlyMap<string, PaidLine[]>;
}

export interface LineOut {
  userId: string;
  kind: PayLineKind;
  rule: PayRule;
  amountFen: number;
  heldFen: number;
  sourceType: SourceType;
  sourceId: string;
  ticketId: string | null;
  ticketNumber: string | null;
  sourceOn: string | null;
  detail: Record<string, string | number | boolean | null>;
  explanation: string;
  correctsLineId: string | null;
}

export interface Warning {
  code: string;
  params: Record<string, string | number>;
}

export interface PayOutput {
  lines: LineOut[];
  warnings: Warning[];
}

const NO_SUBSIDY: readonly EmploymentStatus[] = ['apprentice', 'trial', 'probation'];
const NO_SHARE: readonly EmploymentStatus[] = ['apprentice', 'trial'];
const NONE_PAID: readonly PaidLine[] = Object.freeze([]);

/** M1: the grade and status in force on a day. */
export function inForceOn(person: Pick<PayPersonInput, 'grade' | 'employmentStatus' | 'changes'>, day: string): GradePair {
  let found: GradePair | undefined;
  for (const change of person.changes) if (change.effectiveOn <= day) found = change;
  return found ?? { grade: person.grade, employmentStatus: person.employmentStatus };
}

/** M2: the month's base for a grade and status. */
export function baseSalaryFen(settings: PaySettings, pair: GradePair): number | null {
  const status = pair.employmentStatus;
  if (status === 'apprentice' || status === 'trial') return settings.baseSalaryFen[status];
  if (!status || !pair.grade) return null;
  return settings.baseSalaryFen[pair.grade][status];
}

/** Hours for display: 90 minutes → "1.5". A month repeats a few hundred durations over some 200,000 entries. */
const shownHours = new Map<number, string>();
const hours = (minutes: number) => {
  let shown = shownHours.get(minutes);
  if (shown === undefined) {
    shown = String(Number((minutes / 60).toFixed(2)));
    if (shownHours.size < 10_000) shownHours.set(minutes, shown);
  }
  return shown;
};
const hourly = (minutes: number, rateFen: number) => Number(divideRounded(BigInt(minutes) * BigInt(rateFen), 60n));
const lastDayOf = (nextMonthStart: string) => {
  const d = new Date(`${nextMonthStart}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** M3, M4, M5, M6: what one time entry earns, and why. Called once per entry: its objects are built whole, not spread. */
export function hoursLine(settings: PaySettings, entry: EntryInput, pair: GradePair): Pick<LineOut, 'kind' | 'rule' | 'amountFen' | 'detail' | 'explanation'> {
  const direct = entry.kind === 'direct';
  const kind: PayLineKind = direct ? 'direct_hours' : 'indirect_hours';
  const minutes = entry.minutes;
  const shown = hours(minutes);
  const nothing = (rule: PayRule, explanation: string) => ({ kind, rule, amountFen: 0, detail: { minutes, hours: shown, grade: pair.grade, status: pair.employmentStatus }, explanation });
  if (direct && entry.ticketType === 'delivery') return nothing('M6', 'pay.explain.delivery_hours');
  if (entry.ticketWarranty === 'out') return nothing('M5', direct ? 'pay.explain.direct_hours_out_of_warranty' : 'pay.explain.indirect_out_of_warranty');
  if (!pair.employmentStatus || NO_SUBSIDY.includes(pair.employmentStatus)) return nothing('M5', 'pay.explain.hours_not_subsidised');
  if (direct) {
    if (!pair.grade) return nothing('M3', 'pay.explain.hours_not_subsidised');
    const rateFen = settings.directHourlyFen[pair.grade];
    return { kind, rule: 'M3', amountFen: hourly(minutes, rateFen), detail: { minutes, hours: shown, grade: pair.grade, status: pair.employmentStatus, rateFen }, explanation: 'pay.explain.direct_hours' };
  }
  if (entry.kind === 'wait' && entry.waitReason !== 'waiting_goods' && entry.waitReason !== 'force_majeure') {
    return {
      kind,
      rule: 'M4',
      amountFen: 0,
      detail: { minutes, hours: shown, grade: pair.grade, status: pair.employmentStatus, reason: entry.waitReason },
      explanation: 'pay.explain.indirect_not_counted',
    };
  }
  const transport = entry.transport ?? 'public';
  const rateFen =
    transport === 'company' ? settings.indirectHourlyFen.companyVehicle : transport === 'own' ? settings.indirectHourlyFen.ownVehicle : settings.indirectHourlyFen.publicTransport;
  return {
    kind,
    rule: 'M4',
    amountFen: hourly(minutes, rateFen),
    detail: { minutes, hours: shown, grade: pair.grade, status: pair.employmentStatus, rateFen, transport, waitReason: entry.waitReason },
    explanation: 'pay.explain.indirect_hours',
  };
}

/**
 * M7, M9: an order's commission as due to date, split: the supervisor's share first, the rest in
 * equal fen among those who took part and share (not apprentices nor trial workers), the
 * remainder fen to the lead. No profit, no commission.
 */
export function splitCommission(
  settings: PaySettings,
  order: Pick<OrderInput, 'collectedFen' | 'costsFen' | 'crew' | 'supervisorId'>,
  statusOf: (userId: string) => EmploymentStatus | null,
) {
  const netProfitFen = order.collectedFen - order.costsFen;
  const commissionFen = netProfitFen > 0 ? applyRate(netProfitFen, settings.commissionRateBp) : 0;
  const supervisorFen = applyRate(commissionFen, settings.supervisorShareBp);
  const poolFen = commissionFen - supervisorFen;
  const sharers = [...order.crew]
    .sort((a, b) => Number(b.isLead) - Number(a.isLead) || a.userId.localeCompare(b.userId))
    .filter((member) => {
      const status = statusOf(member.userId);
      return status !== null && !NO_SHARE.includes(status);
    });
  const shares = new Map<string, number>();
  if (sharers.length > 0) {
    const each = Math.floor(poolFen / sharers.length);
    sharers.forEach((member, i) => shares.set(member.userId, each + (i === 0 ? poolFen - each * sharers.length : 0)));
  }
  return { netProfitFen, commissionFen, supervisorFen, poolFen, shares, sharers: sharers.length };
}

export function computePay(input: PayInput): PayOutput {
  const { settings, monthStart, nextMonthStart } = input;
  const lastDay = lastDayOf(nextMonthStart);
  const lines: LineOut[] = [];
  const warnings: Warning[] = [];
  const people = new Map(input.people.map((p) => [p.userId, p]));
  const pairOn = (userId: string, day: string): GradePair => {
    const person = people.get(userId);
    return person ? inForceOn(person, day) : { grade: null, employmentStatus: null };
  };
  /** A record belongs to this run when dated in its month, or in an earlier locked month whose run missed it. */
  const belongs = (day: string) => (day >= monthStart && day < nextMonthStart) || (day < monthStart && input.lockedMonths.has(day.slice(0, 7)));
  const paidOf = (type: SourceType, id: string): readonly PaidLine[] => (input.paid.size === 0 ? NONE_PAID : (input.paid.get(`${type}:${id}`) ?? NONE_PAID));
  // Some 400,000 lines a month: each is built field by field in one shape. Object spreads here
  // cost seconds, and leave objects that JSON.stringify serialises slowly.
  const push = (line: Omit<LineOut, 'heldFen' | 'correctsLineId'> & Partial<Pick<LineOut, 'heldFen' | 'correctsLineId'>>) =>
    lines.push({
      userId: line.userId,
      kind: line.kind,
      rule: line.rule,
      amountFen: line.amountFen,
      heldFen: line.heldFen ?? 0,
      sourceType: line.sourceType,
      sourceId: line.sourceId,
      ticketId: line.ticketId,
      ticketNumber: line.ticketNumber,
      sourceOn: line.sourceOn,
      detail: line.detail,
      explanation: line.explanation,
      correctsLineId: line.correctsLineId ?? null,
    });

  // M2: base pay, by the grade and status in force on the month's last day.
  for (const person of input.people) {
    if (!person.technician || !person.active) continue;
    const pair = inForceOn(person, lastDay);
    const amountFen = baseSalaryFen(settings, pair);
    if (amountFen === null) {
      warnings.push({ code: 'pay.warning.gradeMissing', params: { name: person.name } });
      continue;
    }
    push({
      userId: person.userId,
      kind: 'base',
      rule: 'M2',
      amountFen,
      sourceType: 'user',
      sourceId: person.userId,
      ticketId: null,
      ticketNumber: null,
      sourceOn: monthStart,
      detail: { grade: pair.grade, status: pair.employmentStatus },
      explanation: 'pay.explain.base',
    });
  }

  // M3, M4, M5, M6: approved time entries, each at the grade and status of its day.
  for (const entry of input.entries) {
    if (!belongs(entry.day) || paidOf('time_entry', entry.id).length > 0) continue;
    const computed = hoursLine(settings, entry, pairOn(entry.userId, entry.day));
    const corrected = entry.correctsId ? paidOf('time_entry', entry.correctsId).find((l) => l.userId === entry.userId) : undefined;
    push({
      userId: entry.userId,
      kind: corrected ? 'correction' : computed.kind,
      rule: computed.rule,
      amountFen: computed.amountFen,
      detail: computed.detail,
      explanation: computed.explanation,
      sourceType: 'time_entry',
      sourceId: entry.id,
      ticketId: entry.ticketId,
      ticketNumber: entry.ticketNumber,
      sourceOn: entry.day,
      correctsLineId: corrected?.lineId ?? null,
    });
  }

  // M6: a delivery report received earns the bonus unless its callback found the machine unexplained;
  // a callback that comes after the bonus was paid takes it back in this run.
  for (const delivery of input.deliveries) {
    const paid = paidOf('delivery', delivery.ticketId);
    const common = { userId: delivery.userId, sourceType: 'delivery' as const, sourceId: delivery.ticketId, ticketId: delivery.ticketId, ticketNumber: delivery.ticketNumber, sourceOn: delivery.receivedOn, rule: 'M6' as const };
    if (paid.length === 0) {
      if (!belongs(delivery.receivedOn)) continue;
      const cancelled = delivery.callbackExplained === false;
      push({
        ...common,
        kind: 'delivery',
        amountFen: cancelled ? 0 : settings.deliveryBonusFen,
        detail: { amountFen: settings.deliveryBonusFen, cancelled },
        explanation: cancelled ? 'pay.explain.delivery_cancelled' : 'pay.explain.delivery',
      });
      continue;
    }
    const stillPaid = paid.reduce((sum, l) => sum + l.amountFen, 0);
    if (delivery.callbackExplained === false && stillPaid > 0) {
      const original = paid.find((l) => l.kind === 'delivery' && l.amountFen > 0) ?? paid[0]!;
      push({ ...common, userId: original.userId, kind: 'correction', amountFen: -stillPaid, detail: { amountFen: stillPaid }, explanation: 'pay.explain.delivery_cancelled_late', correctsLineId: original.lineId });
    }
  }

  // M7, M8, M9: each order's commission due to date, less what was paid; hold-backs while its warranty runs.
  const runHeld = new Map<string, { heldFen: number; ticketId: string; ticketNumber: string; userId: string; warrantyEndsOn: string | null }>();
  for (const order of input.orders) {
    const completedOn = order.completedOn ?? lastDay;
    const split = splitCommission(settings, order, (userId) => pairOn(userId, completedOn).employmentStatus);
    const paidLines = paidOf('ticket', order.ticketId);
    const due = new Map(split.shares);
    if (split.supervisorFen > 0 || paidLines.some((l) => l.userId === order.supervisorId)) {
      if (order.supervisorId) due.set(order.supervisorId, (due.get(order.supervisorId) ?? 0) + split.supervisorFen);
      else warnings.push({ code: 'pay.warning.commissionNoSupervisor', params: { ticket: order.ticketNumber, amountFen: split.supervisorFen } });
    }
    if (split.poolFen > 0 && split.sharers === 0) warnings.push({ code: 'pay.warning.commissionNoSharer', params: { ticket: order.ticketNumber, amountFen: split.poolFen } });
    // Everyone paid on this order before stays in the reckoning: a share can fall back to nothing.
    for (const line of paidLines) if ((line.kind === 'commission' || line.kind === 'correction') && !due.has(line.userId)) due.set(line.userId, 0);
    const holding = order.repairWarrantyEndsOn !== null && order.repairWarrantyEndsOn >= nextMonthStart;
    for (const [userId, dueFen] of due) {
      const mine = paidLines.length === 0 ? NONE_PAID : paidLines.filter((l) => l.userId === userId);
      const paidFen = mine.filter((l) => l.kind === 'commission' || l.kind === 'correction').reduce((sum, l) => sum + l.amountFen, 0);
      const supervisor = userId === order.supervisorId && !split.shares.has(userId);
      const delta = dueFen - paidFen;
      if (delta !== 0) {
        const last = [...mine].reverse().find((l) => l.kind === 'commission' || l.kind === 'correction');
        push({
          userId,
          sourceType: 'ticket',
          sourceId: order.ticketId,
          ticketId: order.ticketId,
          ticketNumber: order.ticketNumber,
          sourceOn: lastDay,
          kind: delta > 0 ? 'commission' : 'correction',
          rule: delta > 0 ? (supervisor ? 'M9' : 'M7') : 'M7',
          amountFen: delta,
          detail: {
            netProfitFen: split.netProfitFen,
            collectedFen: order.collectedFen,
            costsFen: order.costsFen,
            outstandingFen: order.outstandingFen,
            commissionFen: split.commissionFen,
            poolFen: split.poolFen,
            sharers: split.sharers,
            dueFen,
            paidFen,
            shareBp: settings.supervisorShareBp,
          },
          explanation: delta < 0 ? 'pay.explain.commission_correction' : supervisor ? 'pay.explain.commission_supervisor' : 'pay.explain.commission_share',
          correctsLineId: delta < 0 ? (last?.lineId ?? null) : null,
        });
      }
      // M8: hold back a share of the commission while the repair's warranty runs.
      const rateBp = supervisor ? settings.supervisorHoldbackRateBp : settings.reworkHoldbackRateBp;
      const heldBefore = mine.filter((l) => l.kind === 'holdback').reduce((sum, l) => sum + l.heldFen, 0);
      const heldDue = holding && rateBp > 0 ? applyRate(dueFen, rateBp) : heldBefore;
      const heldDelta = heldDue - heldBefore;
      if (heldDelta !== 0) {
        push({
          userId,
          sourceType: 'ticket',
          sourceId: order.ticketId,
          ticketId: order.ticketId,
          ticketNumber: order.ticketNumber,
          sourceOn: lastDay,
          kind: 'holdback',
          rule: 'M8',
          amountFen: -heldDelta,
          heldFen: heldDelta,
          detail: { rateBp, commissionFen: dueFen, warrantyEndsOn: order.repairWarrantyEndsOn },
          explanation: 'pay.explain.holdback',
        });
        runHeld.set(`${order.ticketId}:${userId}`, { heldFen: heldDelta, ticketId: order.ticketId, ticketNumber: order.ticketNumber, userId, warrantyEndsOn: order.repairWarrantyEndsOn });
      }
    }
  }

  // M8: what is held is released in the first run after the warranty ends, or forfeited on own-error rework within it.
  const balances = new Map(runHeld);
  for (const paidLines of input.paid.values()) {
    for (const line of paidLines) {
      if (line.heldFen === 0 || !line.ticketId) continue;
      const key = `${line.ticketId}:${line.userId}`;
      const balance = balances.get(key) ?? { heldFen: 0, ticketId: line.ticketId, ticketNumber: line.ticketNumber ?? '', userId: line.userId, warrantyEndsOn: null };
      balance.heldFen += line.heldFen;
      if (line.kind === 'holdback' && line.warrantyEndsOn) balance.warrantyEndsOn = line.warrantyEndsOn;
      balances.set(key, balance);
    }
  }
  const judgementsOf = new Map<string, JudgementInput[]>();
  for (const j of input.judgements) {
    const list = judgementsOf.get(j.originalTicketId);
    if (list) list.push(j);
    else judgementsOf.set(j.originalTicketId, [j]);
  }
  for (const balance of balances.values()) {
    if (balance.heldFen <= 0) continue;
    const judgement = judgementsOf.get(balance.ticketId)?.find(
      (j) =>
        j.atFaultUserIds.includes(balance.userId) &&
        j.decidedOn < nextMonthStart &&
        (balance.warrantyEndsOn === null || j.reworkReportedOn < balance.warrantyEndsOn),
    );
    if (judgement) {
      push({
        userId: balance.userId,
        kind: 'holdback_forfeit',
        rule: 'M8',
        amountFen: 0,
        heldFen: -balance.heldFen,
        sourceType: 'ticket',
        sourceId: balance.ticketId,
        ticketId: balance.ticketId,
        ticketNumber: balance.ticketNumber,
        sourceOn: judgement.decidedOn,
        detail: { forfeitedFen: balance.heldFen, reason: judgement.reason, warrantyEndsOn: balance.warrantyEndsOn },
        explanation: 'pay.explain.holdback_forfeit',
      });
    } else if (balance.warrantyEndsOn !== null && balance.warrantyEndsOn < nextMonthStart) {
      push({
        userId: balance.userId,
        kind: 'holdback_release',
        rule: 'M8',
        amountFen: balance.heldFen,
        heldFen: -balance.heldFen,
        sourceType: 'ticket',
        sourceId: balance.ticketId,
        ticketId: balance.ticketId,
        ticketNumber: balance.ticketNumber,
        sourceOn: balance.warrantyEndsOn,
        detail: { warrantyEndsOn: balance.warrantyEndsOn, releasedFen: balance.heldFen },
        explanation: 'pay.explain.holdback_release',
      });
    }
  }

  // M10: a grade exam passed at the first attempt.
  for (const exam of input.exams) {
    if (!exam.passed || exam.attempt !== 1 || !belongs(exam.takenOn) || paidOf('exam', exam.id).length > 0) continue;
    push({
      userId: exam.userId,
      kind: 'exam_bonus',
      rule: 'M10',
      amountFen: settings.firstAttemptExamBonusFen,
      sourceType: 'exam',
      sourceId: exam.id,
      ticketId: null,
      ticketNumber: null,
      sourceOn: exam.takenOn,
      detail: { productLine: exam.productLine, takenOn: exam.takenOn },
      explanation: 'pay.explain.exam_bonus',
    });
  }

  // A5: penalties, in the month they are confirmed.
  for (const penalty of input.penalties) {
    if (!belongs(penalty.confirmedOn) || paidOf('penalty', penalty.id).length > 0) continue;
    push({
      userId: penalty.userId,
      kind: 'penalty',
      rule: 'A5',
      amountFen: -penalty.amountFen,
      sourceType: 'penalty',
      sourceId: penalty.id,
      ticketId: penalty.ticketId,
      ticketNumber: penalty.ticketNumber,
      sourceOn: penalty.confirmedOn,
      detail: { cause: penalty.cause, description: penalty.description, amountFen: penalty.amountFen },
      explanation: 'pay.explain.penalty',
    });
  }

  return { lines, warnings };
}
