import type { Readable } from 'node:stream';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { localDateTime } from '../../../shared/time';
import { keysetPages } from '../../db/keyset';
import { EXPORT_PAGE, streamSheet } from '../../http/xlsx';
import type { Actor } from '../identity';
import { attainment } from './sla-reports';
import type { SlaDeps } from './sla.deps';
import * as repo from './sla.repository';

/*
 * The SLA pages as Excel: the breach queue read by keyset and written as it is read, and the
 * attainment table (one row per metric, team and month, so it is small whatever the period).
 */

export async function exportBreaches(deps: SlaDeps, actor: Actor, locale: Locale, state: 'breached' | 'warning' | undefined): Promise<Readable> {
  const org = await deps.getOrganisation(actor.orgId);
  const now = deps.clock();
  const pages = keysetPages(
    (after: repo.BreachCursor | null, limit) => repo.findBreachQueue(deps.db, actor, { state, limit, after }, now),
    (last) => ({ dueAt: last.dueAt, ticketId: last.ticketId, metric: last.metric }),
    EXPORT_PAGE,
  );
  async function* rows() {
    for await (const page of pages) {
      yield page.map((r) => ({
        number: r.number,
        metric: enumLabel(locale, 'slaMetric', r.metric),
        state: enumLabel(locale, 'slaState', r.state),
        dueAt: r.dueAt ? localDateTime(r.dueAt, org.timeZone) : '',
        startedAt: r.startedAt ? localDateTime(r.startedAt, org.timeZone) : '',
        status: enumLabel(locale, 'status', r.ticketStatus),
        priority: enumLabel(locale, 'priority', r.priority),
        customer: r.customerName,
        assignee: r.assigneeName ?? '',
      }));
    }
  }
  return streamSheet(
    t(locale, 'nav.breaches'),
    [
      { key: 'number', header: t(locale, 'ticket.number'), width: 20 },
      { key: 'metric', header: t(locale, 'sla.metric'), width: 14 },
      { key: 'state', header: t(locale, 'export.sla.state'), width: 10 },
      { key: 'dueAt', header: t(locale, 'sla.dueAt'), width: 17 },
      { key: 'startedAt', header: t(locale, 'export.sla.startedAt'), width: 17 },
      { key: 'status', header: t(locale, 'ticket.status'), width: 10 },
      { key: 'priority', header: t(locale, 'ticket.priority'), width: 8 },
      { key: 'customer', header: t(locale, 'ticket.customer'), width: 24 },
      { key: 'assignee', header: t(locale, 'ticket.assignee'), width: 12 },
    ],
    rows(),
  );
}

export async function exportAttainment(deps: SlaDeps, actor: Actor, locale: Locale, range: { from: Date; to: Date }): Promise<Readable> {
  const rows = await attainment(deps, actor, range);
  async function* pages() {
    yield rows.map((r) => ({
      month: r.month,
      metric: enumLabel(locale, 'slaMetric', r.metric),
      team: r.team ?? t(locale, 'sla.noTeam'),
      met: r.met,
      breached: r.breached,
      // Percent, as the page shows it.
      attainment: r.attainmentBp === null ? null : Number((r.attainmentBp / 100).toFixed(2)),
    }));
  }
  return streamSheet(
    t(locale, 'nav.attainment'),
    [
      { key: 'month', header: t(locale, 'sla.month'), width: 10 },
      { key: 'metric', header: t(locale, 'sla.metric'), width: 14 },
      { key: 'team', header: t(locale, 'sla.team'), width: 16 },
      { key: 'met', header: t(locale, 'sla.met'), width: 8 },
      { key: 'breached', header: t(locale, 'sla.breached'), width: 8 },
      { key: 'attainment', header: t(locale, 'export.sla.attainmentPercent'), width: 10 },
    ],
    pages(),
  );
}
