import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import type { MessageKey } from '../../shared/i18n';
import { ApiError } from './api';
import { useI18n } from './i18n';

/**
 * Puts a problem's per-field errors on the form fields they name (`body.phone` → `phone`),
 * and answers the message to show for the rest. With `known`, the fields go on the form only
 * when every one is among them (a dialog that splits a server field in two shows the server's
 * words instead).
 */
export function applyProblem(form: FormInstance | undefined, error: unknown, fallback: string, known?: readonly string[]): string | null {
  if (!(error instanceof ApiError)) return fallback;
  const fieldErrors = error.problem.errors ?? [];
  if (known && fieldErrors.length && !fieldErrors.every((f) => known.includes(f.field))) {
    const messages = fieldErrors.map((f) => f.message).filter(Boolean);
    return messages.length ? messages.join('；') : (error.problem.detail ?? error.problem.title);
  }
  const onFields = fieldErrors.filter((e) => e.field.startsWith('body.'));
  if (form && onFields.length) {
    form.setFields(
      onFields.map((e) => ({ name: e.field.slice('body.'.length).split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), errors: [e.message] })),
    );
    if (onFields.length === fieldErrors.length) return null;
  }
  return error.problem.detail ?? error.problem.title;
}

export interface ProblemOptions {
  /** Server fields this form shows; see `applyProblem`. */
  known?: readonly string[];
  /** What to say when someone else changed the record first; by default "changed by someone else: refreshed, try again". */
  conflict?: MessageKey;
  /** After a conflict, e.g. to close the dialog whose data went stale. */
  onConflict?: () => void;
  /** What a conflict refreshes; by default every query on the screen. */
  refresh?: QueryKey[];
}

/**
 * The one answer to a failed request: field errors onto the form, the rest as a message, and a
 * version conflict (someone else saved first) refreshed and said so, so the user tries again
 * on what is there now. `onError: useProblemHandler(form)`.
 */
export function useProblemHandler(form?: FormInstance, options: ProblemOptions = {}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { known, conflict, onConflict, refresh } = options;
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        if (refresh) for (const queryKey of refresh) void client.invalidateQueries({ queryKey });
        else void client.invalidateQueries();
        message.warning(t(conflict ?? 'errors.conflictRefreshed'));
        onConflict?.();
        return;
      }
      const text = applyProblem(form, error, t('errors.INTERNAL'), known);
      if (text !== null) message.error(text);
    },
    [client, conflict, form, known, message, onConflict, refresh, t],
  );
}
