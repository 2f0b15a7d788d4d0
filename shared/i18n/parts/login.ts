/**
 * The login page's words: the first screen of a fresh phone loads these and no other catalogue
 * (web/lib/messages.ts); the rest come with the first page behind it.
 */
export const zhCN = {
  'app.name': '售后服务管理系统',
  'login.subtitle': '报修受理 · 派工 · 现场服务 · 回访',
  'login.username': '用户名',
  'login.password': '密码',
  'login.organisation': '机构代码',
  'login.submit': '登录',
  'title.login': '登录',
  'login.required': '请填写',
  'login.failed': '登录失败，请稍后再试',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'app.name': 'After-Sales Service Management',
  'login.subtitle': 'Intake · Dispatch · Field service · Callbacks',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.organisation': 'Organization code',
  'login.submit': 'Sign in',
  'title.login': 'Sign in',
  'login.required': 'Required',
  'login.failed': 'Sign-in failed; please try again',
};
