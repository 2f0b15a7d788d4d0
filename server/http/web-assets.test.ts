import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { createHarness, type Harness } from '../test/harness';

/** The built web UI as the build leaves it: hashed files under assets/ with brotli and gzip copies beside them. */
const SCRIPT = `export const greeting = ${JSON.stringify('售后服务管理系统 '.repeat(200))};\n`;
const INDEX = '<!doctype html><html lang="zh-CN"><head><title>售后服务管理系统</title><script type="module" src="/assets/index-AbC123xy.js"></script></head><body><div id="root"></div></body></html>';

/** The login page pre-rendered by the build: the same page with the form inside #root, and its compressed copies. */
const LOGIN = INDEX.replace('<title>售后服务管理系统</title>', '<title>登录 - 售后服务管理系统</title>').replace('<div id="root"></div>', `<div id="root" data-prerendered="zh-CN"><form><input id="username" name="username"/></form>${'<p>售后服务管理系统</p>'.repeat(50)}</div>`);

let h: Harness;
let app: App;
let webDir: string;

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'shouhou-web-'));
  mkdirSync(join(webDir, 'assets'));
  const script = join(webDir, 'assets/index-AbC123xy.js');
  writeFileSync(script, SCRIPT);
  writeFileSync(`${script}.br`, brotliCompressSync(SCRIPT));
  writeFileSync(`${script}.gz`, gzipSync(SCRIPT));
  writeFileSync(join(webDir, 'index.html'), INDEX);
  writeFileSync(join(webDir, 'login.html'), LOGIN);
  writeFileSync(join(webDir, 'login.html.br'), brotliCompressSync(LOGIN));
  writeFileSync(join(webDir, 'login.html.gz'), gzipSync(LOGIN));
  h = await createHarness();
  app = await buildApp({ config: h.config, database: h.database, clock: h.clock, webDir });
});
afterAll(async () => {
  await app?.close();
  await h?.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the built web UI', () => {
  it('serves a hashed asset brotli-compressed to a browser that accepts it, cached for a year', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-AbC123xy.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(response.headers['content-type'])).toMatch(/javascript/);
    expect(String(response.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(SCRIPT);
  });

  it('falls back to gzip, then to the file itself, keeping the long cache', async () => {
    const gzip = await app.inject({ method: 'GET', url: '/assets/index-AbC123xy.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await app.inject({ method: 'GET', url: '/assets/index-AbC123xy.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('has the page itself, and every client-side route, asked for again each time, so a new build is picked up', async () => {
    for (const url of ['/', '/my-day', '/tickets/123']) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toBe(INDEX);
    }
  });

  it('sends /login with the form already drawn, compressed and asked for again each time; other routes keep index.html', async () => {
    const br = await app.inject({ method: 'GET', url: '/login', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('no-cache');
    expect(String(br.headers['content-type'])).toMatch(/text\/html/);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(LOGIN);
    const gzip = await app.inject({ method: 'GET', url: '/login', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ method: 'GET', url: '/login?from=%2Fmy-day', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.body).toBe(LOGIN);
    for (const url of ['/login/other', '/loginx', '/']) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
      expect(response.body, url).toBe(INDEX);
    }
  });

  it('answers an unknown API path with a problem, not the page', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('ROUTE_NOT_FOUND');
  });
});
