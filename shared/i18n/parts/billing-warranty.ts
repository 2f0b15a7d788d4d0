/**
 * The warranty a repair itself carries (维修质保期, M8): its setting, its field on the charge and
 * its line in the ticket's history (billing module, server and web), zh-CN first.
 */
export const zhCN = {
  'billing.errors.notCharged': '该工单尚未生成收费单',
  'quotes.repairWarranty': '维修质保期（月）',
  'quotes.repairWarrantyEndsOn': '至 {day}（不含）',
  'quotes.repairWarrantyNone': '无质保',
  'event.charge.repair_warranty': '维修质保期设为 {months} 个月',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'billing.errors.notCharged': 'This ticket has not been charged yet',
  'quotes.repairWarranty': 'Repair warranty (months)',
  'quotes.repairWarrantyEndsOn': 'until {day} (exclusive)',
  'quotes.repairWarrantyNone': 'no warranty',
  'event.charge.repair_warranty': 'Repair warranty set to {months} months',
};
