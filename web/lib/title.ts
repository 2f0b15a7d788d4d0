import { useEffect } from 'react';
import { useMatches } from 'react-router';
import type { MessageKey } from '../../shared/i18n';
import { useI18n } from './i18n';

/** What a route tells about itself: the message naming it in the browser's tab. */
export interface RouteHandle {
  title?: MessageKey;
}

/** Names the browser's tab after the deepest matched route that has a title: "工单 - 售后服务管理系统". */
export function useDocumentTitle() {
  const { t } = useI18n();
  const matches = useMatches();
  const key = [...matches].reverse().map((m) => (m.handle as RouteHandle | undefined)?.title).find(Boolean);
  const title = key ? `${t(key)} - ${t('app.name')}` : t('app.name');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
