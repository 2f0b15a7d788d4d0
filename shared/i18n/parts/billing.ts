/**
 * The money of a job (billing module, server and web), zh-CN first. Each part of the module keeps
 * its words in its own file beside this one (`billing-quotes.ts`, `billing-payments.ts`,
 * `billing-rma.ts`); this file holds what they share: the settings and the menu.
 */
export const zhCN = {
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
};
