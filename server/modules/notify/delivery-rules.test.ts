import { describe, expect, it } from 'vitest';
import { backoffMs, quietUntil, renderMessage, sendableFrom, templateFor } from './delivery-rules';

const SH = 'Asia/Shanghai';
const quiet = { start: '22:00', end: '08:00' };

describe('delivery rules', () => {
  it('quiet hours across midnight end at the next 08:00 local; outside them nothing waits', () => {
    expect(quietUntil(new Date('2026-11-27T14:00:00Z'), quiet, SH)).toEqual(new Date('2026-11-28T00:00:00Z')); // 22:00
    expect(quietUntil(new Date('2026-11-27T19:00:00Z'), quiet, SH)).toEqual(new Date('2026-11-28T00:00:00Z')); // 03:00
    expect(quietUntil(new Date('2026-11-28T00:00:00Z'), quiet, SH)).toBeNull(); // 08:00
    expect(quietUntil(new Date('2026-11-27T13:59:00Z'), quiet, SH)).toBeNull(); // 21:59
    expect(quietUntil(new Date('2026-11-27T14:00:00Z'), { start: '08:00', end: '08:00' }, SH)).toBeNull();
    // Quiet within a day: 12:00 to 14:00.
    expect(quietUntil(new Date('2026-11-27T04:30:00Z'), { start: '12:00', end: '14:00' }, SH)).toEqual(new Date('2026-11-27T06:00:00Z'));
  });

  it('breaches are sent in quiet hours', () => {
    const night = new Date('2026-11-27T16:00:00Z');
    expect(sendableFrom(night, 'sla.breached', quiet, SH)).toEqual(night);
    expect(sendableFrom(night, 'sla.warning', quiet, SH)).toEqual(new Date('2026-11-28T00:00:00Z'));
  });

  it('backoff doubles from the first wait and stops at a day', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1) / 60_000)).toEqual([1, 2, 4, 8]);
    expect(backoffMs(30, 60)).toBe(24 * 3600_000);
  });

  it('a topic’s template, else the catch-all one', () => {
    expect(templateFor(['sla.breached=A', '*=B'], 'sla.breached')).toBe('A');
    expect(templateFor(['sla.breached=A', '*=B'], 'contact.retry')).toBe('B');
    expect(templateFor([], 'contact.retry')).toBeNull();
  });

  it('texts are zh-CN first; a missing parameter reads as a dash', () => {
    expect(renderMessage('sla.warning', {}, 'zh-CN', SH).subject).toBe('【时限预警】工单 — 即将超时');
    expect(renderMessage('sla.warning', { ticketNumber: 'BX-1' }, 'en-US', SH).subject).toBe('[SLA warning] Ticket BX-1 is nearly due');
  });
});
