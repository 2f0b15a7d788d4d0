/** appointments: slots and bookings (W3, A2) and the self-service booking link. */
export { createAppointmentService, type AppointmentService } from './appointments.service';
export { appointmentRoutes } from './appointments.routes';
export type { ConversionChoices, TicketConversion } from './conversion';
