// Builds the server bundle (dist/server) and the web UI (dist/web).
// `--if-stale` skips the work when nothing under the sources changed since the last build,
// so `npm start` stays fast while never serving an outdated build.
import { spawnSync } from 'node:child_process';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
const SOURCES = ['server', 'shared', 'web', 'public', 'index.html', 'vite.config.ts', 'package.json', 'scripts/build.mjs'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const sourceTime = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
if (process.argv.includes('--if-stale') && existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= sourceTime) {
  process.exit(0);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // An install without dev dependencies cannot build; a shipped dist/ is used as it is.
  if (existsSync(join(root, 'dist/server/cli.js'))) process.exit(0);
  console.error('esbuild is missing: run `npm install` (with dev dependencies) to build.');
  process.exit(1);
}

const started = Date.now();
await esbuild.build({
  // The PDF worker is an entry of its own: worker threads load a file (server/pdf-pool.ts).
  entryPoints: { cli: join(root, 'server/cli.ts'), 'pdf-worker': join(root, 'server/pdf-worker.ts') },
  outdir: join(root, 'dist/server'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // Dynamic imports (commands) stay separate chunks so `--help` loads little.
  splitting: true,
});

const vite = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (vite.status !== 0) process.exit(vite.status ?? 1);

// Compressed once here rather than on every request: brotli at its best setting is slow but the
// result is smallest, and the server picks the copy the browser accepts (server/app.ts).
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      precompress(path);
      continue;
    }
    if (!COMPRESSIBLE.test(entry.name)) continue;
    const data = readFileSync(path);
    if (data.length < 1024) continue;
    const br = brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } });
    const gz = gzipSync(data, { level: 9 });
    if (br.length < data.length) writeFileSync(`${path}.br`, br);
    if (gz.length < data.length) writeFileSync(`${path}.gz`, gz);
  }
}
precompress(join(root, 'dist/web'));

mkdirSync(dirname(stamp), { recursive: true });
writeFileSync(stamp, String(sourceTime));
console.log(`Built server and web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
