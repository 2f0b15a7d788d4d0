import { APPOINTMENT_TRANSITIONS, type AppointmentStatus } from '../../../shared/contracts/appointments';
import { AppError, invalidReference } from '../../errors';

/*
 * The refusals several use cases of the module share (booking by staff, booking online,
 * moving, the board's buttons, conversion to a ticket), so each reads the same everywhere.
 */

/** No place left in the slot, or the slot is closed. */
export function slotFull(detail: 'errors.detail.slotFull' | 'errors.detail.slotClosed' = 'errors.detail.slotFull') {
  return new AppError('SLOT_FULL', { detail, fields: [{ field: 'body.slotId', code: 'slot_full', message: detail }] });
}

/** No such slot, or one already over. */
export const slotNotFound = () => invalidReference('body.slotId', 'errors.detail.slotNotFound');

/** The appointment's status does not allow this; the answer says which moves it does allow. */
export function notAllowed(status: AppointmentStatus, action: string) {
  return new AppError('TRANSITION_NOT_ALLOWED', {
    detail: 'errors.detail.appointmentTransition',
    params: { status, action },
    extensions: { appointmentStatus: status, allowed: APPOINTMENT_TRANSITIONS[status] },
  });
}
