/**
 * The `contractors` phase (issue 11): the monthly repair report of a project with 10,000
 * tickets, on a server on embedded PGlite: the report in the browser's form (JSON) and its
 * Excel export, each timed from request to last byte (target: each under 5 s).
 *   BENCH_CONTRACTORS_TICKETS=10000   the project's tickets in the month
 */
import { api, type RunningServer } from './server';
import { PHASE_RENDERERS, type CodeIdentity, type PhaseRecord, type Row } from './report';

export const CONTRACTORS_TARGET_SECONDS = 5;
const TRADES = ['waterproofing', 'plumbing', 'electrical', 'doors_windows', 'walls_floors', 'facade'] as const;

interface ContractorsData {
  tickets: number;
  seedSeconds: number;
  reportSeconds: number;
  exportSeconds: number;
  exportBytes: number;
}

export async function phaseContractors(ctx: {
  log: (line: string) => void;
  serve: (label: string, dataDir: string) => Promise<RunningServer & { token: string; code: CodeIdentity }>;
  tempDir: (label: string) => string;
}): Promise<PhaseRecord> {
  const tickets = Number(process.env.BENCH_CONTRACTORS_TICKETS ?? 10_000);
  const server = await ctx.serve('contractors', ctx.tempDir('contractors'));
  const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => api<T>(server.origin, server.token, method, path, body);
  const estate = '翠湖花园';
  const buildings = Array.from({ length: 20 }, (_, i) => `${i + 1}栋`);
  let started = performance.now();
  // Six contractors, one per trade, responsible for every building.
  for (const [i, trade] of TRADES.entries()) {
    const { id } = await call<{ id: string }>('POST', '/api/v1/contractors', { name: `施工单位${i + 1}`, repairPhone: `1380000000${i}`, responsiblePerson: `负责人${i + 1}` });
    for (const building of buildings) await call('POST', `/api/v1/contractors/${id}/responsibilities`, { estate, building, trade, warrantyEndsOn: '2035-12-31' });
  }
  const owners: { id: string; addressId: string }[] = [];
  for (let i = 0; i < 200; i++) {
    const c = await call<{ id: string; addresses: { id: string }[] }>('POST', '/api/v1/customers', {
      name: `业主${i}`,
      phone: `139${String(10_000_000 + i * 7919).slice(-8)}`,
      address: { city: '深圳', line: `翠湖路 ${i} 号`, estate, building: buildings[i % buildings.length], unit: `${(i % 4) + 1}单元`, room: `${1000 + i}` },
    });
    owners.push({ id: c.id, addressId: c.addresses[0]!.id });
  }
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < tickets; n = next++) {
      const owner = owners[n % owners.length]!;
      await call('POST', '/api/v1/tickets', {
        customerId: owner.id,
        addressId: owner.addressId,
        channel: 'phone',
        description: `报修 ${n}`,
        trade: TRADES[n % TRADES.length],
        estimatedValueFen: (n % 20) * 100_00,
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const seedSeconds = (performance.now() - started) / 1000;
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const query = `estate=${encodeURIComponent(estate)}&month=${month}`;

  started = performance.now();
  const report = await call<{ totals: { tickets: number } }>('GET', `/api/v1/contractor-reports/monthly?${query}`);
  const reportSeconds = (performance.now() - started) / 1000;
  if (report.totals.tickets !== tickets) throw new Error(`contractors: the report counted ${report.totals.tickets} tickets, not ${tickets}`);

  started = performance.now();
  const exported = await fetch(`${server.origin}/api/v1/contractor-reports/monthly.xlsx?${query}`, { headers: { authorization: `Bearer ${server.token}` } });
  const bytes = await exported.arrayBuffer();
  const exportSeconds = (performance.now() - started) / 1000;
  if (exported.status !== 200) throw new Error(`contractors: export ${exported.status}`);
  await server.stop();

  const data: ContractorsData = { tickets, seedSeconds, reportSeconds, exportSeconds, exportBytes: bytes.byteLength };
  ctx.log(`contractors: ${tickets.toLocaleString('en')} tickets (seeded in ${seedSeconds.toFixed(1)} s); report ${reportSeconds.toFixed(2)} s; Excel ${exportSeconds.toFixed(2)} s (target < ${CONTRACTORS_TARGET_SECONDS} s each)`);
  if (reportSeconds >= CONTRACTORS_TARGET_SECONDS || exportSeconds >= CONTRACTORS_TARGET_SECONDS) {
    ctx.log('contractors: MISSED');
    process.exitCode = 1;
  }
  return { phase: 'contractors', at: new Date().toISOString(), seconds: reportSeconds + exportSeconds, data: data as unknown as Record<string, unknown>, code: server.code };
}

const s = (v: number) => `${v.toFixed(2)} s`;

PHASE_RENDERERS.contractors = {
  rows(raw): Row[] {
    const d = raw as unknown as ContractorsData;
    const met = d.reportSeconds < CONTRACTORS_TARGET_SECONDS && d.exportSeconds < CONTRACTORS_TARGET_SECONDS;
    return [
      {
        item: 'R9',
        measurement: `A project's monthly repair report with ${d.tickets.toLocaleString('en')} tickets on PGlite: the report (JSON) and its Excel export`,
        figure: `report ${s(d.reportSeconds)} · Excel ${s(d.exportSeconds)} (${(d.exportBytes / 1024).toFixed(0)} KiB)`,
        target: `each < ${CONTRACTORS_TARGET_SECONDS} s`,
        met: met ? '✅ met' : '❌ missed',
      },
    ];
  },
  headline(raw) {
    const d = raw as unknown as ContractorsData;
    return `monthly report of ${d.tickets.toLocaleString('en')} tickets ${s(d.reportSeconds)}, Excel ${s(d.exportSeconds)}`;
  },
};
