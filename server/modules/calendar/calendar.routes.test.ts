import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { caller, fieldsOf } from '../../test/http';

let h: AppHarness;
let api: ReturnType<typeof caller>;

beforeAll(async () => {
  h = await createAppHarness({ clock: fixedClock('2026-11-26T01:00:00Z') });
  api = caller(h.app, h.adminToken);
});
afterAll(async () => {
  await h?.close();
});

const office = { 1: [{ start: 540, end: 1080 }], 2: [{ start: 540, end: 1080 }], 3: [{ start: 540, end: 1080 }], 4: [{ start: 540, end: 1080 }], 5: [{ start: 540, end: 1080 }] };

/** A multipart body with one file, written out by hand. */
function csvUpload(text: string, fileName: string) {
  const boundary = 'CALENDAR-TEST';
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\n测试通知\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`,
  );
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('calendars', () => {
  it('makes a calendar, lists the default first, and moves the default to a new one that asks for it', async () => {
    const made = await api('POST', '/api/v1/calendars', { name: '华东服务日历', timeZone: 'Asia/Shanghai', weekly: office, isDefault: true, region: '华东' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ name: '华东服务日历', isDefault: true, region: '华东', team: null, version: 1, exceptions: [] });
    const items = (await api('GET', '/api/v1/calendars')).json().items as { id: string; isDefault: boolean }[];
    expect(items[0]!.id).toBe(made.json().id);
    expect(items.filter((c) => c.isDefault)).toHaveLength(1);
  });

  it('changes a calendar at the version it was read at: a stale version answers 409, an unknown calendar 404', async () => {
    const made = (await api('POST', '/api/v1/calendars', { name: '夜班', weekly: '24x7' })).json();
    const read = await api('GET', `/api/v1/calendars/${made.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBeDefined();
    const body = { name: '夜班（改）', weekly: office, team: '维修一组' };
    const changed = await api('PUT', `/api/v1/calendars/${made.id}`, body, { ifMatch: 1 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: '夜班（改）', team: '维修一组', version: 2, isDefault: false });
    const stale = await api('PUT', `/api/v1/calendars/${made.id}`, body, { ifMatch: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const unknown = await api('PUT', '/api/v1/calendars/01a22ac8-1fd9-764b-b441-561ce9ba50e4', body, { ifMatch: 1 });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a window that ends before it starts, naming the field', async () => {
    const response = await api('POST', '/api/v1/calendars', { name: '错的', weekly: { 3: [{ start: 600, end: 540 }] } });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response.json())).toEqual(['body.weekly.3.0.end']);
  });

  it('closes a day on one calendar, shows it in the month, and opens it again', async () => {
    const made = (await api('POST', '/api/v1/calendars', { name: '盘点日历', weekly: office })).json();
    const added = await api('POST', `/api/v1/calendars/${made.id}/exceptions`, { on: '2026-12-09', kind: 'closed' });
    expect(added.statusCode, added.body).toBe(201);
    const [exception] = added.json().exceptions as { id: string }[];
    expect(added.json().exceptions).toEqual([{ id: exception!.id, on: '2026-12-09', kind: 'closed' }]);

    const month = (await api('GET', `/api/v1/calendars/${made.id}/month?month=2026-12`)).json();
    expect(month.known).toBe(true);
    const day = (on: string) => month.days.find((d: { day: string }) => d.day === on);
    expect(day('2026-12-09')).toEqual({ day: '2026-12-09', windows: [], kind: 'exception', name: null });
    expect(day('2026-12-10')).toEqual({ day: '2026-12-10', windows: [{ start: 540, end: 1080 }], kind: 'open', name: null });
    expect(day('2026-12-12').kind).toBe('closed');

    const removed = await api('DELETE', `/api/v1/calendars/${made.id}/exceptions/${exception!.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().exceptions).toEqual([]);
    expect((await api('DELETE', `/api/v1/calendars/${made.id}/exceptions/${exception!.id}`)).statusCode).toBe(404);
    const reopened = (await api('GET', `/api/v1/calendars/${made.id}/month?month=2026-12`)).json();
    expect(reopened.days.find((d: { day: string }) => d.day === '2026-12-09').kind).toBe('open');
  });
});

describe('holiday years', () => {
  it('reports next year missing until the organisation adds it, and the shipped year again once its own is removed', async () => {
    expect(await h.services.calendars.missingYears(h.orgId)).toEqual([2027]);
    const year2027 = { year: 2027, source: '国办发明电〔2026〕1号', holidays: [{ from: '2027-01-01', to: '2027-01-03', name: '元旦' }], workdays: [] };
    const put = await api('PUT', '/api/v1/holiday-years/2027', year2027);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ ...year2027, custom: true });
    expect(await h.services.calendars.missingYears(h.orgId)).toEqual([]);

    const calendar = (await api('POST', '/api/v1/calendars', { name: '法定节假日', weekly: office })).json();
    const january = (await api('GET', `/api/v1/calendars/${calendar.id}/month?month=2027-01`)).json();
    expect(january.known).toBe(true);
    expect(january.days[0]).toEqual({ day: '2027-01-01', windows: [], kind: 'holiday', name: '元旦' });

    const replaced = await api('PUT', '/api/v1/holiday-years/2027', { ...year2027, source: '更正' });
    expect(replaced.json().source).toBe('更正');
    const years = (await api('GET', '/api/v1/holiday-years')).json().items as { year: number; custom: boolean }[];
    expect(years.filter((y) => y.year === 2027)).toEqual([{ ...year2027, source: '更正', custom: true }]);
    expect(years.find((y) => y.year === 2026)?.custom).toBe(false);

    expect((await api('DELETE', '/api/v1/holiday-years/2027')).statusCode).toBe(204);
    expect((await api('DELETE', '/api/v1/holiday-years/2027')).statusCode).toBe(404);
    expect((await api('PUT', '/api/v1/holiday-years/2026', { ...year2027, year: 2026 })).statusCode).toBe(200);
    expect((await api('DELETE', '/api/v1/holiday-years/2026')).statusCode).toBe(204);
    const shipped = (await api('GET', '/api/v1/holiday-years')).json().items.find((y: { year: number }) => y.year === 2026);
    expect(shipped.custom).toBe(false);
  });

  it('imports years from a table of days, and refuses a file with a day that is no date', async () => {
    const good = csvUpload('日期,类型,名称\n2028-01-01,休,元旦\n2028-01-08,班,元旦\n', 'holidays.csv');
    const imported = await h.app.inject({ method: 'POST', url: '/api/v1/holiday-years/import', headers: { authorization: `Bearer ${h.adminToken}`, ...good.headers }, payload: good.payload });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ years: [2028] });
    const years = (await api('GET', '/api/v1/holiday-years')).json().items as { year: number; source: string; custom: boolean }[];
    expect(years.find((y) => y.year === 2028)).toMatchObject({ source: '测试通知', custom: true, workdays: [{ on: '2028-01-08', name: '元旦' }] });

    const bad = csvUpload('2028-13-45,休,元旦\n', 'holidays.csv');
    const refused = await h.app.inject({ method: 'POST', url: '/api/v1/holiday-years/import', headers: { authorization: `Bearer ${h.adminToken}`, ...bad.headers }, payload: bad.payload });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('VALIDATION_FAILED');
  });
});
