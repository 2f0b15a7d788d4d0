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

// The login page pre-rendered (web/prerender.tsx) into `login.html`, which the server sends for
// /login: the same page as index.html with the form already inside #root and the entry's
// stylesheet inlined, so a fresh phone shows the form after one round trip, without waiting for
// the scripts or the stylesheet; the scripts then take the form over (web/main.tsx).
await esbuild.build({
  entryPoints: [join(root, 'web/prerender.tsx')],
  outfile: join(root, 'dist/prerender/login.mjs'),
  absWorkingDir: root,
  bundle: true,
  // One React for the renderer and the components; the rest (dayjs' locales) bundled.
  external: ['react', 'react/*', 'react-dom', 'react-dom/*', 'react-router', '@tanstack/react-query'],
  platform: 'node',
  format: 'esm',
  jsx: 'automatic',
  loader: { '.css': 'empty' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
{
  const { renderLogin } = await import(`${join(root, 'dist/prerender/login.mjs')}?${Date.now()}`);
  const { html, title, locale } = renderLogin();
  let page = readFileSync(join(root, 'dist/web/index.html'), 'utf8');
  const replace = (pattern, by) => {
    if (!pattern.test(page)) throw new Error(`login.html: ${pattern} not found in index.html`);
    page = page.replace(pattern, by);
  };
  replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`);
  replace(/<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/, (_, css) => `<style>${readFileSync(join(root, 'dist/web', css), 'utf8')}</style>`);
  replace(/<div id="root"><\/div>/, () => `<div id="root" data-prerendered="${locale}">${html}</div>`);
  writeFileSync(join(root, 'dist/web/login.html'), page);
}

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

// `--analyze`: what the first screen loads, by package. esbuild bundles the web entry with a
// metafile; the static imports from the entry (not the lazy routes) are what a fresh phone
// fetches before the login form shows. Minified but uncompressed; Vite's chunks differ a little.
if (process.argv.includes('--analyze')) {
  const { metafile } = await esbuild.build({
    entryPoints: [join(root, 'web/main.tsx')],
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: join(root, 'dist/analyze'),
    write: false,
    minify: true,
    metafile: true,
    jsx: 'automatic',
    loader: { '.svg': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  const [entry] = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint === 'web/main.tsx');
  const seen = new Set();
  const stack = [entry];
  const byPackage = new Map();
  while (stack.length) {
    const name = stack.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    const output = metafile.outputs[name];
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = input.match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1] ?? input.split('/').slice(0, 3).join('/');
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
    for (const i of output.imports) if (i.kind === 'import-statement') stack.push(i.path);
  }
  const total = [...seen].reduce((n, o) => n + metafile.outputs[o].bytes, 0);
  console.log(`First screen (static imports of web/main.tsx): ${(total / 1024).toFixed(0)} KiB in ${seen.size} files`);
  for (const [key, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${key}`);
}

mkdirSync(dirname(stamp), { recursive: true });
writeFileSync(stamp, String(sourceTime));
console.log(`Built server and web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
