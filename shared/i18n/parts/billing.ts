/**
 * The money of a job (billing module, server and web), zh-CN first. Each part of the module keeps
 * its words in its own file beside this one (`billing-quotes.ts`, `billing-payments.ts`,
 * `billing-rma.ts`); this file holds what they share: the settings and the menu.
 */
export const zhCN = {
  'settings.group.billing': '收费与返修',
  'settings.billing.quoteValidDays': '报价有效期（天）',
  'settings.billing.approvalLinkHours': '客户确认链接有效期（小时）',
  'settings.billing.travelPerKmFen': '市外交通费（每公里）',
  'settings.billing.travelFixedFen': '市外交通费（每次固定，0 表示按公里计）',
  'settings.billing.doaDays': '开箱不良判定期（交付或安装后天数）',
  'settings.billing.advanceReturnDays': '先行换货：故障件归还期限（天）',
  'settings.billing.ageingBucketDays': '应收账龄分段（天）',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'settings.group.billing': 'Charges & mail-in repair',
  'settings.billing.quoteValidDays': 'Quotes valid for (days)',
  'settings.billing.approvalLinkHours': 'Customer approval links valid for (hours)',
  'settings.billing.travelPerKmFen': 'Out-of-city travel (per km)',
  'settings.billing.travelFixedFen': 'Out-of-city travel (fixed per call-out; 0 = per km)',
  'settings.billing.doaDays': 'Dead on arrival within (days of delivery or installation)',
  'settings.billing.advanceReturnDays': 'Advance replacement: faulty unit due back within (days)',
  'settings.billing.ageingBucketDays': 'Receivables ageing columns (days)',
};
