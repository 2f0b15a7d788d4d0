import { v7 as uuidv7 } from 'uuid';
import type { PolicyBody } from '../../../shared/contracts/sla';
import type { OrgSettings } from '../../../shared/settings';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, invalidReference } from '../../errors';
import { ttlCache } from '../../ttl-cache';
import type { Actor, SettingsChangedListener } from '../identity';
import { scheduleRecompute } from './recompute';
import type { ListedPolicy, Policy, PolicyCache, SlaDeps } from './sla.deps';
import * as repo from './sla.repository';
import { DEFAULT_CALENDARS, defaultPolicies, hasFigures, templateFigures } from './templates';

/*
 * SLA policies: the organisation's own and those made from the templates (templates.ts), which
 * follow the settings they were made from until someone changes their figures by hand. Every
 * change recomputes the open tickets' clocks in the background.
 */

/** Other processes see a policy change within this long; this process at once. */
const CACHE_MS = 10_000;

function toPolicy(row: repo.PolicyRow): Policy {
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    rank: row.rank,
    active: row.active,
    conditions: row.conditions,
    calendarId: row.calendarId,
    targets: row.targets,
    actions: row.actions,
    version: row.version,
  };
}

export function createPolicyCache(db: Db): PolicyCache {
  const cache = ttlCache<Policy[]>(CACHE_MS);
  return {
    of: (orgId, tx = db) => cache.get(orgId, async () => (await repo.findPolicies(tx, orgId)).map(toPolicy)),
    forget: (orgId) => cache.forget(orgId),
  };
}

/** A policy as the API shows it: with whether it still follows the settings (null when it has no template). */
function toView(policy: Policy, settings: OrgSettings): ListedPolicy {
  const figures = policy.template ? templateFigures(settings).get(policy.template) : undefined;
  return { ...policy, followsSettings: figures ? hasFigures(policy, figures) : null };
}

export async function listPolicies(deps: SlaDeps, actor: Actor): Promise<ListedPolicy[]> {
  // The page that edits policies reads what is stored now, not what this process read a moment ago.
  deps.policies.forget(actor.orgId);
  const [policies, org] = await Promise.all([deps.policies.of(actor.orgId), deps.getOrganisation(actor.orgId)]);
  return policies.map((p) => toView(p, org.settings));
}

async function viewOf(deps: SlaDeps, actor: Actor, id: string): Promise<ListedPolicy> {
  return (await listPolicies(deps, actor)).find((p) => p.id === id)!;
}

/** S18: a policy's calendar is one of the organisation's own; none means the organisation's default. */
async function assertCalendar(deps: SlaDeps, actor: Actor, calendarId: string | null | undefined): Promise<void> {
  if (!calendarId) return;
  await deps.calendars.getCalendar(actor, calendarId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw invalidReference('body.calendarId', 'errors.detail.calendarNotFound');
    throw error;
  });
}

export async function createPolicy(deps: SlaDeps, actor: Actor, body: PolicyBody): Promise<ListedPolicy> {
  await assertCalendar(deps, actor, body.calendarId);
  const id = uuidv7();
  await deps.db.transaction(async (tx) => {
    await repo.insertPolicies(tx, [{ orgId: actor.orgId, id, ...body, calendarId: body.calendarId ?? null }]);
    await scheduleRecompute(deps, tx, actor.orgId, 'policy');
  });
  return viewOf(deps, actor, id);
}

export async function updatePolicy(deps: SlaDeps, actor: Actor, id: string, version: number, body: PolicyBody): Promise<ListedPolicy> {
  await assertCalendar(deps, actor, body.calendarId);
  await deps.db.transaction(async (tx) => {
    savedOrThrow(await repo.updatePolicy(tx, actor.orgId, id, version, { ...body, calendarId: body.calendarId ?? null, updatedAt: deps.clock() }), version);
    await scheduleRecompute(deps, tx, actor.orgId, 'policy');
  });
  return viewOf(deps, actor, id);
}

/** A new organisation's calendars and policies (templates.ts); nothing when it has some. */
export async function ensureDefaults(deps: SlaDeps, actor: Actor): Promise<void> {
  const org = await deps.getOrganisation(actor.orgId);
  await deps.db.transaction(async (tx) => {
    const ids = await deps.calendars.ensureDefaults(tx, actor, DEFAULT_CALENDARS);
    if (!ids.office || (await repo.hasPolicies(tx, actor.orgId))) return;
    const policies = defaultPolicies(org.settings, ids as Record<'office' | 'field' | 'allday', string>);
    await repo.insertPolicies(
      tx,
      policies.map((p) => ({ orgId: actor.orgId, id: uuidv7(), ...p })),
    );
  });
  deps.policies.forget(actor.orgId);
  deps.calendars.invalidate(actor.orgId);
}

/**
 * Issue 7: the settings' SLA and contractor minutes are what the template policies were made
 * of, so a change there changes those policies, in the transaction that saves the settings, and
 * recomputes the open tickets as any policy change does. A policy whose figures someone changed
 * by hand keeps them: it no longer has the figures of the settings before, and its view says it
 * no longer follows them (`followsSettings`).
 */
export const followSettings =
  (deps: SlaDeps): SettingsChangedListener =>
  async (tx, { orgId, before, after }) => {
    const was = templateFigures(before);
    const now = templateFigures(after);
    let changed = 0;
    for (const row of await repo.findPolicies(tx, orgId)) {
      const from = row.template ? was.get(row.template) : undefined;
      const to = row.template ? now.get(row.template) : undefined;
      if (!from || !to || hasFigures(row, to) || !hasFigures(row, from)) continue;
      // At the version just read: a hand edit committed meanwhile wins, and this one is skipped.
      const saved = await repo.updatePolicy(tx, orgId, row.id, row.version, { targets: to.targets, actions: to.actions, updatedAt: deps.clock() });
      if ('row' in saved) changed++;
    }
    if (changed) await scheduleRecompute(deps, tx, orgId, 'settings');
  };
