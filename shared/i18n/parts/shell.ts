/** The browser tab's title of pages that have no menu entry of their own, zh-CN first. */
export const zhCN = {
  'title.login': '登录',
  'title.asset': '设备档案',
};

export const enUS: Record<keyof typeof zhCN, string> = {
  'title.login': 'Sign in',
  'title.asset': 'Asset',
};
