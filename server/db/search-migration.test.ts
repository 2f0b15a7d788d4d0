import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGIT_GRAM, indexTerms } from '../../shared/search-terms';
import { MIGRATIONS_DIR } from '../paths';
import { createHarness, type Harness } from '../test/harness';
import { asset, customer, reportedTicket } from '../test/fixtures';
import { queryRows } from './client';
import { searchColumns } from './search';

/*
 * The migration that added digit 4-grams to every row's search terms computes them in SQL from
 * `search_text`; here it runs on rows whose terms were written the way they were before it, and
 * must leave exactly what `indexTerms` answers now (the same terms in the same order).
 */

const TABLES = ['tickets', 'customers', 'assets'] as const;

function migrationStatements(): string[] {
  const file = readdirSync(MIGRATIONS_DIR).find((f) => f.endsWith('_search_digit_four_grams.sql'));
  if (!file) throw new Error('the search_digit_four_grams migration is missing');
  return readFileSync(join(MIGRATIONS_DIR, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The terms as the code before the migration wrote them: every term but the 4-grams, in order. */
const beforeMigration = (terms: string[]) => terms.filter((t) => [...t].length !== DIGIT_GRAM);

interface Row {
  id: string;
  search_terms: string[];
  search_text: string;
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

async function rowsOf(table: (typeof TABLES)[number]): Promise<Row[]> {
  return queryRows<Row>(h.database.db, sql`select id, search_terms, search_text from ${sql.identifier(table)} where org_id = ${h.orgId} order by id`);
}

async function setTerms(table: (typeof TABLES)[number], id: string, terms: string[], text: string) {
  // As a JSON array: both drivers pass it the same way.
  await h.database.db.execute(
    sql`update ${sql.identifier(table)} set search_terms = array(select json_array_elements_text(${JSON.stringify(terms)}::json)), search_text = ${text} where org_id = ${h.orgId} and id = ${id}`,
  );
}

async function migrate() {
  for (const statement of migrationStatements()) await h.database.db.execute(sql.raw(statement));
}

describe('the search_digit_four_grams migration', () => {
  it('gives rows written before it the terms the code writes now, on tickets, customers and assets', async () => {
    for (let i = 0; i < 6; i++) {
      const owner = await customer(h, { name: i % 2 ? `客户${i}` : `ACME 2026${i}`, phone: `1380013${String(8000 + i * 7).padStart(4, '0')}` });
      const machine = i % 3 ? await asset(h, owner.id, { serialNumber: `KFR-35GW/${i}0012345`, productName: '空调 5000 系列' }) : null;
      await reportedTicket(h, {
        customerId: owner.id,
        ...(machine ? { assetId: machine.id } : {}),
        description: ['卫生间漏水 门牌 7382', '分机 ４７２９，９９９９９', '编号 4723 与 1729', '空调不制冷', '电话 021-68881234 转 8001', '١٢٣٤ 5555555'][i]!,
      });
    }
    const written = new Map<string, Row[]>();
    for (const table of TABLES) {
      const rows = await rowsOf(table);
      expect(rows.length, table).toBeGreaterThan(0);
      written.set(table, rows);
      for (const r of rows) await setTerms(table, r.id, beforeMigration(r.search_terms), r.search_text);
    }
    // Some rows' terms did change: the digits were not indexed by 4-grams before.
    expect((await rowsOf('tickets')).some((r) => r.search_terms.length < written.get('tickets')!.find((w) => w.id === r.id)!.search_terms.length)).toBe(true);

    await migrate();
    for (const table of TABLES) expect(await rowsOf(table), table).toEqual(written.get(table));
    // Run again: nothing changes.
    await migrate();
    for (const table of TABLES) expect(await rowsOf(table), table).toEqual(written.get(table));
  });

  it('computes the same terms as indexTerms for any texts', async () => {
    const piece = fc.option(fc.string({ unit: fc.constantFrom(...'空调漏水张伟ABCabc0123456789０１２３٣٤ -/.'), maxLength: 40 }), { nil: null });
    const samples = fc.sample(fc.array(piece, { minLength: 1, maxLength: 5 }), { numRuns: 120, seed: 20261130 });
    const targets: { table: (typeof TABLES)[number]; id: string; expected: string[] }[] = [];
    let k = 0;
    for (const table of TABLES) {
      for (const r of await rowsOf(table)) {
        const texts = samples[k++ % samples.length]!;
        const { searchTerms, searchText } = searchColumns(...texts);
        expect(searchTerms).toEqual(indexTerms(...texts));
        await setTerms(table, r.id, beforeMigration(searchTerms), searchText);
        targets.push({ table, id: r.id, expected: searchTerms });
      }
    }
    // More rows than samples would reuse them; fewer leave samples unchecked, so add customers.
    while (k < samples.length) {
      const owner = await customer(h);
      const texts = samples[k++]!;
      const { searchTerms, searchText } = searchColumns(...texts);
      await setTerms('customers', owner.id, beforeMigration(searchTerms), searchText);
      targets.push({ table: 'customers', id: owner.id, expected: searchTerms });
    }
    await migrate();
    const now = new Map<string, string[]>();
    for (const table of TABLES) for (const r of await rowsOf(table)) now.set(`${table}:${r.id}`, r.search_terms);
    for (const t of targets) expect(now.get(`${t.table}:${t.id}`), `${t.table} ${t.id}`).toEqual(t.expected);
  });
});
