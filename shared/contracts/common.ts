import { z } from 'zod';
import { isIsoDay } from '../time';
import { isPhone } from '../phone';

/**
 * Building blocks of the API's schemas, shared by the server (validation, OpenAPI) and the
 * web (form validation), so a form and the route it calls can never disagree.
 */
export const uuid = z.uuid();
export const isoDay = z.string().refine(isIsoDay, { params: { message: 'validation.invalidDate' } });
export const phone = z.string().trim().max(40).refine(isPhone, { params: { message: 'validation.invalidPhone' } });
export const shortText = (max = 100) => z.string().trim().min(1).max(max);
export const optionalText = (max = 500) => z.string().trim().max(max).nullish();

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Exact up to `totalLimit`; beyond it `totalExact` is false and `total` is a lower bound. */
    total: z.number().int(),
    totalExact: z.boolean().optional(),
    page: z.number().int().optional(),
    pageSize: z.number().int().optional(),
  });

export const idParams = z.object({ id: uuid });
export const instant = z.iso.datetime({ offset: true });
