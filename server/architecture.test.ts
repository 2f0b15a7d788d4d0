import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, getViewConfig, PgTable, PgView } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';

/*
 * The module boundaries of `docs/architecture.md`, checked on the source: a module owns its
 * tables; others read them only through what its index.ts publishes (functions and `*_v`
 * views); only repositories talk to the database. Lint catches imports it can see; this also
 * reads the SQL inside template strings, which neither lint nor the compiler can.
 */

const SERVER = resolve(__dirname);
const MODULES = join(SERVER, 'modules');
const modules = readdirSync(MODULES).filter((name) => statSync(join(MODULES, name)).isDirectory());

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const isTest = (path: string) => /\.test\.ts$/.test(path);
const isSchema = (path: string) => /\.schema\.ts$/.test(path);
const isRepository = (path: string) => /\.repository\.ts$/.test(path);
const moduleOf = (path: string) => relative(MODULES, path).split('/')[0]!;
const rel = (path: string) => relative(SERVER, path);

/** Every table and view by name, with the module that declares it. */
async function ownership(): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const module of modules) {
    for (const file of sourceFiles(join(MODULES, module)).filter(isSchema)) {
      const exports = (await import(file)) as Record<string, unknown>;
      for (const value of Object.values(exports)) {
        if (is(value, PgTable)) owners.set(getTableConfig(value).name, module);
        else if (is(value, PgView)) owners.set(getViewConfig(value).name, module);
      }
    }
  }
  return owners;
}

/** SQL written inside `sql\`…\`` templates, with the interpolations blanked out. */
function sqlTexts(source: string): string[] {
  const texts: string[] = [];
  const opener = /\bsql`/g;
  for (let match = opener.exec(source); match; match = opener.exec(source)) {
    let depth = 0;
    let text = '';
    let i = match.index + match[0].length;
    for (; i < source.length; i++) {
      const c = source[i]!;
      if (depth === 0 && c === '`') break;
      if (depth === 0 && c === '$' && source[i + 1] === '{') {
        depth = 1;
        i++;
        text += ' ? ';
        continue;
      }
      if (depth > 0) {
        if (c === '{') depth++;
        else if (c === '}') depth--;
        continue;
      }
      text += c;
    }
    texts.push(text);
  }
  return texts;
}

const moduleFiles = modules.flatMap((module) => sourceFiles(join(MODULES, module)));

describe('module boundaries', () => {
  it('a module imports another only through its index.ts (schemas may reference schemas for foreign keys)', () => {
    const violations: string[] = [];
    for (const file of moduleFiles) {
      const own = moduleOf(file);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from\s+'(\.[^']+)'/g)) {
        const target = resolve(dirname(file), spec!);
        if (!target.startsWith(MODULES + '/')) continue;
        const other = moduleOf(target);
        if (other === own) continue;
        const viaIndex = target === join(MODULES, other) || target === join(MODULES, other, 'index');
        const schemaToSchema = isSchema(file) && /\.schema$/.test(target);
        if (!viaIndex && !schemaToSchema) violations.push(`${rel(file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('no module names another module’s table in SQL: it reads through the views that module publishes', async () => {
    const owners = await ownership();
    const violations: string[] = [];
    for (const file of moduleFiles.filter((f) => !isTest(f))) {
      const own = moduleOf(file);
      for (const text of sqlTexts(readFileSync(file, 'utf8'))) {
        for (const [, name] of text.matchAll(/\b(?:from|join|into|update|table)\s+"?([a-z_][a-z0-9_]*)"?/gi)) {
          const owner = owners.get(name!.toLowerCase());
          if (owner && owner !== own) violations.push(`${rel(file)} names ${name} (${owner}'s)`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('an index.ts publishes functions, types and views, never a table', async () => {
    const violations: string[] = [];
    for (const module of modules) {
      const exports = (await import(join(MODULES, module, 'index.ts'))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) if (is(value, PgTable)) violations.push(`${module}/index.ts exports table ${name}`);
    }
    expect(violations).toEqual([]);
  });

  it('only repositories talk to the database; services, use cases and the composition root call them', () => {
    const QUERY = /\b(?:tx|db|database\.db)\s*\.\s*(?:select|selectDistinct|insert|update|delete|execute)\s*\(|\b(?:queryRows|fastQuery)\s*[<(]/;
    const candidates = [...moduleFiles.filter((f) => !isTest(f) && !isSchema(f) && !isRepository(f)), join(SERVER, 'services.ts'), ...sourceFiles(join(SERVER, 'workflows'))];
    const violations = candidates.filter((file) => QUERY.test(readFileSync(file, 'utf8'))).map(rel);
    expect(violations).toEqual([]);
  });

  it('modules are wired in dependency order, with nothing bound late', () => {
    const root = readFileSync(join(SERVER, 'services.ts'), 'utf8');
    expect(root).not.toMatch(/\blate\b/);
    expect(root).not.toMatch(/!\./);
  });
});
