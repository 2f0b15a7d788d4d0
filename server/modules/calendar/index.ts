/** calendar: working calendars, China's statutory holidays and business-time arithmetic. */
export { createCalendarService, type CalendarService, type CalendarView } from './calendar.service';
export { BusinessCalendar } from './business-time';
export { buildCalendarSpec, type CalendarDefinition } from './calendar-spec';
export { calendarRoutes } from './calendar.routes';
