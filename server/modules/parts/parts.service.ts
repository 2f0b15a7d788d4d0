import type { Actor } from '../identity';
import type { PartsDeps } from './parts.deps';
import * as catalogue from './catalogue';
import * as catalogueImport from './catalogue-import';
import * as catalogueLinks from './catalogue-links';
import * as loaners from './loaners';
import * as locations from './locations';
import * as movements from './movements';
import * as reads from './stock-reads';
import * as consumption from './consumption';
import * as oldParts from './old-part-returns';
import * as requisitions from './requisitions';
import * as ticketParts from './ticket-parts';
import * as counts from './counts';
import * as planning from './planning';

type Rest<F> = F extends (deps: PartsDeps, actor: Actor, ...rest: infer R) => infer Out ? (actor: Actor, ...rest: R) => Out : never;

/** Binds a use case `(deps, actor, …)` to the module's deps. */
const bind =
  <F extends (deps: PartsDeps, actor: Actor, ...rest: never[]) => unknown>(deps: PartsDeps, useCase: F): Rest<F> =>
  ((actor: Actor, ...rest: never[]) => useCase(deps, actor, ...rest)) as Rest<F>;

/**
 * The parts module's public face: the catalogue (C4, E5, A2), stock locations, and the one
 * stock ledger every receipt, issue, transfer and write-off is posted to. Requisitions (H7),
 * ticket parts, old-part returns, counts, loaners (E3) and planning (C5, C6) join here, each in
 * its own file.
 */
export function createPartsService(deps: PartsDeps) {
  // The parts used on a job are consumed with its work report, or the report is refused.
  deps.fieldwork.onWorkReport(async (tx, actor, ticket, body, at) => {
    if (body.consumed?.length) await consumption.consumeInTx(deps, tx, actor, ticket, body.consumed, at, 'body.consumed');
  });
  // E3: a ticket is not closed while its loaner is out.
  deps.tickets.guardTransitions((tx, _actor, ticket, action) => loaners.guardLoanerOut(tx, ticket.orgId, ticket.id, action));

  deps.jobs?.register(planning.SUGGESTIONS_JOB, (context) => planning.runDailySuggestions(deps, context));
  return {
    listCategories: bind(deps, catalogue.listCategories),
    createCategory: bind(deps, catalogue.createCategory),
    listParts: bind(deps, catalogue.listParts),
    getPart: bind(deps, catalogue.getPart),
    createPart: bind(deps, catalogue.createPart),
    updatePart: bind(deps, catalogue.updatePart),
    getPartDetail: bind(deps, catalogueLinks.getPartDetail),
    replaceSubstitutes: bind(deps, catalogueLinks.replaceSubstitutes),
    replaceFits: bind(deps, catalogueLinks.replaceFits),
    replaceContractPrices: bind(deps, catalogueLinks.replaceContractPrices),
    partsForAsset: bind(deps, catalogueLinks.partsForAsset),
    planImport: bind(deps, catalogueImport.planImport),
    runImport: bind(deps, catalogueImport.runImport),
    importTemplate: bind(deps, catalogueImport.importTemplate),
    exportCatalogue: bind(deps, catalogueImport.exportCatalogue),
    listLocations: bind(deps, locations.listLocations),
    createLocation: bind(deps, locations.createLocation),
    updateLocation: bind(deps, locations.updateLocation),
    receive: bind(deps, movements.receive),
    issue: (actor: Actor, body: Parameters<typeof movements.issue>[2]) => movements.issue(deps, actor, body),
    sendTransfer: bind(deps, movements.sendTransfer),
    receiveTransfer: bind(deps, movements.receiveTransfer),
    getTransfer: bind(deps, movements.getTransfer),
    listTransfers: bind(deps, movements.listTransfers),
    writeOff: bind(deps, movements.writeOff),
    listStock: bind(deps, reads.listStock),
    listLedger: bind(deps, reads.listLedger),
    ledgerMismatches: bind(deps, reads.ledgerMismatches),
    partsOfTicket: bind(deps, ticketParts.partsOfTicket),
    /** M7, for the pay work: many tickets' parts at cost at once, in the organisation (no per-ticket visibility). */
    partsCostOfTickets: (orgId: string, ticketIds: string[]): Promise<Map<string, number>> => ticketParts.partsCostOfTickets(deps, orgId, ticketIds),
    proposePart: bind(deps, ticketParts.proposePart),
    reservePart: bind(deps, ticketParts.reservePart),
    cancelPart: bind(deps, ticketParts.cancelPart),
    consumeParts: bind(deps, consumption.consumeParts),
    returnFromVan: bind(deps, consumption.returnFromVan),
    vanOf: bind(deps, consumption.vanOf),
    partsFittedToAsset: bind(deps, consumption.partsFittedToAsset),
    requestRequisition: bind(deps, requisitions.requestRequisition),
    approveRequisition: bind(deps, requisitions.approveRequisition),
    rejectRequisition: bind(deps, requisitions.rejectRequisition),
    issueRequisition: bind(deps, requisitions.issueRequisition),
    listRequisitions: bind(deps, requisitions.listRequisitions),
    getRequisition: bind(deps, requisitions.getRequisition),
    requisitionPrint: bind(deps, requisitions.requisitionPrint),
    listOldPartReturns: bind(deps, oldParts.listOldPartReturns),
    overdueOldParts: bind(deps, oldParts.overdueByTechnician),
    receiveOldPart: bind(deps, oldParts.receiveOldPart),
    listCounts: bind(deps, counts.listCounts),
    createCount: bind(deps, counts.createCount),
    getCount: bind(deps, counts.getCount),
    enterCount: bind(deps, counts.enterCount),
    importCounts: bind(deps, counts.importCounts),
    countSheetXlsx: bind(deps, counts.countSheetXlsx),
    postCount: bind(deps, counts.postCount),
    cancelCount: bind(deps, counts.cancelCount),
    listReorderRules: bind(deps, planning.listReorderRules),
    setReorderRule: bind(deps, planning.setReorderRule),
    deleteReorderRule: bind(deps, planning.deleteReorderRule),
    listPurchaseSuggestions: bind(deps, planning.listPurchaseSuggestions),
    listSlowMoving: bind(deps, planning.listSlowMoving),
    listUnusualUsage: bind(deps, planning.listUnusualUsage),
    forecastAndBudget: bind(deps, planning.forecastAndBudget),
    listLoaners: bind(deps, loaners.listLoaners),
    createLoaner: bind(deps, loaners.createLoaner),
    updateLoaner: bind(deps, loaners.updateLoaner),
    ticketLoaners: bind(deps, loaners.ticketLoaners),
    lendLoaner: bind(deps, loaners.lendLoaner),
    returnLoaner: bind(deps, loaners.returnLoaner),
    getLoanerEquivalents: bind(deps, loaners.getEquivalents),
    setLoanerEquivalents: bind(deps, loaners.setEquivalents),
  };
}

export type PartsService = ReturnType<typeof createPartsService>;
