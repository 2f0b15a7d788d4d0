import type { Actor } from '../identity';
import type { ContractorsDeps } from './contractors.deps';
import * as assignment from './assignment';
import * as countersign from './countersign';
import * as repo from './contractors.repository';
import * as ledger from './ledger';
import * as register from './register';
import * as reports from './reports';
import * as statements from './statements';

type Rest<F> = F extends (deps: ContractorsDeps, actor: Actor, ...rest: infer R) => infer Out ? (actor: Actor, ...rest: R) => Out : never;

const bind =
  <F extends (deps: ContractorsDeps, actor: Actor, ...rest: never[]) => unknown>(deps: ContractorsDeps, useCase: F): Rest<F> =>
  ((actor: Actor, ...rest: never[]) => useCase(deps, actor, ...rest)) as Rest<F>;

/**
 * Contractors and their warranty deposits (R1 to R10): the register and the responsibility map,
 * the contractor's notice when a ticket is registered (R2), its portal steps and the R4 clock,
 * the centre's takeover, and the deposit ledger with its deductions (R5, R6, R7).
 */
export function createContractorsService(deps: ContractorsDeps) {
  // R3: a new ticket on a unit with a trade takes its contractor from the map…
  deps.tickets.decideAtCreation((orgId, draft) => assignment.decideContractor(deps, orgId, draft));
  // …and R2: the contractor is notified in the same statement that writes the ticket.
  deps.tickets.contributeToCreation((orgId, history, now, ticket) => assignment.noticeAtCreation(deps, orgId, history, now, ticket));
  // S18: a contractor user's contractor must be one of the organisation's, however the user is made.
  deps.identity.checkContractorLinks(async (tx, orgId, contractorId) => !!(await repo.findContractor(tx, orgId, contractorId)));

  return {
    deps,
    createContractor: bind(deps, register.createContractor),
    updateContractor: bind(deps, register.updateContractor),
    listContractors: bind(deps, register.listContractors),
    getContractor: (actor: Actor, id: string) => register.getContractor(deps, actor, id),
    createContract: bind(deps, register.createContract),
    addResponsibility: bind(deps, register.addResponsibility),
    listResponsibilities: bind(deps, register.listResponsibilities),
    ticketContractor: bind(deps, assignment.ticketContractor),
    changeTicketContractor: bind(deps, assignment.changeTicketContractor),
    acceptTicket: bind(deps, assignment.acceptTicket),
    recordArrival: bind(deps, assignment.recordArrival),
    agreeRepair: bind(deps, assignment.agreeRepair),
    listOwnCountersigns: bind(deps, countersign.listOwnCountersigns),
    countersign: bind(deps, countersign.countersign),
    uploadAgreement: bind(deps, ledger.uploadAgreement),
    createPortalUser: bind(deps, register.createPortalUser),
    takeOver: bind(deps, assignment.takeOver),
    recordDeposit: bind(deps, ledger.recordDeposit),
    deduct: bind(deps, ledger.deduct),
    correct: bind(deps, ledger.correct),
    ledgerOf: bind(deps, ledger.ledgerOf),
    addAgreement: bind(deps, ledger.addAgreement),
    listAgreements: bind(deps, ledger.listAgreements),
    monthlyReport: bind(deps, reports.monthlyReport),
    monthlyReportXlsx: bind(deps, reports.monthlyReportXlsx),
    monthlyReportPrint: bind(deps, reports.monthlyReportPrint),
    issueStatement: bind(deps, statements.issueStatement),
    getStatement: bind(deps, statements.getStatement),
    ownStatement: bind(deps, statements.ownStatement),
    listStatements: bind(deps, statements.listStatements),
    disputeLine: bind(deps, statements.disputeLine),
    confirmStatement: bind(deps, statements.confirmStatement),
    decideDispute: bind(deps, statements.decideDispute),
    statementPrint: bind(deps, statements.statementPrint),
  };
}

export type ContractorsService = ReturnType<typeof createContractorsService>;
