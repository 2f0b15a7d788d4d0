import type { CHECK_STATES, FUEL_LEVELS } from '../../../shared/workshop';
import { checkInGaps } from '../../../shared/workshop';
import type { MessageKey, MessageParams } from '../../../shared/i18n';
import type { Ticket } from '../../lib/queries/tickets';
import type { Workshop } from './api';
import type { DamagePoint } from './CarDiagram';

export interface FormValues {
  mileageKm?: number | null;
  fuelLevel?: (typeof FUEL_LEVELS)[number] | null;
  checklist: { item: string; state?: (typeof CHECK_STATES)[number]; note?: string | null }[];
  damagePoints: DamagePoint[];
  photoIds: string[];
  valuablesReminded: boolean;
  licenceChecked: boolean;
  phoneChecked: boolean;
  requests: { text: string; confirmed: boolean }[];
  remarks?: string | null;
}

/** The form starts from the current draft, or from the organisation's checklist and the ticket's own description. */
export function initialValues(ticket: Ticket, workshop: Workshop): FormValues {
  const c = workshop.checkIn;
  const byItem = new Map((c?.checklist ?? []).map((e) => [e.item, e]));
  return {
    mileageKm: c?.mileageKm ?? null,
    fuelLevel: c?.fuelLevel ?? null,
    checklist: workshop.checklistItems.map((item) => ({ item, state: byItem.get(item)?.state, note: byItem.get(item)?.note ?? null })),
    damagePoints: c?.damagePoints ?? [],
    photoIds: c?.photoIds ?? [],
    valuablesReminded: c?.valuablesReminded ?? false,
    licenceChecked: c?.licenceChecked ?? false,
    phoneChecked: c?.phoneChecked ?? false,
    requests: c?.requests ?? [{ text: ticket.description, confirmed: false }],
    remarks: c?.remarks ?? null,
  };
}

/** What the API takes: checklist rows not yet looked at are left out, so a draft can be partial. */
export function toBody(values: FormValues) {
  return {
    mileageKm: values.mileageKm ?? null,
    fuelLevel: values.fuelLevel ?? null,
    checklist: values.checklist.filter((c) => c.state).map((c) => ({ item: c.item, state: c.state!, note: c.note?.trim() || null })),
    damagePoints: values.damagePoints.map((p) => ({ ...p, note: p.note.trim() })),
    photoIds: values.photoIds,
    valuablesReminded: values.valuablesReminded,
    licenceChecked: values.licenceChecked,
    phoneChecked: values.phoneChecked,
    requests: values.requests.filter((r) => r.text?.trim()).map((r) => ({ text: r.text.trim(), confirmed: !!r.confirmed })),
    remarks: values.remarks?.trim() || null,
  };
}

/**
 * A3: the same gaps the server refuses to sign with (`checkInGaps`), as errors on the form's
 * fields, so the customer is handed the pad only for a complete check-in. A request's row on the
 * form counts its empty lines, which the body leaves out.
 */
export function gapsOnForm(values: FormValues, checklist: readonly string[], say: (key: MessageKey, params?: MessageParams) => string, itemLabel: (item: string) => string) {
  const rows = values.requests.flatMap((r, i) => (r.text?.trim() ? [i] : []));
  const problems = checkInGaps(toBody(values), checklist).map((gap) => {
    const [field, index, rest] = gap.field.split('.');
    const name = index !== undefined ? [field!, rows[Number(index)]!, rest!] : [field!];
    return { name, errors: [gap.items ? say(gap.message, { items: gap.items.map(itemLabel).join(say('common.listSeparator')) }) : say(gap.message)] };
  });
  const checked = [['mileageKm'], ['fuelLevel'], ['checklist'], ['valuablesReminded'], ['licenceChecked'], ['phoneChecked'], ['requests'], ...values.requests.map((_, i) => ['requests', i, 'confirmed'])];
  return { problems, cleared: checked.map((name) => ({ name, errors: [] as string[] })) };
}
