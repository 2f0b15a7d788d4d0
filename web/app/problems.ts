import type { FormInstance } from 'antd';
import { ApiError } from './api';

/**
 * Puts a problem's per-field errors on the form fields they name (`body.phone` → `phone`),
 * and answers the message to show for the rest.
 */
export function applyProblem(form: FormInstance | undefined, error: unknown, fallback: string): string | null {
  if (!(error instanceof ApiError)) return fallback;
  const fieldErrors = error.problem.errors ?? [];
  const onFields = fieldErrors.filter((e) => e.field.startsWith('body.'));
  if (form && onFields.length) {
    form.setFields(
      onFields.map((e) => ({ name: e.field.slice('body.'.length).split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), errors: [e.message] })),
    );
    if (onFields.length === fieldErrors.length) return null;
  }
  return error.problem.detail ?? error.problem.title;
}
