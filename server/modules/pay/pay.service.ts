import type { Actor } from '../identity';
import type { PayDeps } from './pay.deps';
import * as documents from './pay-documents';
import * as penalties from './penalties';
import * as rework from './rework';
import * as runs from './runs';

type Rest<F> = F extends (deps: PayDeps, actor: Actor, ...rest: infer R) => infer Out ? (actor: Actor, ...rest: R) => Out : never;

const bind =
  <F extends (deps: PayDeps, actor: Actor, ...rest: never[]) => unknown>(deps: PayDeps, useCase: F): Rest<F> =>
  ((actor: Actor, ...rest: never[]) => useCase(deps, actor, ...rest)) as Rest<F>;

/**
 * Technician pay (M2 to M10, A5): the monthly run computed from hours, deliveries, orders'
 * money, exams and penalties; hold-backs and their ledger (M8); penalties; rework judgements.
 */
export function createPayService(deps: PayDeps) {
  return {
    deps,
    createRun: bind(deps, runs.createRun),
    recomputeRun: bind(deps, runs.recomputeRun),
    lockRun: bind(deps, runs.lockRun),
    getRun: bind(deps, runs.getRun),
    listRuns: bind(deps, runs.listRuns),
    runLines: bind(deps, runs.runLines),
    myRuns: bind(deps, runs.myRuns),
    myRun: bind(deps, runs.myRun),
    holdbacks: bind(deps, runs.holdbacks),
    runXlsx: bind(deps, documents.runXlsx),
    slipPrint: bind(deps, documents.slipPrint),
    recordPenalty: bind(deps, penalties.recordPenalty),
    listPenalties: bind(deps, penalties.listPenalties),
    confirmPenalty: bind(deps, penalties.confirmPenalty),
    attachPenaltyEvidence: bind(deps, penalties.attachEvidence),
    assertPenaltyVisible: bind(deps, penalties.assertPenaltyVisible),
    withdrawPenalty: bind(deps, penalties.withdrawPenalty),
    judgeRework: bind(deps, rework.judgeRework),
    judgementOf: bind(deps, rework.judgementOf),
    reworkCandidatesOf: bind(deps, rework.reworkCandidatesOf),
  };
}

export type PayService = ReturnType<typeof createPayService>;
