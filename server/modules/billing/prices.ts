import { v7 as uuidv7 } from 'uuid';
import type { CustomerContractBody, CustomerContractView, LabourRateBody, LabourRateView, LabourUnit, PricesView } from '../../../shared/contracts/billing-quotes';
import { localDate } from '../../../shared/time';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, fieldError, invalidReference, notFound } from '../../errors';
import type { Actor, BillingDeps } from './billing.deps';
import * as repo from './prices.repository';

/*
 * Prices (prices.manage): the organisation's labour rates (E7: per hour and per person-day, by
 * asset kind, product line and grade where wanted), customers' contracts with their agreed
 * labour rates (R1), and travel from the settings (E7: in-city free, out of city per km or fixed).
 */

const rateView = (r: repo.LabourRateRow): LabourRateView => ({ id: r.id, unit: r.unit, assetKind: r.assetKind, productLine: r.productLine, grade: r.grade, rateFen: r.rateFen, version: r.version });

const contractView = ({ contract: c, customerName }: { contract: repo.ContractRow; customerName: string }): CustomerContractView => ({
  id: c.id,
  customerId: c.customerId,
  customerName,
  number: c.number,
  dayRateFen: c.dayRateFen,
  hourRateFen: c.hourRateFen,
  validFrom: c.validFrom,
  validTo: c.validTo,
  note: c.note,
  version: c.version,
});

export async function getPrices(deps: BillingDeps, actor: Actor): Promise<PricesView> {
  const [rates, contracts, org] = await Promise.all([repo.listRates(deps.db, actor.orgId), repo.listContracts(deps.db, actor.orgId), deps.getOrganisation(actor.orgId)]);
  return { rates: rates.map(rateView), contracts: contracts.map(contractView), travel: { perKmFen: org.settings.billing.travelPerKmFen, fixedFen: org.settings.billing.travelFixedFen } };
}

const rateColumns = (body: LabourRateBody) => ({ unit: body.unit, assetKind: body.assetKind ?? null, productLine: body.productLine ?? null, grade: body.grade ?? null, rateFen: body.rateFen });

export async function createRate(deps: BillingDeps, actor: Actor, body: LabourRateBody): Promise<LabourRateView> {
  return rateView(await repo.insertRate(deps.db, { orgId: actor.orgId, id: uuidv7(), ...rateColumns(body) }));
}

export async function updateRate(deps: BillingDeps, actor: Actor, id: string, version: number, body: LabourRateBody): Promise<LabourRateView> {
  return rateView(savedOrThrow(await repo.updateRate(deps.db, actor.orgId, id, version, { ...rateColumns(body), updatedAt: deps.clock() }), version));
}

export async function deleteRate(deps: BillingDeps, actor: Actor, id: string): Promise<void> {
  if (!(await repo.deleteRate(deps.db, actor.orgId, id))) throw notFound();
}

function checkContract(body: CustomerContractBody) {
  if (body.validFrom && body.validTo && body.validTo < body.validFrom) throw fieldError('body.validTo', 'billing.errors.validToBeforeFrom');
}

const contractColumns = (body: CustomerContractBody) => ({
  customerId: body.customerId,
  number: body.number,
  dayRateFen: body.dayRateFen ?? null,
  hourRateFen: body.hourRateFen ?? null,
  validFrom: body.validFrom ?? null,
  validTo: body.validTo ?? null,
  note: body.note ?? null,
});

async function saving<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string; cause?: { code?: string } }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505') {
      throw fieldError('body.number', 'billing.errors.contractNumberTaken', { code: 'taken' });
    }
    throw error;
  }
}

export async function createContract(deps: BillingDeps, actor: Actor, body: CustomerContractBody): Promise<CustomerContractView> {
  checkContract(body);
  if (!(await repo.customerExists(deps.db, actor.orgId, body.customerId))) throw invalidReference('body.customerId', 'errors.detail.customerNotFound');
  const id = uuidv7();
  await saving(() => repo.insertContract(deps.db, { orgId: actor.orgId, id, ...contractColumns(body) }));
  return contractView((await repo.findContract(deps.db, actor.orgId, id))!);
}

export async function updateContract(deps: BillingDeps, actor: Actor, id: string, version: number, body: CustomerContractBody): Promise<CustomerContractView> {
  checkContract(body);
  if (!(await repo.customerExists(deps.db, actor.orgId, body.customerId))) throw invalidReference('body.customerId', 'errors.detail.customerNotFound');
  await saving(async () => savedOrThrow(await repo.updateContract(deps.db, actor.orgId, id, version, { ...contractColumns(body), updatedAt: deps.clock() }), version));
  return contractView((await repo.findContract(deps.db, actor.orgId, id))!);
}

/** R1: the customer's contract in force on the organisation's today, if any (the newest when several). */
export async function contractInForce(db: Db, orgId: string, customerId: string, now: Date, timeZone: string) {
  const today = localDate(now, timeZone);
  const rows = await repo.listContracts(db, orgId, [customerId]);
  return rows.map((r) => r.contract).filter((c) => (!c.validFrom || c.validFrom <= today) && (!c.validTo || c.validTo >= today)).at(-1) ?? null;
}

/** E7: the best labour rate for a ticket's facts: the most specific one that fits, per unit. */
export async function bestRate(db: Db, orgId: string, unit: LabourUnit, facts: { assetKind: string | null; productLine: string | null; grade: string | null }) {
  const rates = (await repo.listRates(db, orgId)).filter(
    (r) => r.unit === unit && (!r.assetKind || r.assetKind === facts.assetKind) && (!r.productLine || r.productLine === facts.productLine) && (!r.grade || r.grade === facts.grade),
  );
  const specificity = (r: repo.LabourRateRow) => (r.assetKind ? 1 : 0) + (r.productLine ? 2 : 0) + (r.grade ? 1 : 0);
  return rates.sort((a, b) => specificity(b) - specificity(a))[0] ?? null;
}
