import { z } from 'zod';
import { idParams, uuid } from '../../../shared/contracts/common';
import { calendarBody, calendarMonthQuery, calendarMonthView, calendarView, exceptionBody, holidayYearBody, holidayYearView } from '../../../shared/contracts/sla';
import { isTimeZone } from '../../../shared/time';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import { AppError } from '../../errors';
import type { CalendarService } from './calendar.service';

function checkZone(timeZone: string) {
  if (!isTimeZone(timeZone)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.timeZone', code: 'invalid_value', message: 'validation.invalid' }] });
}

export function calendarRoutes(api: Api, calendars: CalendarService) {
  api.get('/api/v1/calendars', {
    config: { permission: 'sla.read' },
    schema: { tags: ['calendars'], summary: 'Working calendars with their own dated days', response: { 200: z.object({ items: z.array(calendarView) }) } },
    handler: async (request) => ({ items: await calendars.listCalendars(actorOf(request)) }),
  });

  api.post('/api/v1/calendars', {
    config: { permission: 'sla.manage' },
    schema: { tags: ['calendars'], body: calendarBody, response: { 201: calendarView } },
    handler: async (request, reply) => {
      checkZone(request.body.timeZone);
      return reply.code(201).send(await calendars.createCalendar(actorOf(request), request.body));
    },
  });

  api.get('/api/v1/calendars/:id', {
    config: { permission: 'sla.read' },
    schema: { tags: ['calendars'], params: idParams, response: { 200: calendarView } },
    handler: async (request, reply) => withETag(reply, await calendars.getCalendar(actorOf(request), request.params.id)),
  });

  api.put('/api/v1/calendars/:id', {
    config: { permission: 'sla.manage' },
    schema: { tags: ['calendars'], summary: 'Change a calendar (If-Match); open tickets are recomputed in the background', params: idParams, body: calendarBody, response: { 200: calendarView } },
    handler: async (request, reply) => {
      checkZone(request.body.timeZone);
      return withETag(reply, await calendars.updateCalendar(actorOf(request), request.params.id, ifMatchVersion(request), request.body));
    },
  });

  api.post('/api/v1/calendars/:id/exceptions', {
    config: { permission: 'sla.manage' },
    schema: { tags: ['calendars'], summary: 'Close or open a date on this calendar', params: idParams, body: exceptionBody, response: { 201: calendarView } },
    handler: async (request, reply) => reply.code(201).send(await calendars.addException(actorOf(request), request.params.id, request.body)),
  });

  api.delete('/api/v1/calendars/:id/exceptions/:exceptionId', {
    config: { permission: 'sla.manage' },
    schema: { tags: ['calendars'], params: z.object({ id: uuid, exceptionId: uuid }), response: { 200: calendarView } },
    handler: async (request) => calendars.removeException(actorOf(request), request.params.id, request.params.exceptionId),
  });

  api.get('/api/v1/calendars/:id/month', {
    config: { permission: 'sla.read' },
    schema: {
      tags: ['calendars'],
      summary: 'Each day of a month as the calendar sees it: open hours, holidays, make-up days',
      params: idParams,
      querystring: calendarMonthQuery,
      response: { 200: calendarMonthView },
    },
    handler: async (request) => calendars.monthOf(actorOf(request), request.params.id, request.query.month),
  });

  api.get('/api/v1/holiday-years', {
    config: { permission: 'sla.read' },
    schema: { tags: ['calendars'], summary: 'Statutory holiday years: shipped, and the organisation’s own', response: { 200: z.object({ items: z.array(holidayYearView) }) } },
    handler: async (request) => ({ items: await calendars.listYears(actorOf(request)) }),
  });

  api.put('/api/v1/holiday-years/:year', {
    config: { permission: 'sla.manage' },
    schema: { tags: ['calendars'], summary: 'Add or replace a holiday year', params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), body: holidayYearBody, response: { 200: holidayYearView } },
    handler: async (request) => {
      if (request.body.year !== request.params.year) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.year', code: 'invalid_value', message: 'validation.invalid' }] });
      }
      return calendars.putYear(actorOf(request), request.body);
    },
  });

  api.delete('/api/v1/holiday-years/:year', {
    config: { permission: 'sla.manage' },
    schema: { tags: ['calendars'], summary: 'Remove the organisation’s own year (the shipped one, if any, applies again)', params: z.object({ year: z.coerce.number().int() }), response: { 204: z.undefined() } },
    handler: async (request, reply) => {
      await calendars.deleteYear(actorOf(request), request.params.year);
      return reply.code(204).send();
    },
  });

  api.post('/api/v1/holiday-years/import', {
    config: { permission: 'sla.manage' },
    schema: { tags: ['calendars'], summary: 'Import holiday years from an ICS, CSV or XLSX file (multipart, field `file`, optional `source`)', response: { 200: z.object({ years: z.array(z.number()) }) } },
    handler: async (request) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const part = await request.file();
      if (!part) throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.noFile' });
      const bytes = await part.toBuffer();
      const sourceField = part.fields.source as { value?: unknown } | undefined;
      const source = typeof sourceField?.value === 'string' ? sourceField.value.slice(0, 200) : '';
      return calendars.importYears(actorOf(request), { bytes, fileName: part.filename, contentType: part.mimetype }, source);
    },
  });
}
