import type {
  CheckInDraftBody,
  DeliveryBody,
  PreInspectionItemBody,
  QcBody,
  SignCheckInBody,
  UpdatePreInspectionItemBody,
} from '../../../shared/contracts/workshop';
import type { Actor } from '../identity';
import { addPreInspectionItem, attachFile, correctCheckIn, saveCheckInDraft, signCheckIn, updatePreInspectionItem } from './checkin';
import { explainDelivery, finishStage, guardLifecycle, passStages, recordQc, signStage, startStage } from './stages';
import type { WorkshopDeps, WorkshopFilePurpose } from './workshop.deps';
import { getState } from './workshop-views';

/**
 * The workshop module's public face. Its use cases live in `checkin.ts` (A3: the walk-around
 * and the pre-inspection) and `stages.ts` (A4, A6: stages, QC, delivery); every one answers
 * with the job as `workshop-views.ts` shows it. This factory gives them their dependencies and
 * registers the workshop's guard on the tickets module's transitions.
 */
export function createWorkshopService(deps: WorkshopDeps) {
  // A4, A6: a car workshop ticket completes after QC and is handed back once the work is explained.
  deps.tickets.guardTransitions((tx, actor, row, action) => guardLifecycle(deps, tx, actor, row, action));

  return {
    getState: (actor: Actor, ticketId: string) => getState(deps, actor, ticketId),
    attachFile: (actor: Actor, ticketId: string, purpose: WorkshopFilePurpose, upload: Parameters<typeof attachFile>[4]) => attachFile(deps, actor, ticketId, purpose, upload),

    // --- reception (A3) -----------------------------------------------------------------------
    saveCheckInDraft: (actor: Actor, ticketId: string, version: number, body: CheckInDraftBody) => saveCheckInDraft(deps, actor, ticketId, version, body),
    signCheckIn: (actor: Actor, ticketId: string, version: number, body: SignCheckInBody) => signCheckIn(deps, actor, ticketId, version, body),
    correctCheckIn: (actor: Actor, ticketId: string, version: number, reason: string) => correctCheckIn(deps, actor, ticketId, version, reason),
    addPreInspectionItem: (actor: Actor, ticketId: string, body: PreInspectionItemBody) => addPreInspectionItem(deps, actor, ticketId, body),
    updatePreInspectionItem: (actor: Actor, ticketId: string, itemId: string, version: number, body: UpdatePreInspectionItemBody) =>
      updatePreInspectionItem(deps, actor, ticketId, itemId, version, body),

    // --- stages, QC and delivery (A4, A6) -----------------------------------------------------
    startStage: (actor: Actor, ticketId: string, stage: string, version: number, input: Parameters<typeof startStage>[5]) => startStage(deps, actor, ticketId, stage, version, input),
    finishStage: (actor: Actor, ticketId: string, stage: string, version: number, note: string | null) => finishStage(deps, actor, ticketId, stage, version, note),
    signStage: (actor: Actor, ticketId: string, stage: string, version: number, note: string | null) => signStage(deps, actor, ticketId, stage, version, note),
    recordQc: (actor: Actor, ticketId: string, version: number, input: QcBody) => recordQc(deps, actor, ticketId, version, input),
    passStages: (actor: Actor, ticketId: string) => passStages(deps, actor, ticketId),
    explainDelivery: (actor: Actor, ticketId: string, version: number, input: DeliveryBody) => explainDelivery(deps, actor, ticketId, version, input),
  };
}

export type WorkshopService = ReturnType<typeof createWorkshopService>;
