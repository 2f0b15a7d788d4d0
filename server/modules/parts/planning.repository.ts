import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { assetRefs } from '../assets';
import { customerRefs } from '../customers';
import { people } from '../identity';
import { ticketRefs } from '../tickets';
import { qty } from './parts.repository';

/**
 * Planning's reads (C4, C5, C6). Consumption is the ledger's 'consume' lines (units leaving a
 * van into a job: the negative side); who, what product and which customer come through the
 * tickets' and assets' published views.
 */

export interface ReorderRow {
  part_id: string;
  part_number: string;
  part_name: string;
  unit: string;
  cost_price_fen: number;
  location_id: string;
  location_name: string;
  reorder_point: string | number;
  reorder_quantity: string | number;
  on_hand: string | number;
  reserved: string | number;
  in_transit: string | number;
}

export async function listReorderRules(db: Db, orgId: string, query: { locationId?: string | undefined; partId?: string | undefined }): Promise<ReorderRow[]> {
  const filters: SQL[] = [sql`r.org_id = ${orgId}`];
  if (query.locationId) filters.push(sql`r.location_id = ${query.locationId}`);
  if (query.partId) filters.push(sql`r.part_id = ${query.partId}`);
  return queryRows<ReorderRow>(
    db,
    sql`select r.part_id, p.number as part_number, p.name as part_name, p.unit, p.cost_price_fen, r.location_id, l.name as location_name,
               r.reorder_point, r.reorder_quantity,
               coalesce(b.on_hand, 0) as on_hand, coalesce(b.reserved, 0) as reserved, coalesce(b.in_transit, 0) as in_transit
        from reorder_rules r
        join parts p on p.org_id = r.org_id and p.id = r.part_id
        join stock_locations l on l.org_id = r.org_id and l.id = r.location_id
        left join stock_balances b on b.org_id = r.org_id and b.part_id = r.part_id and b.location_id = r.location_id
        where ${sql.join(filters, sql` and `)}
        order by l.name, p.number
        limit 20000`,
  );
}

export async function upsertReorderRule(db: Db, orgId: string, rule: { partId: string; locationId: string; reorderPoint: number; reorderQuantity: number }) {
  await queryRows(
    db,
    sql`insert into reorder_rules (org_id, part_id, location_id, reorder_point, reorder_quantity)
        values (${orgId}, ${rule.partId}, ${rule.locationId}, ${qty(rule.reorderPoint)}::numeric, ${qty(rule.reorderQuantity)}::numeric)
        on conflict (org_id, part_id, location_id) do update set reorder_point = excluded.reorder_point, reorder_quantity = excluded.reorder_quantity`,
  );
}

export async function deleteReorderRule(db: Db, orgId: string, partId: string, locationId: string): Promise<boolean> {
  const rows = await queryRows<{ part_id: string }>(
    db,
    sql`delete from reorder_rules where org_id = ${orgId} and part_id = ${partId} and location_id = ${locationId} returning part_id`,
  );
  return rows.length > 0;
}

export interface HoldingRow {
  part_id: string;
  part_number: string;
  part_name: string;
  category: string;
  unit: string;
  cost_price_fen: number;
  location_id: string;
  location_name: string;
  on_hand: string | number;
  last_consumed_at: Date | string | null;
  first_stocked_at: Date | string | null;
}

/** Stock on hand with its part's last consumption anywhere and when the part first came into stock. */
export async function holdings(db: Db, orgId: string, query: { locationId?: string | undefined }): Promise<HoldingRow[]> {
  const filters: SQL[] = [sql`b.org_id = ${orgId}`, sql`b.on_hand > 0`];
  if (query.locationId) filters.push(sql`b.location_id = ${query.locationId}`);
  return queryRows<HoldingRow>(
    db,
    sql`with used as (
          select part_id, max(last_consumed_at) as last_consumed_at from stock_balances where org_id = ${orgId} group by part_id),
        stocked as (
          select part_id, min(at) as first_stocked_at from stock_moves where org_id = ${orgId} and on_hand_delta > 0 group by part_id)
        select b.part_id, p.number as part_number, p.name as part_name, c.name as category, p.unit, p.cost_price_fen,
               b.location_id, l.name as location_name, b.on_hand, u.last_consumed_at, s.first_stocked_at
        from stock_balances b
        join parts p on p.org_id = b.org_id and p.id = b.part_id
        join part_categories c on c.org_id = p.org_id and c.id = p.category_id
        join stock_locations l on l.org_id = b.org_id and l.id = b.location_id
        left join used u on u.part_id = b.part_id
        left join stocked s on s.part_id = b.part_id
        where ${sql.join(filters, sql` and `)}`,
  );
}

export interface SubjectUsageRow {
  subject: 'technician' | 'product' | 'customer';
  subject_id: string;
  part_id: string;
  month: string;
  quantity: string | number;
}

/**
 * Consumption on tickets per month (in the organisation's zone) from `from` on, by the
 * ticket's lead technician, its asset's product and its customer.
 */
export async function usageBySubject(db: Db, orgId: string, from: Date, timeZone: string): Promise<SubjectUsageRow[]> {
  return queryRows<SubjectUsageRow>(
    db,
    sql`with used as (
          select m.part_id, to_char(m.at at time zone ${timeZone}, 'YYYY-MM') as month, -m.on_hand_delta as quantity,
                 t.assignee_id, t.customer_id, a.product_id
          from stock_moves m
          join ${ticketRefs} t on t.org_id = m.org_id and t.id = m.ticket_id
          left join ${assetRefs} a on a.org_id = t.org_id and a.id = t.asset_id
          where m.org_id = ${orgId} and m.kind = 'consume' and m.on_hand_delta < 0 and m.ticket_id is not null and m.at >= ${from})
        select 'technician' as subject, assignee_id as subject_id, part_id, month, sum(quantity) as quantity from used where assignee_id is not null group by assignee_id, part_id, month
        union all
        select 'product', product_id, part_id, month, sum(quantity) from used where product_id is not null group by product_id, part_id, month
        union all
        select 'customer', customer_id, part_id, month, sum(quantity) from used group by customer_id, part_id, month`,
  );
}

export async function subjectNames(db: Db, orgId: string, ids: { technician: string[]; product: string[]; customer: string[] }) {
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from ${people} where org_id = ${orgId} and id = any(${sql.param(ids.technician)}::uuid[])
        union all
        select id, name from ${customerRefs} where org_id = ${orgId} and id = any(${sql.param(ids.customer)}::uuid[])
        union all
        select distinct on (product_id) product_id as id, coalesce(product_name, concat_ws(' ', brand, model)) as name
        from ${assetRefs} where org_id = ${orgId} and product_id = any(${sql.param(ids.product)}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function partNames(db: Db, orgId: string, ids: readonly string[]) {
  const rows = await queryRows<{ id: string; number: string; name: string; unit: string }>(
    db,
    sql`select id, number, name, unit from parts where org_id = ${orgId} and id = any(${sql.param([...ids])}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export interface MonthlyConsumptionRow {
  part_id: string;
  part_number: string;
  part_name: string;
  category_id: string;
  category: string;
  unit: string;
  cost_price_fen: number;
  month: string;
  quantity: string | number;
}

/** Consumption per part and month (in the organisation's zone) from `from` until `to`, for every part consumed then. */
export async function monthlyConsumption(db: Db, orgId: string, from: Date, to: Date, timeZone: string, categoryId?: string): Promise<MonthlyConsumptionRow[]> {
  return queryRows<MonthlyConsumptionRow>(
    db,
    sql`select m.part_id, p.number as part_number, p.name as part_name, p.category_id, c.name as category, p.unit, p.cost_price_fen,
               to_char(m.at at time zone ${timeZone}, 'YYYY-MM') as month, sum(-m.on_hand_delta) as quantity
        from stock_moves m
        join parts p on p.org_id = m.org_id and p.id = m.part_id
        join part_categories c on c.org_id = p.org_id and c.id = p.category_id
        where m.org_id = ${orgId} and m.kind = 'consume' and m.on_hand_delta < 0 and m.at >= ${from} and m.at < ${to}
          ${categoryId ? sql`and p.category_id = ${categoryId}` : sql``}
        group by m.part_id, p.number, p.name, p.category_id, c.name, p.unit, p.cost_price_fen, month
        order by p.number, month`,
  );
}

/** Organisations with reorder rules: the daily job lists their suggestions. */
export async function organisationsWithRules(db: Db): Promise<string[]> {
  const rows = await queryRows<{ org_id: string }>(db, sql`select distinct org_id from reorder_rules`);
  return rows.map((r) => r.org_id);
}
