import type { EmploymentStatus } from './domain';

/**
 * Dispatch vocabulary and the rules the board and the server share. Pure: no I/O, no clock.
 */

/**
 * Trainees (学徒工 apprentices and 试用工 trial workers) take no hour subsidies (M5) and no
 * commission share (M9): a job's lead is the one the pay rules credit, so a trainee goes along
 * as crew and never leads (M1: employment status drives who may lead). Probation staff
 * (试用期) do take a share and may lead. A technician whose status nobody recorded is not
 * treated as a trainee: the rule restricts only what is on record.
 */
export const TRAINEE_STATUSES: readonly EmploymentStatus[] = ['apprentice', 'trial'];

export function mayLead(status: EmploymentStatus | string | null | undefined): boolean {
  return !TRAINEE_STATUSES.some((trainee) => trainee === status);
}

/** A technician's level in a product line: 1 basic (基础), 2 skilled (熟练), 3 expert (精通). */
export const SKILL_LEVELS = [1, 2, 3] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];
export const MAX_SKILL_LEVEL = 3;

/** A planned visit is on the board until it is cancelled; moves change it in place. */
export const VISIT_STATUSES = ['planned', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** The board's timeline, in local hours of the organisation's day. */
export const BOARD_START_HOUR = 7;
export const BOARD_END_HOUR = 21;

/** A visit longer than this is a planning mistake, not a visit; it also bounds the board's range scan. */
export const MAX_VISIT_MINUTES = 12 * 60;

/** The parts of a suggestion's score, in the order they are explained. */
export const SCORE_PARTS = ['skill', 'region', 'load', 'availability', 'urgency'] as const;
export type ScorePart = (typeof SCORE_PARTS)[number];

/** Why a new visit's default start is what it is (see server/modules/dispatch/next-free.ts). */
export const NEXT_FREE_REASONS = ['emergency', 'free-now', 'after-visit', 'opens', 'fits', 'next-day', 'no-open-time'] as const;
export type NextFreeReason = (typeof NEXT_FREE_REASONS)[number];

/**
 * What the suggestions could not weigh, so the dispatcher is told rather than shown equal scores:
 * the ticket has no product line or no address, or no technician has skills or service regions.
 */
export const SUGGESTION_NOTICES = ['ticket-product-unset', 'skills-unset', 'ticket-region-unset', 'region-unset'] as const;
export type SuggestionNotice = (typeof SUGGESTION_NOTICES)[number];
