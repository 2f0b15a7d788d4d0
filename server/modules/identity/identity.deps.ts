import type { Db } from '../../db/client';
import type { CustomerService } from '../customers';
import type { JobService } from '../jobs';
import type { GradeDeps } from './grades';
import type { Organisation, SettingsChangedListener } from './identity-views';
import type { LoginThrottle } from './login-throttle';
import type { Actor } from './principal';

export interface IdentityOptions {
  db: Db;
  clock: () => Date;
  sessionHours: number;
  loginMaxFailures: number;
  loginMaxFailuresPerAddress: number;
  loginWindowMinutes: number;
  loginDelayMs: number;
  loginMaxDelayMs: number;
  /** Waits out a sign-in delay; tests pass one that records instead of waiting. */
  pause?: (ms: number) => Promise<void>;
  /** A customer user acts for a customer record of the organisation (S18). */
  customers: Pick<CustomerService, 'assertExists'>;
  /** Applies a grade change dated in the future when its day begins (M1). */
  jobs: Pick<JobService, 'enqueue' | 'register'>;
}

/** A cached session: the actor a token stands for, until `until` (ms) at most. */
export interface CachedSession {
  actor: Actor;
  expiresAt: number | null;
  until: number;
}

/** What identity's use cases (organisations, users, sessions) all get. */
export interface IdentityDeps {
  db: Db;
  clock: () => Date;
  sessionHours: number;
  pause: (ms: number) => Promise<void>;
  customers: Pick<CustomerService, 'assertExists'>;
  grades: GradeDeps;
  throttle: LoginThrottle;
  /** Organisations read in the last few seconds (ORG_CACHE_MS). */
  orgCache: Map<string, { org: Organisation; until: number }>;
  /**
   * Recently seen tokens, for a few seconds: an API client's burst should not cost a query per
   * request. This process forgets a token the moment it is revoked here; other processes within
   * SESSION_CACHE_MS. Expiry is checked on every use.
   */
  sessionCache: Map<string, CachedSession>;
  settingsListeners: SettingsChangedListener[];
  /**
   * S18: who can tell whether a contractor exists (the contractors module registers itself,
   * identity cannot see its table). With none registered a link is taken as given.
   */
  contractorChecks: ContractorCheck[];
}

/** Does this contractor exist in the organisation? Read through `tx`. */
export type ContractorCheck = (tx: Db, orgId: string, contractorId: string) => Promise<boolean>;

export const ORG_CACHE_MS = 5_000;
/** How long another process may still accept a token revoked elsewhere. */
export const SESSION_CACHE_MS = 5_000;

/** Forgets the cached sessions of a user (all, or all but the one `keep` names), so a change applies from the next request. */
export function forgetSessionsOf(deps: Pick<IdentityDeps, 'sessionCache'>, orgId: string, userId: string, keep?: string) {
  for (const [hash, entry] of deps.sessionCache) if (entry.actor.userId === userId && entry.actor.orgId === orgId && hash !== keep) deps.sessionCache.delete(hash);
}
