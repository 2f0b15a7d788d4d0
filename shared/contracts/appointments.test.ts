import { describe, expect, it } from 'vitest';
import { readBack } from './appointments';

const booking = {
  id: '0192f0c4-7b3a-7d2e-9a51-2f8e4c6b1a01',
  status: 'booked' as const,
  slot: { id: '0192f0c4-7b3a-7d2e-9a51-2f8e4c6b1a02', day: '2026-12-03', start: '09:00', end: '11:00', startsAt: new Date('2026-12-03T01:00:00Z'), endsAt: new Date('2026-12-03T03:00:00Z'), serviceType: '保养', team: null },
  customer: { id: '0192f0c4-7b3a-7d2e-9a51-2f8e4c6b1a03', name: '陈女士' },
  requests: ['洗衣机年度保养', '检查排水管'],
  technician: { id: '0192f0c4-7b3a-7d2e-9a51-2f8e4c6b1a04', name: '王师傅' },
  discountBp: 1000,
};

describe('readBack', () => {
  it('A2: reads back the day and time, what the slot is for, each request in order, the technician and the promotion', () => {
    expect(readBack(booking)).toEqual({
      appointmentId: booking.id,
      day: '2026-12-03',
      start: '09:00',
      end: '11:00',
      serviceType: '保养',
      requests: ['洗衣机年度保养', '检查排水管'],
      technician: '王师傅',
      discountBp: 1000,
    });
  });

  it('A2: without a chosen technician it says so, and the same facts come from the view as the web receives it', () => {
    const wire = JSON.parse(JSON.stringify({ ...booking, technician: null, discountBp: 0 })) as typeof booking;
    expect(readBack(wire)).toMatchObject({ technician: null, discountBp: 0, start: '09:00', requests: booking.requests });
    // The read-back is a copy: changing it leaves the booking alone.
    const facts = readBack(booking);
    facts.requests.push('另一项');
    expect(booking.requests).toHaveLength(2);
  });
});
