// Which rules of the requirements does the code claim, and which of those does no test name?
// The code claims a rule by writing its ID with a colon, as a test title would ("R6: the
// deduction rate…", "A4, A6: …"); a plain mention ("the product line (T1, C5)") only refers to
// it, often to a rule a later module builds. A test title starting with the ID says "and this
// shows it". `npm test` fails when the code claims a rule that no test title names, so naming
// tests by rule stays a habit; the mentions without tests are listed for information.
//
//   node scripts/rule-coverage.mjs          list, exit 1 when a claimed rule has no test
//   node scripts/rule-coverage.mjs --all    also list every rule with its tests
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requirements = [join(root, 'docs/requirements.md')].find((p) => existsSync(p));

/** The rule IDs the requirements define: `- W1 …` at the start of a line. */
function ruleIds() {
  if (!requirements) return null;
  const ids = new Set();
  for (const match of readFileSync(requirements, 'utf8').matchAll(/^- ([A-Z]\d{1,2}) /gm)) ids.add(match[1]);
  return ids;
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'migrations' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx)$/.test(name)) yield path;
  }
}

const ids = ruleIds();
if (!ids) {
  console.log('rule coverage: requirements.md not found; skipped');
  process.exit(0);
}
const idPattern = new RegExp(`\\b(${[...ids].sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');
const claimed = new Map();
const mentioned = new Map();
const tested = new Map();
const CLAIM = new RegExp(`\\b((?:${[...ids].join('|')})(?:,\\s*(?:${[...ids].join('|')}))*):`, 'g');
/**
 * Files that name rules without implementing them: the settings hold the default of each rule's
 * figure (pay's M2 before pay exists), the catalogues label them, the demo data illustrates them.
 */
const NOT_CLAIMS = [/^shared\/settings\.ts$/, /^shared\/i18n\//, /^server\/demo\//];
const TITLE = /\b(?:it|test|describe)(?:\.each\([^)]*\))?\(\s*(['"`])((?:(?!\1).)*)\1/g;
for (const dir of ['server', 'shared', 'web', 'e2e']) {
  for (const path of files(join(root, dir))) {
    const text = readFileSync(path, 'utf8');
    const rel = relative(root, path);
    const isTest = /\.(test|e2e)\.tsx?$/.test(path);
    if (isTest) {
      for (const [, , title] of text.matchAll(TITLE)) {
        // "R6: …" or "R6, R7: …": the IDs before the first colon name the rules the test shows.
        const head = title.split(':')[0];
        for (const [id] of head.matchAll(idPattern)) tested.set(id, [...(tested.get(id) ?? []), `${rel}: ${title}`]);
      }
    } else if (NOT_CLAIMS.some((pattern) => pattern.test(rel))) {
      for (const [id] of text.matchAll(idPattern)) mentioned.set(id, new Set([...(mentioned.get(id) ?? []), rel]));
    } else {
      for (const [id] of text.matchAll(idPattern)) mentioned.set(id, new Set([...(mentioned.get(id) ?? []), rel]));
      for (const [, list] of text.matchAll(CLAIM)) {
        for (const [id] of list.matchAll(idPattern)) claimed.set(id, new Set([...(claimed.get(id) ?? []), rel]));
      }
    }
  }
}
const untested = [...claimed.keys()].filter((id) => !tested.has(id)).sort();
const referencedOnly = [...mentioned.keys()].filter((id) => !tested.has(id) && !claimed.has(id)).sort();
if (process.argv.includes('--all')) {
  for (const id of [...ids].sort()) {
    console.log(`${id.padEnd(4)} claimed in ${String(claimed.get(id)?.size ?? 0).padStart(2)} files, mentioned in ${String(mentioned.get(id)?.size ?? 0).padStart(2)}, tests ${tested.get(id)?.length ?? 0}`);
  }
}
if (referencedOnly.length) console.log(`rule coverage: mentioned without a test, not claimed (rules later modules build): ${referencedOnly.join(' ')}\n`);
if (untested.length) {
  console.error(`rule coverage: the code claims ${untested.length} rule(s) that no test title names:`);
  for (const id of untested) console.error(`  ${id}  (in ${[...claimed.get(id)].slice(0, 4).join(', ')}${claimed.get(id).size > 4 ? ', …' : ''})`);
  console.error('Name a test after each ("R6: a missed deadline deducts …"), or stop claiming the rule in the code.');
  process.exit(1);
}
console.log(`rule coverage: every rule the code claims (${claimed.size}) is named by a test`);
