// `npm test`: unit, service and route tests on embedded PGlite; the database suites again on
// PostgreSQL when TEST_DATABASE_URL is set; then the browser tests when Chromium is present.
// REQUIRE_BROWSER=1 (CI) turns a missing Chromium into a failure instead of a skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const args = process.argv.slice(2);
const e2eOnly = args.includes('--e2e-only');

function run(label, command, commandArgs, env = {}) {
  console.log(`\n== ${label}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n${label}: failed`);
    process.exit(result.status ?? 1);
  }
}

if (!e2eOnly) {
  run('rule coverage: every rule the code claims has a test named for it', process.execPath, [join(root, 'scripts/rule-coverage.mjs')]);
  run('tests on embedded PGlite', process.execPath, [vitest, 'run'], { SHOUHOU_TEST_ENGINE: 'pglite' });
  if (process.env.TEST_DATABASE_URL) {
    run('database suites on PostgreSQL', process.execPath, [vitest, 'run', 'server'], { SHOUHOU_TEST_ENGINE: 'postgresql' });
  } else {
    console.log('\n== database suites on PostgreSQL: skipped (set TEST_DATABASE_URL=postgres://… to run them)');
  }
}

const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium) {
  const message = 'browser tests: SKIPPED, Chromium not found (install Debian’s chromium and fonts-wqy-microhei, or set CHROMIUM_PATH)';
  if (process.env.REQUIRE_BROWSER === '1') {
    console.error(`\n${message}; REQUIRE_BROWSER=1 makes that a failure`);
    process.exit(1);
  }
  console.log(`\n== ${message}`);
} else {
  run('build for the browser tests', process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale']);
  run('browser tests (Chromium)', process.execPath, [vitest, 'run', '--config', 'vitest.e2e.config.ts'], { CHROMIUM_PATH: chromium });
}
