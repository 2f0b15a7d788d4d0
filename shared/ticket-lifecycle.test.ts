import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TICKET_ACTIONS, TICKET_STATUSES, type TicketStatus } from './domain';
import { allowedActions, decideTransition, FINAL_STATUSES, isIn, OPEN_STATUSES, TRANSITIONS, VISITED_STATUSES } from './ticket-lifecycle';

const at = (status: TicketStatus, extra: Partial<{ heldFrom: TicketStatus; assigneeId: string }> = {}) => ({
  status,
  heldFrom: extra.heldFrom ?? null,
  assigneeId: extra.assigneeId ?? null,
});

describe('ticket lifecycle', () => {
  it('walks the whole repair path from reported to closed', () => {
    let state = at('reported');
    const steps = [
      { action: 'accept', to: 'accepted' },
      { action: 'dispatch', technicianId: 't1', to: 'dispatched' },
      { action: 'start', to: 'in_progress' },
      { action: 'hold', reason: '等配件', to: 'on_hold' },
      { action: 'resume', to: 'in_progress' },
      { action: 'complete', to: 'completed' },
      { action: 'close', to: 'closed' },
    ] as const;
    for (const step of steps) {
      const decision = decideTransition(state, step);
      expect(decision).toMatchObject({ ok: true, from: state.status, to: step.to });
      state = { ...state, status: step.to, heldFrom: step.to === 'on_hold' ? state.status : null };
    }
  });

  it('H3: a fault solved on the phone closes without a visit, and must say how', () => {
    expect(decideTransition(at('reported'), { action: 'close' })).toEqual({ ok: false, code: 'VALIDATION_FAILED', field: 'reason' });
    expect(decideTransition(at('accepted'), { action: 'close', reason: '电话指导复位后恢复正常' })).toMatchObject({ ok: true, to: 'closed' });
  });

  it('resume returns a held ticket to where it was held', () => {
    expect(decideTransition(at('on_hold', { heldFrom: 'dispatched' }), { action: 'resume' })).toMatchObject({ ok: true, to: 'dispatched' });
    expect(decideTransition(at('on_hold', { heldFrom: 'in_progress' }), { action: 'resume' })).toMatchObject({ ok: true, to: 'in_progress' });
  });

  it('reopen sends rework back to the technician, or to dispatch when nobody was assigned', () => {
    expect(decideTransition(at('completed', { assigneeId: 'u1' }), { action: 'reopen', reason: '返修' })).toMatchObject({ ok: true, to: 'dispatched', rework: true });
    expect(decideTransition(at('closed'), { action: 'reopen', reason: '返修' })).toMatchObject({ ok: true, to: 'accepted', rework: true });
  });

  it('dispatch needs a technician, and a re-dispatch needs a reason', () => {
    expect(decideTransition(at('accepted'), { action: 'dispatch' })).toEqual({ ok: false, code: 'VALIDATION_FAILED', field: 'technicianId' });
    expect(decideTransition(at('dispatched'), { action: 'dispatch', technicianId: 't2' })).toEqual({ ok: false, code: 'VALIDATION_FAILED', field: 'reason' });
    expect(decideTransition(at('dispatched'), { action: 'dispatch', technicianId: 't2', reason: '原技师请假' })).toMatchObject({ ok: true });
  });

  it('refuses what the state does not allow', () => {
    expect(decideTransition(at('reported'), { action: 'complete' })).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(decideTransition(at('cancelled'), { action: 'accept' })).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('allows exactly the actions the table lists, for every state and action', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TICKET_STATUSES), fc.constantFrom(...TICKET_ACTIONS), (status, action) => {
        const decision = decideTransition(at(status, { heldFrom: 'accepted', assigneeId: 'u' }), { action, technicianId: 't', reason: 'r' });
        expect(decision.ok).toBe(TRANSITIONS[action].from.includes(status));
        expect(allowedActions(status).includes(action)).toBe(decision.ok);
      }),
    );
  });

  it('leaves a cancelled ticket with no way forward, and a closed one only reopen', () => {
    expect(allowedActions('cancelled')).toEqual([]);
    expect(allowedActions('closed')).toEqual(['reopen']);
    expect(FINAL_STATUSES).toEqual(['closed', 'cancelled']);
  });
});

describe('status groups', () => {
  it('open and final statuses split every status between them', () => {
    const all = new Set<string>([...OPEN_STATUSES, ...FINAL_STATUSES]);
    expect([...all].sort()).toEqual([...TICKET_STATUSES].sort());
    expect(OPEN_STATUSES.some((s) => (FINAL_STATUSES as readonly string[]).includes(s))).toBe(false);
  });

  it('a visited ticket is one someone was sent to: no action leads from a visited status back to an unvisited one but reopening or sending back to the queue', () => {
    for (const status of VISITED_STATUSES) {
      for (const action of allowedActions(status)) {
        const decision = decideTransition(at(status, { heldFrom: 'in_progress', assigneeId: 't1' }), { action, technicianId: 't1', reason: 'x' });
        if (!decision.ok || isIn(VISITED_STATUSES, decision.to)) continue;
        expect(['cancel', 'reopen', 'hold', 'resume']).toContain(action);
      }
    }
  });
});
