/**
 * The `parts-import` phase: a catalogue of 20,000 parts imported from Excel over HTTP into a
 * server on embedded PGlite (issue 9: under 30 s). Three steps are timed apart: the dry run
 * (upload, read the workbook, check every row against the catalogue), the import (the same
 * reading again, then one transaction with progress streamed back) and the export.
 *   BENCH_PARTS_IMPORT_ROWS=20000   the catalogue's size
 */
import ExcelJS from 'exceljs';
import { api, type RunningServer } from './server';
import { PHASE_RENDERERS, type CodeIdentity, type PhaseRecord, type Row } from './report';

export const PARTS_IMPORT_TARGET_SECONDS = 30;
const CATEGORIES = ['制动系统', '滤清器', '电气件', '油品', '易损件', '悬挂', '空调件', '车身附件'];
const UNITS = ['个', '套', '升', '米', '只'];

interface PartsImportData {
  rows: number;
  bytes: number;
  dryRunSeconds: number;
  importSeconds: number;
  /** What the server measured of the import's transaction alone. */
  transactionSeconds: number;
  exportSeconds: number;
  progressLines: number;
}

async function catalogue(rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('配件目录');
  sheet.addRow(['配件编号*', '名称*', '分类*', '单位*', '成本价(元)*', '零售价(元)*', '合同价(元)', '可按小数计量', '序列号管理', '已停产', '适用设备类型', '备注']);
  for (let i = 0; i < rows; i++) {
    const unit = UNITS[i % UNITS.length]!;
    const cost = 5 + ((i * 37) % 2000) + (i % 100) / 100;
    sheet.addRow([
      `BJ-${String(i).padStart(6, '0')}`,
      `配件${i} ${CATEGORIES[i % CATEGORIES.length]}用`,
      CATEGORIES[i % CATEGORIES.length],
      unit,
      cost,
      Math.round(cost * 180) / 100,
      i % 3 === 0 ? Math.round(cost * 150) / 100 : null,
      '',
      i % 50 === 0 && unit !== '升' && unit !== '米' ? '是' : '否',
      i % 40 === 0 ? '是' : '',
      i % 4 === 0 ? '车辆' : '',
      i % 10 === 0 ? '原厂件' : '',
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(origin: string, token: string, path: string, bytes: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'catalogue.xlsx');
  return fetch(`${origin}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
}

export async function phasePartsImport(ctx: {
  log: (line: string) => void;
  serve: (label: string, dataDir: string) => Promise<RunningServer & { token: string; code: CodeIdentity }>;
  tempDir: (label: string) => string;
}): Promise<PhaseRecord> {
  const rows = Number(process.env.BENCH_PARTS_IMPORT_ROWS ?? 20_000);
  const server = await ctx.serve('parts-import', ctx.tempDir('parts-import'));
  for (const name of CATEGORIES) await api(server.origin, server.token, 'POST', '/api/v1/part-categories', { name });
  const bytes = await catalogue(rows);
  ctx.log(`parts-import: ${rows.toLocaleString('en')} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MiB`);

  let started = performance.now();
  const check = await upload(server.origin, server.token, '/api/v1/parts/import/check', bytes);
  const report = (await check.json()) as { rows: number; creates: number; errors: unknown[] };
  const dryRunSeconds = (performance.now() - started) / 1000;
  if (check.status !== 200 || report.errors.length || report.creates !== rows) throw new Error(`parts-import dry run: ${check.status} ${JSON.stringify(report).slice(0, 300)}`);

  started = performance.now();
  const imported = await upload(server.origin, server.token, '/api/v1/parts/import', bytes);
  const lines = (await imported.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; created?: number; seconds?: number });
  const importSeconds = (performance.now() - started) / 1000;
  const done = lines.at(-1);
  if (imported.status !== 200 || done?.type !== 'done' || done.created !== rows) throw new Error(`parts-import: ${imported.status} ${JSON.stringify(done)}`);

  started = performance.now();
  const exported = await fetch(`${server.origin}/api/v1/parts/export.xlsx`, { headers: { authorization: `Bearer ${server.token}` } });
  await exported.arrayBuffer();
  const exportSeconds = (performance.now() - started) / 1000;
  await server.stop();

  const data: PartsImportData = { rows, bytes: bytes.length, dryRunSeconds, importSeconds, transactionSeconds: done.seconds ?? 0, exportSeconds, progressLines: lines.length - 1 };
  ctx.log(
    `parts-import: dry run ${dryRunSeconds.toFixed(1)} s; import ${importSeconds.toFixed(1)} s (transaction ${data.transactionSeconds.toFixed(1)} s, ${data.progressLines} progress lines); export ${exportSeconds.toFixed(1)} s (target import < ${PARTS_IMPORT_TARGET_SECONDS} s)`,
  );
  if (importSeconds >= PARTS_IMPORT_TARGET_SECONDS) {
    ctx.log(`parts-import: MISSED: ${importSeconds.toFixed(1)} s`);
    process.exitCode = 1;
  }
  return { phase: 'parts-import', at: new Date().toISOString(), seconds: importSeconds, data: data as unknown as Record<string, unknown>, code: server.code };
}

const s = (v: number) => `${v.toFixed(1)} s`;

PHASE_RENDERERS['parts-import'] = {
  rows(raw): Row[] {
    const d = raw as unknown as PartsImportData;
    return [
      {
        item: 'P2',
        measurement: `Catalogue import from Excel over HTTP, PGlite, ${d.rows.toLocaleString('en')} rows (${(d.bytes / 1024 / 1024).toFixed(1)} MiB): dry run, then import in one transaction with progress`,
        figure: `import ${s(d.importSeconds)} (transaction ${s(d.transactionSeconds)}) · dry run ${s(d.dryRunSeconds)} · export ${s(d.exportSeconds)}`,
        target: `import < ${PARTS_IMPORT_TARGET_SECONDS} s`,
        met: d.importSeconds < PARTS_IMPORT_TARGET_SECONDS ? '✅ met' : '❌ missed',
      },
    ];
  },
  headline(raw) {
    const d = raw as unknown as PartsImportData;
    return `${d.rows.toLocaleString('en')}-row catalogue import ${s(d.importSeconds)}`;
  },
};
