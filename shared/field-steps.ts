import type { FieldStepKind } from './contracts/fieldwork';

/*
 * The order of a technician's steps on a job, shared by the server (which refuses a step out
 * of order) and the phone (which offers the next steps while a step waits offline to be sent).
 */

/** What the order reads of a step: its kind and when it happened (epoch ms). */
export interface StepAt {
  kind: FieldStepKind;
  at: number;
}

/** What the next step may be, for the technician's screen: the buttons it shows. */
export function nextSteps(steps: readonly StepAt[]): FieldStepKind[] {
  const last = [...steps].sort((a, b) => a.at - b.at).filter((s) => s.kind !== 'prepare').at(-1)?.kind;
  switch (last) {
    case undefined:
      return ['acknowledge', 'prepare', 'depart', 'arrive'];
    case 'acknowledge':
      return ['prepare', 'depart', 'arrive'];
    case 'depart':
      return ['arrive'];
    case 'arrive':
      return ['start'];
    case 'start':
    case 'resume':
      return ['wait', 'finish'];
    case 'wait':
      return ['resume', 'finish'];
    case 'finish':
      return ['travel_back'];
    case 'travel_back':
      return ['back'];
    case 'back':
      return [];
    case 'prepare':
      return ['depart', 'arrive'];
  }
}

/**
 * The steps a technician may record by themselves: finishing comes with the work report, and
 * once the report is in only the way home is left.
 */
export function recordableSteps(steps: readonly StepAt[], reported: boolean): FieldStepKind[] {
  const next = nextSteps(steps).filter((k) => k !== 'finish');
  return reported ? next.filter((k) => k === 'travel_back' || k === 'back') : next;
}
