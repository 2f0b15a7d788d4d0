/** appointments: slots and bookings (W3, A2), the self-service booking link, calls to customers and follow-up tasks (H5, H6). */
export { createAppointmentService, type AppointmentService } from './appointments.service';
export { createContactService, type ContactService } from './contacts.service';
export { appointmentRoutes } from './appointments.routes';
