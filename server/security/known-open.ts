/**
 * Findings of the security review (docs/security.md) that the suites find and that are not
 * fixed yet. Each entry
 * is a case a suite expects to fail, keyed by finding ID. The suites pass while these fail;
 * a case that starts passing fails its suite with "fixed: remove it from KNOWN_OPEN", so the
 * list can only shrink and the fix gets its test for free. Remove a finding's entries in the
 * change that fixes it.
 *
 * A case is written `<suite>: <who> <METHOD> <path>[ <what>]`, as the suites name them.
 */
export const KNOWN_OPEN: Record<string, readonly string[]> = {};

const OPEN = new Map(Object.entries(KNOWN_OPEN).flatMap(([id, cases]) => cases.map((c) => [c, id] as const)));

/** The finding a case is known to be open under, or undefined. */
export const knownOpen = (name: string): string | undefined => OPEN.get(name);

/**
 * Sorts a suite's results: the failures that are not known (which fail the suite) and the
 * known cases that no longer fail (which fail it too, asking for their removal).
 */
export function judge(suite: string, results: { name: string; failed: boolean; detail?: string }[]) {
  const unexpected = results.filter((r) => r.failed && !knownOpen(`${suite}: ${r.name}`)).map((r) => `${r.name}${r.detail ? ` → ${r.detail}` : ''}`);
  const seen = new Set(results.map((r) => `${suite}: ${r.name}`));
  const fixed = results.filter((r) => !r.failed && knownOpen(`${suite}: ${r.name}`)).map((r) => `${knownOpen(`${suite}: ${r.name}`)} ${r.name}: fixed, remove it from KNOWN_OPEN`);
  const stale = [...OPEN.keys()].filter((c) => c.startsWith(`${suite}: `) && !seen.has(c)).map((c) => `${c}: no longer checked, remove it from KNOWN_OPEN`);
  return { unexpected, fixed: [...fixed, ...stale] };
}
