/** The browser tab's title of pages that have no menu entry of their own, zh-CN first. */
export const zhCN = {
  'title.asset': '设备档案',
};

export const enUS: Record<keyof typeof zhCN, string> = {
  'title.asset': 'Asset',
};
