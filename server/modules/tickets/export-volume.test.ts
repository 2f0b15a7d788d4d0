import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer } from '../../test/fixtures';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { caller } from '../../test/http';

/*
 * The ticket export at volume: thousands of tickets (100,000 with EXPORT_VOLUME_ROWS=100000),
 * seeded set-wise in SQL (through the services it would take many minutes), exported whole
 * through the route. Reported instants repeat in threes
 * so that the keyset pages also split runs of equal instants.
 */

/** 100,000 by default is minutes of seeding on a shared machine: the suite runs 5,000 (three keyset pages); EXPORT_VOLUME_ROWS=100000 runs the full measurement. */
const N = Number(process.env.EXPORT_VOLUME_ROWS ?? 5_000);
let h: AppHarness;

beforeAll(async () => {
  h = await createAppHarness({ clock: fixedClock('2026-11-26T01:00:00Z') });
  const owner = await customer(h, { name: '批量客户' });
  await h.database.db.execute(sql`
    insert into tickets (org_id, id, number, channel, customer_id, description, reported_at, created_by)
    select ${h.orgId}::uuid, gen_random_uuid(), 'EX-' || lpad(i::text, 6, '0'), 'phone', ${owner.id}::uuid, '批量工单 ' || i,
           timestamptz '2026-11-25 00:00:00+00' - make_interval(secs => (i / 3)), ${h.admin.userId}::uuid
    from generate_series(1, ${N}) as g(i)`);
}, 300_000);
afterAll(async () => {
  await h?.close();
});

describe('the ticket export at volume', () => {
  it(`exports all ${N.toLocaleString('en')} tickets, newest first, each once, without a row cap`, async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const response = await caller(h.app, h.adminToken)('GET', '/api/v1/tickets/export.xlsx');
    const seconds = (performance.now() - started) / 1000;
    const heapAfter = process.memoryUsage().heapUsed;
    expect(response.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(N + 1);
    const numbers: string[] = [];
    sheet.eachRow((row, i) => {
      if (i > 1) numbers.push(String(row.getCell(1).value));
    });
    expect(new Set(numbers).size).toBe(N);
    // Newest first: the instants fall by a second every three tickets, EX-000001 and EX-000002 the newest.
    expect(numbers.slice(0, 2).sort()).toEqual(['EX-000001', 'EX-000002']);
    expect(numbers.slice(2, 5).sort()).toEqual(['EX-000003', 'EX-000004', 'EX-000005'].sort());
    const oldest = Array.from({ length: N }, (_, k) => k + 1).filter((i) => Math.floor(i / 3) === Math.floor(N / 3));
    expect(numbers.slice(-oldest.length).sort()).toEqual(oldest.map((i) => `EX-${String(i).padStart(6, '0')}`));
    console.info(`ticket export: ${N} rows, ${(response.rawPayload.length / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s; heap ${(heapBefore / 1e6).toFixed(0)} → ${(heapAfter / 1e6).toFixed(0)} MB`);
  }, 300_000);
});
