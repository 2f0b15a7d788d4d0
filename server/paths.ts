import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root, found from this file whether it runs from `server/` (tsx, tests) or
 * from the bundle in `dist/server/`.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'shouhou') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the shouhou project root');
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot();
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'server/db/migrations');
export const WEB_DIST_DIR = join(PROJECT_ROOT, 'dist/web');
export const FONTS_DIR = join(PROJECT_ROOT, 'server/assets/fonts');
