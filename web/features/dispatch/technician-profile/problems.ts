import type { ProblemOptions } from '../../../lib/problems';

/** A profile someone else saved first is refreshed; the message says it was the profile. */
export const PROFILE_PROBLEMS: ProblemOptions = { conflict: 'dispatch.profileConflict' };
