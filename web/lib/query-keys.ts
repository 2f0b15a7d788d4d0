/**
 * Query keys, one factory per feature, so a change in one feature refreshes what another shows
 * without either spelling the other's keys. Keys nest: everything shown about one ticket sits
 * under `ticketKeys.detail(id)`, so invalidating it refreshes the ticket, its timeline, its clocks,
 * its workshop and field work at once.
 */
export const ticketKeys = {
  /** Every ticket list, whatever its filter. */
  lists: ['tickets'] as const,
  list: (filter: object) => ['tickets', filter] as const,
  /** Everything under every ticket. */
  all: ['ticket'] as const,
  detail: (id: string) => ['ticket', id] as const,
  events: (id: string) => ['ticket', id, 'events'] as const,
  comments: (id: string) => ['ticket', id, 'comments'] as const,
  attachments: (id: string) => ['ticket', id, 'attachments'] as const,
};

export const slaKeys = {
  all: ['sla'] as const,
  clocks: (ticketId: string) => [...ticketKeys.detail(ticketId), 'sla'] as const,
  breaches: (state: string | undefined, page: number) => ['sla', 'breaches', state, page] as const,
  attainment: (from: string, to: string) => ['sla', 'attainment', from, to] as const,
  policies: ['sla', 'policies'] as const,
  recompute: ['sla', 'recompute'] as const,
  calendars: ['sla', 'calendars'] as const,
  calendarMonth: (id: string | undefined, month: string) => ['sla', 'calendars', id, month] as const,
  holidayYears: ['sla', 'holiday-years'] as const,
};

export const workshopKeys = {
  ofTicket: (ticketId: string) => [...ticketKeys.detail(ticketId), 'workshop'] as const,
};

export const fieldworkKeys = {
  day: (ticketId: string) => [...ticketKeys.detail(ticketId), 'field'] as const,
  signoffs: (ticketId: string) => [...ticketKeys.detail(ticketId), 'signoffs'] as const,
  /** Under the tickets' lists, so whatever refreshes them refreshes 我的一天 too. */
  myVisits: [...ticketKeys.lists, 'my-visits'] as const,
  timeEntries: ['time-entries'] as const,
  timeEntryList: (filter: object) => ['time-entries', filter] as const,
};

export const appointmentKeys = {
  all: ['appointments'] as const,
  board: (day: string, serviceType: string | null) => ['appointments', 'board', day, serviceType] as const,
  slots: (from: string, to: string) => ['appointments', 'slots', from, to] as const,
  templates: ['appointments', 'templates'] as const,
  bookingLink: ['appointments', 'booking-link'] as const,
  bookingRequests: ['appointments', 'booking-requests'] as const,
  technicians: ['appointments', 'technicians'] as const,
  publicPage: (token: string) => ['public-booking', token] as const,
  contactAttempts: (ticketId: string) => [...ticketKeys.detail(ticketId), 'contact-attempts'] as const,
  tasks: ['tasks'] as const,
  taskList: (status: string) => ['tasks', status] as const,
};

export const customerKeys = {
  lookups: ['lookup'] as const,
  lookup: (q: string) => ['lookup', q] as const,
  lists: ['customers'] as const,
  list: (filter: object) => ['customers', filter] as const,
  all: ['customer'] as const,
  detail: (id: string | undefined) => ['customer', id] as const,
};

export const assetKeys = {
  detail: (id: string) => ['asset', id] as const,
  documents: (id: string) => ['asset', id, 'documents'] as const,
  /** W2, E4: its maintenance plan and history. */
  maintenance: (id: string) => ['asset', id, 'maintenance'] as const,
};

export const dispatchKeys = {
  all: ['dispatch'] as const,
  boards: ['dispatch', 'board'] as const,
  board: (filter: object) => ['dispatch', 'board', filter] as const,
  suggestions: (ticketId: string | undefined, start: string | undefined, end: string | undefined) => ['dispatch', 'suggestions', ticketId, start, end] as const,
  /** A new visit's default start for a ticket and (optionally) a technician on a day. */
  nextFree: (ticketId: string | undefined, technicianId: string | undefined, day: string | undefined, minutes: number | undefined) => ['dispatch', 'next-free', ticketId, technicianId, day, minutes] as const,
  technicians: ['dispatch', 'technicians'] as const,
  technicianList: (filter: object) => ['dispatch', 'technicians', filter] as const,
  technician: (id: string) => ['dispatch', 'technician', id] as const,
  /** A ticket's planned visit (上门安排). */
  ticketVisit: (ticketId: string) => ['dispatch', 'visit', ticketId] as const,
  /** M1: a technician's grade and employment status over time. */
  grades: (id: string) => ['dispatch', 'technician', id, 'grades'] as const,
};

export const userKeys = {
  me: ['me'] as const,
  lists: ['users'] as const,
  list: (filter: object) => ['users', filter] as const,
  teams: ['teams'] as const,
  organisation: ['organisation'] as const,
  /** S3: sign-in locks the administrator sees and clears. */
  loginLocks: ['login-locks'] as const,
};

export const healthKeys = {
  health: ['health'] as const,
};
