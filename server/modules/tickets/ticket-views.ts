import type { TicketListItem, TicketView } from '../../../shared/contracts/tickets';
import { can, transitionPermission } from '../../../shared/permissions';
import { allowedActions } from '../../../shared/ticket-lifecycle';
import { isExternal, type Actor } from '../identity';
import { formatAddress } from '../customers';
import { publicWarrantyReason } from './event-visibility';
import type { AddressRef, AssetRef, CustomerRef, ListRow, TicketRow } from './tickets.repository';

export interface Related {
  customer: CustomerRef | null;
  asset: AssetRef | null;
  crew: { id: string; name: string; isLead: boolean }[];
  address: AddressRef | null;
}

/** A ticket as the API shows it to this actor: customers and contractors see no internal figures or notes (S1). */
export function toTicketView(actor: Actor, row: TicketRow, related: Related): TicketView {
  const { customer, asset, crew, address } = related;
  const lead = crew.find((c) => c.id === row.assigneeId);
  const external = isExternal(actor);
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    channel: row.channel,
    priority: row.priority,
    emergency: row.emergency,
    status: row.status,
    holdReason: row.holdReason,
    customerId: row.customerId,
    customer: customer
      ? { id: customer.id, name: customer.name, companyName: customer.companyName, phones: customer.phones }
      : { id: row.customerId, name: '', companyName: null, phones: [] },
    assetId: row.assetId,
    asset: asset
      ? { id: asset.id, serialNumber: asset.serialNumber, productName: asset.productName, brand: asset.brand, model: asset.model, plate: asset.plate, kind: asset.kind }
      : null,
    addressId: row.addressId,
    address: address ? formatAddress(address) : null,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    description: row.description,
    estimatedValueFen: external ? null : row.estimatedValueFen,
    warranty: row.warranty,
    warrantyReason: external ? publicWarrantyReason(row.warrantyReason) : row.warrantyReason,
    warrantyEndsOn: row.warrantyEndsOn,
    humanDamage: row.humanDamage,
    trade: row.trade,
    contractorId: row.contractorId,
    assignee: lead ? { id: lead.id, name: lead.name } : null,
    crew,
    resolution: row.resolution,
    reworkCount: row.reworkCount,
    chaseCount: row.chaseCount,
    reportedAt: row.reportedAt,
    acceptedAt: row.acceptedAt,
    dispatchedAt: row.dispatchedAt,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    closedAt: row.closedAt,
    cancelledAt: row.cancelledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
    allowedActions: allowedActions(row.status).filter(
      (a) => can(actor.role, transitionPermission(a)) && (actor.role !== 'customer' || row.status === 'reported'),
    ),
  };
}

export function toListItem(r: ListRow): TicketListItem {
  return {
    id: r.id,
    number: r.number,
    type: r.type,
    channel: r.channel,
    priority: r.priority,
    emergency: r.emergency,
    status: r.status,
    customerId: r.customerId,
    customerName: r.customerName,
    assetId: r.assetId,
    assetLabel: r.assetId ? [r.assetProduct, r.assetPlate ?? r.assetSerial].filter(Boolean).join(' · ') : null,
    description: r.description,
    warranty: r.warranty,
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '' } : null,
    chaseCount: r.chaseCount,
    reportedAt: r.reportedAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
