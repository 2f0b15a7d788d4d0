// Which rules of the requirements does the code claim, and which of those does no test name?
// A rule ID (W1, M7, R6 …) in a comment or string of the code says "this implements it"; a
// test title starting with the ID says "and this shows it". `npm test` fails when the code
// claims a rule that no test title names, so naming tests by rule stays a habit.
//
//   node scripts/rule-coverage.mjs          list, exit 1 when a claimed rule has no test
//   node scripts/rule-coverage.mjs --all    also list every rule with its tests
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requirements = [join(root, '../shared/docs/requirements.md'), join(root, 'docs/requirements.md')].find((p) => existsSync(p));

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
const tested = new Map();
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
    } else {
      for (const [id] of text.matchAll(idPattern)) claimed.set(id, new Set([...(claimed.get(id) ?? []), rel]));
    }
  }
}
const untested = [...claimed.keys()].filter((id) => !tested.has(id)).sort();
if (process.argv.includes('--all')) {
  for (const id of [...ids].sort()) console.log(`${id.padEnd(4)} code ${String(claimed.get(id)?.size ?? 0).padStart(2)} files, tests ${tested.get(id)?.length ?? 0}`);
}
if (untested.length) {
  console.error(`rule coverage: the code claims ${untested.length} rule(s) that no test title names:`);
  for (const id of untested) console.error(`  ${id}  (in ${[...claimed.get(id)].slice(0, 4).join(', ')}${claimed.get(id).size > 4 ? ', …' : ''})`);
  console.error('Name a test after each ("R6: a missed deadline deducts …"), or stop claiming the rule in the code.');
  process.exit(1);
}
console.log(`rule coverage: every rule the code claims (${claimed.size}) is named by a test`);
