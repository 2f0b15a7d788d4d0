import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';

/** The settings page saves one tab at a time: the groups it sends replace theirs, the others stay. */
let h: AppHarness;

beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(async () => {
  await h?.close();
});

const asAdmin = (method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({ method, url, headers: { authorization: `Bearer ${h.adminToken}`, ...headers }, ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : {}) });

async function patch(body: unknown) {
  const org = await asAdmin('GET', '/api/v1/organisation');
  return asAdmin('PATCH', '/api/v1/organisation', body, { 'if-match': org.headers.etag as string });
}

describe('saving settings a group at a time', () => {
  it('replaces only the groups sent and keeps every other override', async () => {
    const whole = await patch({ settings: { pay: { commissionRateBp: 2_000 }, sla: { firstResponseMinutes: 45 }, billing: { quoteValidDays: 20 } } });
    expect(whole.statusCode, whole.body).toBe(200);

    const tab = await patch({ settingsGroups: { pay: { baseSalaryFen: { junior: { probation: 900_00 } } }, penalties: { wrongPhoneFen: 20_00 } } });
    expect(tab.statusCode, tab.body).toBe(200);
    const settings = tab.json().settings;
    expect(settings.pay.baseSalaryFen.junior.probation).toBe(900_00);
    expect(settings.penalties.wrongPhoneFen).toBe(20_00);
    // The pay group was replaced whole: its earlier commission override is gone, back to the default.
    expect(settings.pay.commissionRateBp).toBe(1_500);
    // Groups not sent keep their overrides.
    expect(settings.sla.firstResponseMinutes).toBe(45);
    expect(settings.billing.quoteValidDays).toBe(20);

    const reset = await patch({ settingsGroups: { sla: {} } });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().settings.sla.firstResponseMinutes).toBe(60);
    expect(reset.json().settings.billing.quoteValidDays).toBe(20);
    await patch({ settings: {} });
  });

  it('refuses an unknown key or a bad value in a group with the field named (400), and both forms at once', async () => {
    const unknown = await patch({ settingsGroups: { pay: { bonusFen: 1 } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(unknown.json().errors)).toContain('settingsGroups');

    const negative = await patch({ settingsGroups: { penalties: { wrongPhoneFen: -1 } } });
    expect(negative.statusCode).toBe(400);
    expect(JSON.stringify(negative.json().errors)).toContain('wrongPhoneFen');

    const both = await patch({ settings: {}, settingsGroups: { pay: {} } });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors).toMatchObject([{ field: 'body.settingsGroups' }]);
  });

  it('is refused to anyone without settings.manage', async () => {
    const org = await asAdmin('GET', '/api/v1/organisation');
    const response = await h.app.inject({ method: 'PATCH', url: '/api/v1/organisation', payload: { settingsGroups: { pay: {} } }, headers: { 'if-match': org.headers.etag as string } });
    expect(response.statusCode).toBe(401);
  });
});
