import { describe, expect, it } from 'vitest';
import { signIn, suite } from './support';

/** A technician's profile in the browser: a skill is picked by its name and kept as the code tickets match. */
const s = suite('profile-');

describe('a technician’s profile', () => {
  it('offers asset kinds by name as skills and stores the kind a ticket is matched by', async () => {
    const api = s.api;
    const tech = await api<{ id: string }>('POST', '/api/v1/users', { username: 'wang', password: 'tech-password', name: '王师傅', role: 'technician' });
    const { page, errors } = await s.page({ onFailure: 'profile-failed' });
    await signIn(page);
    await page.goto(`/dispatch/technicians/${tech.id}`);
    await page.waitForSelector('[data-testid=profile-save]');
    await page.click('text=添加技能');
    await page.click('[data-testid=skill-line]');
    await page.keyboard.type('家电');
    await page.waitForSelector('.ant-select-item-option >> text=家电');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.click('[data-testid=profile-save]');
    await page.waitForSelector('text=已保存');
    await s.shot(page, 'skills');
    const profile = await api<{ skills: { productLine: string; level: number }[] }>('GET', `/api/v1/dispatch/technicians/${tech.id}`);
    expect(profile.skills).toEqual([{ productLine: 'appliance', level: 2 }]);
    // After a reload the skill reads as its name again.
    await page.reload();
    await page.waitForSelector('[data-testid=skill-line] >> text=家电');
    expect(errors).toEqual([]);
  });

  it('M1: an administrator records a promotion from a date, and the profile keeps the history', async () => {
    const api = s.api;
    const tech = await api<{ id: string }>('POST', '/api/v1/users', { username: 'liu', password: 'Grade-history-2026', name: '刘师傅', role: 'technician', grade: 'junior', employmentStatus: 'probation' });
    const { page, errors } = await s.page({ onFailure: 'profile-grade-failed' });
    await signIn(page);
    await page.goto(`/dispatch/technicians/${tech.id}`);
    await page.waitForSelector('[data-testid=grade-history] >> text=初级');
    await page.click('[data-testid=grade-effective-on]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2030-01-01');
    await page.keyboard.press('Enter');
    await page.click('[data-testid=grade-grade]');
    await page.click('.ant-select-item-option >> text=中级');
    await page.click('[data-testid=grade-status]');
    await page.click('.ant-select-item-option >> text=正式');
    await page.fill('input[placeholder=说明]', '年度考核通过');
    await page.click('[data-testid=grade-record]');
    await page.waitForSelector('[data-testid=grade-history] >> text=2030-01-01');
    await s.shot(page, 'grades');
    const history = await api<{ items: { effectiveOn: string; grade: string; employmentStatus: string; note: string | null }[] }>('GET', `/api/v1/users/${tech.id}/grades`);
    expect(history.items[0]).toMatchObject({ effectiveOn: '2030-01-01', grade: 'intermediate', employmentStatus: 'regular', note: '年度考核通过' });
    // Today the technician is still what they were: the change is due in 2030.
    const user = await api<{ grade: string; employmentStatus: string }>('GET', `/api/v1/users/${tech.id}`);
    expect(user).toMatchObject({ grade: 'junior', employmentStatus: 'probation' });
    expect(errors).toEqual([]);
  });
});
