import { describe, expect, it } from 'vitest';
import { orgSettingsSchema } from '../../../shared/settings';
import { DEFAULT_CALENDARS, defaultPolicies } from './templates';

describe('the seeded SLA policies and calendars', () => {
  it('are named in words a user knows, without requirement codes', () => {
    const calendars = { office: 'c1', field: 'c2', allday: 'c3' };
    const names = [...defaultPolicies(orgSettingsSchema.parse({}), calendars).map((p) => p.name), ...DEFAULT_CALENDARS.map((c) => c.name)];
    expect(names.filter((n) => /(?<![A-Za-z0-9])[WMRHECADTPS]\d{1,2}(?![0-9])/.test(n))).toEqual([]);
    expect(names).toContain('紧急报修：立即派本部维修人员');
  });
});
