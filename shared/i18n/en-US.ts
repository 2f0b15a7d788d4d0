import { zhCN, type MessageKey } from './zh-CN';

export const enUS: Record<MessageKey, string> = { ...zhCN };
