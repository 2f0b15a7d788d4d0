/** Excel exports of the lists (tickets, breach queue, attainment, timesheets, customers), zh-CN first. */
export const zhCN = {
  'export.excel': '导出 Excel',
  'export.sla.state': '时限状态',
  'export.sla.startedAt': '开始计时',
  'export.sla.attainmentPercent': '达成率（%）',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'export.excel': 'Export to Excel',
  'export.sla.state': 'SLA state',
  'export.sla.startedAt': 'Clock started',
  'export.sla.attainmentPercent': 'Attainment (%)',
};
